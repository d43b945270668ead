package dev.keyway.store;

import java.util.List;

/** Submitted page values; null is "not given" (create: defaults, active, all store views; update: unchanged). */
public record CmsPageDraft(String identifier, String title, String pageLayout, String metaTitle, String metaKeywords,
		String metaDescription, String contentHeading, String content, Integer sortOrder, Boolean active,
		List<Integer> storeIds) {

	public CmsPageDraft {
		storeIds = (storeIds != null) ? List.copyOf(storeIds) : null;
	}

}
