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
 */
public record IntegrationQuery(String name, IntegrationStatus status, Sort sort, boolean descending, int page,
		int pageSize) {

	/** Sortable columns. */
	public enum Sort {

		NAME("name_key"), STATUS("status"), ID("id"), UPDATED("updated_at");

		private final String column;

		Sort(String column) {
			this.column = column;
		}

		String column() {
			return this.column;
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
