package dev.keyway.store;

/**
 * Submitted category values; null is "not given" (on create: parent = the store's root category,
 * active, included in the menu, placed after its siblings; on update: unchanged).
 */
public record CategoryDraft(Long parentId, String name, Boolean active, Integer position, Boolean includeInMenu,
		String urlKey, String description) {
}
