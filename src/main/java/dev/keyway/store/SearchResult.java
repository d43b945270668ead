package dev.keyway.store;

import java.util.List;

/** One page of a search: the items, the criteria as applied, and how many items match in all. */
public record SearchResult<T>(List<T> items, SearchCriteria criteria, long totalCount) {

	public SearchResult {
		items = List.copyOf(items);
	}

}
