package dev.keyway.store;

import java.time.Instant;
import java.util.List;

/** A CMS block; {@code storeIds} are the store views showing it (0: all of them). */
public record CmsBlock(long id, String identifier, String title, String content, boolean active,
		Instant creationTime, Instant updateTime, List<Integer> storeIds) {

	public CmsBlock {
		storeIds = List.copyOf(storeIds);
	}

}
