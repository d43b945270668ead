package dev.keyway.store;

import java.util.List;

/** Submitted block values; null is "not given" (create: active, all store views; update: unchanged). */
public record CmsBlockDraft(String identifier, String title, String content, Boolean active, List<Integer> storeIds) {

	public CmsBlockDraft {
		storeIds = (storeIds != null) ? List.copyOf(storeIds) : null;
	}

}
