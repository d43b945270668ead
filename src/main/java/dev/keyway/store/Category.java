package dev.keyway.store;

import java.time.Instant;
import java.util.List;

/**
 * A catalog category. {@code path} is the ids from the root joined by '/'; {@code productCount}
 * counts the distinct products in the category and its descendants (every category is an "anchor").
 */
public record Category(long id, Long parentId, String name, boolean active, int position, int level, String path,
		boolean includeInMenu, String urlKey, String description, List<Long> childrenIds, int productCount,
		Instant createdAt, Instant updatedAt) {

	public Category {
		childrenIds = List.copyOf(childrenIds);
	}

}
