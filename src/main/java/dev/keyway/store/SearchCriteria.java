package dev.keyway.store;

import java.util.List;

/**
 * Magento's search criteria: filter groups joined with AND, the filters of a group joined with OR,
 * sort orders, and a page. {@code pageSize} null means a page of {@link InputBounds#MAX_ROWS} items (no
 * search returns more); {@code currentPage} null means 1. Field names, condition types and values are checked by the service that runs the search,
 * against the searchable fields of its entity.
 */
public record SearchCriteria(List<FilterGroup> filterGroups, List<SortOrder> sortOrders, Integer pageSize,
		Integer currentPage) {

	/** Condition used when a filter names none. */
	public static final String DEFAULT_CONDITION = "eq";

	public SearchCriteria {
		filterGroups = (filterGroups != null) ? List.copyOf(filterGroups) : List.of();
		sortOrders = (sortOrders != null) ? List.copyOf(sortOrders) : List.of();
	}

	/** The first {@link InputBounds#MAX_ROWS} items, unsorted. */
	public static SearchCriteria all() {
		return new SearchCriteria(List.of(), List.of(), null, null);
	}

	/** Filters joined with OR. */
	public record FilterGroup(List<Filter> filters) {

		public FilterGroup {
			filters = (filters != null) ? List.copyOf(filters) : List.of();
		}

	}

	/**
	 * One condition on one field: {@code eq, neq, like, in, nin, gt, gteq, lt, lteq, null, notnull};
	 * {@code in} and {@code nin} take comma-separated values.
	 */
	public record Filter(String field, String value, String conditionType) {

		public Filter {
			conditionType = (conditionType == null || conditionType.isBlank()) ? DEFAULT_CONDITION : conditionType;
		}

	}

	/** {@code direction} is ASC or DESC (any case); null means ASC. */
	public record SortOrder(String field, String direction) {

		public SortOrder {
			direction = (direction == null || direction.isBlank()) ? "ASC" : direction;
		}

	}

}
