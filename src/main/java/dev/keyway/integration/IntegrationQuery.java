package dev.keyway.integration;

/**
 * A page of the integrations grid (SPEC 2.2).
 *
 * @param name text the name must contain (case-insensitive), or null
 * @param status only this status, or null
 * @param sort the column to sort by
 * @param descending sort direction
 * @param page 1-based page number
 * @param pageSize rows per page (1 to 200)
 * @param exactName true when the name must be {@code name} exactly (ignoring case, as names are unique), not
 *     contain it
 */
public record IntegrationQuery(String name, IntegrationStatus status, Sort sort, boolean descending, int page,
		int pageSize, boolean exactName) {

	/** A name that contains {@code name}. */
	public IntegrationQuery(String name, IntegrationStatus status, Sort sort, boolean descending, int page,
			int pageSize) {
		this(name, status, sort, descending, page, pageSize, false);
	}

	/**
	 * Sortable columns. Each sort ends in a unique column so pages never overlap, and follows an
	 * index so a page over 100,000 rows reads 20 index entries instead of sorting them all: names
	 * sort as people read ({@link NameSortKey}), ties by the unique {@code name_key}
	 * ({@code ix_integrations_sort}); a status sorts by name within it ({@code ix_integrations_status_sort}).
	 */
	public enum Sort {

		NAME("sort_key", "name_key"), STATUS("status", "sort_key", "name_key"), ID("id"), UPDATED("updated_at", "id");

		private final String[] columns;

		Sort(String... columns) {
			this.columns = columns;
		}

		/** The ORDER BY list, every column in the given direction. */
		String orderBy(boolean descending) {
			StringBuilder clause = new StringBuilder();
			for (String column : this.columns) {
				clause.append(clause.isEmpty() ? "" : ", ").append(column).append(descending ? " DESC" : " ASC");
			}
			return clause.toString();
		}

	}

	public IntegrationQuery {
		name = (name != null && !name.isBlank()) ? name.strip() : null;
		sort = (sort != null) ? sort : Sort.NAME;
		page = Math.max(1, page);
		pageSize = Math.min(200, Math.max(1, pageSize));
	}

	public static IntegrationQuery firstPage() {
		return new IntegrationQuery(null, null, Sort.NAME, false, 1, 20);
	}

}
