package dev.keyway.store;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import static dev.keyway.store.Drafts.orElse;

/**
 * The category tree: read as a tree from a root to a depth (as Magento's {@code GET /V1/categories}),
 * read one, create, update (not move) and delete (with its subtree), and the products of a category.
 */
@Service
public class CategoryCatalog {

	private static final int MAX_NAME = 255;

	private final CategoryStore store;

	private final StoreDirectory directory;

	private final TransactionTemplate transaction;

	private final Clock clock;

	CategoryCatalog(CategoryStore store, StoreDirectory directory, TransactionTemplate transaction, Clock clock) {
		this.store = store;
		this.directory = directory;
		this.transaction = transaction;
		this.clock = clock;
	}

	/**
	 * The tree under {@code rootId} (null: the store's root category), {@code depth} levels of children
	 * deep (null: all; 0: the root alone).
	 */
	public CategoryNode tree(Long rootId, Integer depth) {
		if (depth != null && depth < 0) {
			throw StoreException.invalid("\"depth\" must be zero or more; got " + depth + ".");
		}
		long root = (rootId != null) ? rootId : this.directory.defaultGroup().rootCategoryId();
		Tree tree = loadTree();
		CategoryStore.Row row = tree.byId.get(root);
		if (row == null) {
			throw StoreException.noSuchEntity("id", root);
		}
		return node(tree, row, depth, 0);
	}

	private CategoryNode node(Tree tree, CategoryStore.Row row, Integer depth, int level) {
		List<CategoryNode> children = new ArrayList<>();
		if (depth == null || level < depth) {
			for (CategoryStore.Row child : tree.children(row.id())) {
				children.add(node(tree, child, depth, level + 1));
			}
		}
		return new CategoryNode(row.id(), row.parentId(), row.name(), row.active(), row.position(), row.level(),
				tree.productCount(row.id()), children);
	}

	public Category get(long id) {
		Tree tree = loadTree();
		CategoryStore.Row row = tree.byId.get(id);
		if (row == null) {
			throw StoreException.noSuchEntity("id", id);
		}
		return category(tree, row);
	}

	/** The category's products by position, at most {@link InputBounds#MAX_ROWS} of them. */
	public List<CategoryProduct> products(long id) {
		this.store.find(id).orElseThrow(() -> StoreException.noSuchEntity("id", id));
		return this.store.products(id);
	}

	public Category create(CategoryDraft draft) {
		List<String> problems = new ArrayList<>();
		if (draft.name() == null || draft.name().isBlank()) {
			problems.add("\"name\" is required: a category needs a name.");
		}
		check(draft, problems);
		long parentId = (draft.parentId() != null && draft.parentId() != 0) ? draft.parentId()
				: this.directory.defaultGroup().rootCategoryId();
		Instant now = this.clock.instant();
		long id = this.transaction.execute((status) -> {
			CategoryStore.Row parent = this.store.find(parentId)
				.orElseThrow(() -> StoreException.noSuchEntity("id", parentId));
			int position = (draft.position() != null) ? draft.position() : this.store.nextPosition(parentId);
			return this.store.insert(parent,
					new CategoryStore.Fields(draft.name(), orElse(draft.active(), true), position,
							orElse(draft.includeInMenu(), true), draft.urlKey(), draft.description()),
					now);
		});
		return get(id);
	}

	public Category update(long id, CategoryDraft draft) {
		List<String> problems = new ArrayList<>();
		if (draft.name() != null && draft.name().isBlank()) {
			problems.add("\"name\" cannot be empty.");
		}
		Instant now = this.clock.instant();
		this.transaction.executeWithoutResult((status) -> {
			CategoryStore.Row current = this.store.find(id).orElseThrow(() -> StoreException.noSuchEntity("id", id));
			if (draft.parentId() != null && !draft.parentId().equals(current.parentId())) {
				problems.add("Moving a category is not supported: \"parent_id\" must stay " + current.parentId() + "; got "
						+ draft.parentId() + ".");
			}
			check(draft, problems);
			this.store.update(id, new CategoryStore.Fields(orElse(draft.name(), current.name()),
					orElse(draft.active(), current.active()), orElse(draft.position(), current.position()),
					orElse(draft.includeInMenu(), current.includeInMenu()), orElse(draft.urlKey(), current.urlKey()),
					orElse(draft.description(), current.description())), now);
		});
		return get(id);
	}

