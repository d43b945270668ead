package dev.keyway.store;

import java.util.List;

/** A node of the category tree ({@code GET /V1/categories}): a category and its children, by position. */
public record CategoryNode(long id, Long parentId, String name, boolean active, int position, int level,
		int productCount, List<CategoryNode> children) {

	public CategoryNode {
		children = List.copyOf(children);
	}

}
