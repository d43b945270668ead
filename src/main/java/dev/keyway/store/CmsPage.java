package dev.keyway.store;

import java.time.Instant;
import java.util.List;

/** A CMS page; {@code storeIds} are the store views showing it (0: all of them). */
public record CmsPage(long id, String identifier, String title, String pageLayout, String metaTitle,
		String metaKeywords, String metaDescription, String contentHeading, String content, int sortOrder,
		boolean active, Instant creationTime, Instant updateTime, List<Integer> storeIds) {

	public CmsPage {
		storeIds = List.copyOf(storeIds);
	}

}