	/** Deletes a category with its subtree; the catalog roots (levels 0 and 1) cannot be deleted. */
	public void delete(long id) {
		CategoryStore.Row row = this.store.find(id).orElseThrow(() -> StoreException.noSuchEntity("id", id));
		if (row.level() <= 1) {
			throw StoreException.invalid("Cannot delete category " + id + " (\"" + row.name()
					+ "\"): it is a root category (level " + row.level() + ").");
		}
		if (!this.store.delete(id)) {
			throw StoreException.noSuchEntity("id", id);
		}
	}

	private static void check(CategoryDraft draft, List<String> problems) {
		if (draft.name() != null && draft.name().length() > MAX_NAME) {
			problems.add("\"name\" must be at most " + MAX_NAME + " characters; got " + draft.name().length() + ".");
		}
		if (draft.position() != null && draft.position() < 0) {
			problems.add("\"position\" must be zero or more; got " + draft.position() + ".");
		}
		if (draft.urlKey() != null && draft.urlKey().length() > 255) {
			problems.add("\"url_key\" must be at most 255 characters; got " + draft.urlKey().length() + ".");
		}
		if (draft.description() != null && draft.description().length() > 16000) {
			problems.add("\"description\" must be at most 16000 characters; got " + draft.description().length() + ".");
		}
		if (!problems.isEmpty()) {
			throw StoreException.invalid(problems);
		}
	}

	private Category category(Tree tree, CategoryStore.Row row) {
		List<Long> children = tree.children(row.id()).stream().map(CategoryStore.Row::id).toList();
		return new Category(row.id(), row.parentId(), row.name(), row.active(), row.position(), row.level(), row.path(),
				row.includeInMenu(), row.urlKey(), row.description(), children, tree.productCount(row.id()),
				row.createdAt(), row.updatedAt());
	}

	private Tree loadTree() {
		return new Tree(this.store.all(), this.store.productIdsByCategory());
	}


	/** The whole tree in memory, with the distinct products under every node. */
	private static final class Tree {

		final Map<Long, CategoryStore.Row> byId = new HashMap<>();

		final Map<Long, List<CategoryStore.Row>> childrenById = new HashMap<>();

		final Map<Long, Set<Long>> products;

		final Map<Long, Integer> counts = new HashMap<>();

		Tree(List<CategoryStore.Row> rows, Map<Long, Set<Long>> products) {
			this.products = products;
			for (CategoryStore.Row row : rows) {
				this.byId.put(row.id(), row);
				if (row.parentId() != null) {
					this.childrenById.computeIfAbsent(row.parentId(), (k) -> new ArrayList<>()).add(row);
				}
			}
			this.childrenById.values()
				.forEach((list) -> list.sort((a, b) -> (a.position() != b.position())
						? Integer.compare(a.position(), b.position()) : Long.compare(a.id(), b.id())));
		}

		List<CategoryStore.Row> children(long id) {
			return this.childrenById.getOrDefault(id, List.of());
		}

		int productCount(long id) {
			Integer count = this.counts.get(id);
			if (count == null) {
				count = collect(id, new HashSet<>()).size();
				this.counts.put(id, count);
			}
			return count;
		}

		private Set<Long> collect(long id, Set<Long> into) {
			into.addAll(this.products.getOrDefault(id, Set.of()));
			for (CategoryStore.Row child : children(id)) {
				collect(child.id(), into);
			}
			return into;
		}

	}

}
