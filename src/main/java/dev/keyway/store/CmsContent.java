package dev.keyway.store;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import static dev.keyway.store.Drafts.orElse;

/** CMS pages and blocks: read, search, create, update and delete, with Magento's messages. */
@Service
public class CmsContent {

	/** Magento's text for a missing page; parameter: the id. */
	public static final String PAGE_NOT_FOUND = "The CMS page with the \"%1\" ID doesn't exist.";

	/** Magento's text for a missing block; parameter: the id. */
	public static final String BLOCK_NOT_FOUND = "The CMS block with the \"%1\" ID doesn't exist.";

	static final String PAGE_EXISTS = "A page URL key for specified store already exists.";

	static final String BLOCK_EXISTS = "A block identifier with the same properties already exists in the selected store.";

	/** Magento's rule for page URL keys (CMS page identifiers). */
	private static final Pattern PAGE_IDENTIFIER = Pattern.compile("^[a-z0-9][a-z0-9_/-]+(\\.[a-z0-9_-]+)?$");

	private final CmsPageStore pages;

	private final CmsBlockStore blocks;

	private final TransactionTemplate transaction;

	private final Clock clock;

	CmsContent(CmsPageStore pages, CmsBlockStore blocks, TransactionTemplate transaction, Clock clock) {
		this.pages = pages;
		this.blocks = blocks;
		this.transaction = transaction;
		this.clock = clock;
	}

	// pages

	public CmsPage page(long id) {
		CmsPageStore.Row row = this.pages.find(id).orElseThrow(() -> pageNotFound(id));
		return pages(List.of(row)).get(0);
	}

	public SearchResult<CmsPage> searchPages(SearchCriteria criteria) {
		SqlSearch search = SqlSearch.of(CmsPageStore.FIELDS, criteria);
		return new SearchResult<>(pages(this.pages.search(search)), search.applied(), this.pages.count(search));
	}

	public CmsPage createPage(CmsPageDraft draft) {
		List<String> problems = new ArrayList<>();
		if (draft.identifier() == null || draft.identifier().isBlank()) {
			problems.add("\"identifier\" is required: a page needs a URL key.");
		}
		if (draft.title() == null || draft.title().isBlank()) {
			problems.add("\"title\" is required: a page needs a title.");
		}
		CmsPageStore.Row row = new CmsPageStore.Row(0, draft.identifier(), draft.title(),
				orElse(draft.pageLayout(), "1column"), draft.metaTitle(), draft.metaKeywords(), draft.metaDescription(),
				draft.contentHeading(), draft.content(), orElse(draft.sortOrder(), 0), orElse(draft.active(), true), null,
				null);
		check(row, draft.storeIds(), problems);
		Instant now = this.clock.instant();
		long id = this.transaction.execute((status) -> {
			try {
				long pageId = this.pages.insert(row, now);
				this.pages.replaceStores(pageId, orElse(draft.storeIds(), List.of(StoreView.ADMIN_ID)));
				return pageId;
			}
			catch (DataIntegrityViolationException ex) {
				throw translatePage(ex, draft.storeIds());
			}
		});
		return page(id);
	}

	public CmsPage updatePage(long id, CmsPageDraft draft) {
		Instant now = this.clock.instant();
		this.transaction.executeWithoutResult((status) -> {
			CmsPageStore.Row current = this.pages.find(id).orElseThrow(() -> pageNotFound(id));
			List<String> problems = new ArrayList<>();
			if (draft.title() != null && draft.title().isBlank()) {
				problems.add("\"title\" cannot be empty.");
			}
			CmsPageStore.Row row = new CmsPageStore.Row(id, orElse(draft.identifier(), current.identifier()),
					orElse(draft.title(), current.title()), orElse(draft.pageLayout(), current.pageLayout()),
					orElse(draft.metaTitle(), current.metaTitle()), orElse(draft.metaKeywords(), current.metaKeywords()),
					orElse(draft.metaDescription(), current.metaDescription()),
					orElse(draft.contentHeading(), current.contentHeading()), orElse(draft.content(), current.content()),
					orElse(draft.sortOrder(), current.sortOrder()), orElse(draft.active(), current.active()), null, null);
			check(row, draft.storeIds(), problems);
			try {
				this.pages.update(row, now);
				if (draft.storeIds() != null) {
					this.pages.replaceStores(id, draft.storeIds());
				}
			}
			catch (DataIntegrityViolationException ex) {
				throw translatePage(ex, draft.storeIds());
			}
		});
		return page(id);
	}

	public void deletePage(long id) {
		if (!this.pages.delete(id)) {
			throw pageNotFound(id);
		}
	}

	private List<CmsPage> pages(List<CmsPageStore.Row> rows) {
		Map<Long, List<Integer>> stores = this.pages.storeIds(rows.stream().map(CmsPageStore.Row::id).toList());
		return rows.stream()
			.map((row) -> new CmsPage(row.id(), row.identifier(), row.title(), row.pageLayout(), row.metaTitle(),
					row.metaKeywords(), row.metaDescription(), row.contentHeading(), row.content(), row.sortOrder(),
					row.active(), row.creationTime(), row.updateTime(), stores.getOrDefault(row.id(), List.of())))
			.toList();
	}

	private static void check(CmsPageStore.Row page, List<Integer> storeIds, List<String> problems) {
		String identifier = page.identifier();
		if (identifier != null && !identifier.isBlank()) {
			if (identifier.length() > 100) {
				problems.add("\"identifier\" must be at most 100 characters; got " + identifier.length() + ".");
			}
			else if (identifier.chars().allMatch(Character::isDigit)) {
				problems.add("The page URL key can't use only numbers. Add letters or words and try again. Got "
						+ InputBounds.shown(identifier) + ".");
			}
			else if (!PAGE_IDENTIFIER.matcher(identifier).matches()) {
				problems.add("The page URL key can't use capital letters or disallowed symbols. Remove the letters and "
						+ "symbols and try again. Got " + InputBounds.shown(identifier) + ".");
			}
		}
		if (page.title() != null && page.title().length() > 255) {
			problems.add("\"title\" must be at most 255 characters; got " + page.title().length() + ".");
		}
		checkLength(problems, "page_layout", page.pageLayout(), 32);
		checkLength(problems, "meta_title", page.metaTitle(), 255);
		checkLength(problems, "meta_keywords", page.metaKeywords(), 2000);
		checkLength(problems, "meta_description", page.metaDescription(), 2000);
		checkLength(problems, "content_heading", page.contentHeading(), 255);
		checkLength(problems, "content", page.content(), 65535);
		checkStores(storeIds, problems);
		if (!problems.isEmpty()) {
			throw StoreException.invalid(problems);
		}
	}

	private static RuntimeException translatePage(DataIntegrityViolationException ex, List<Integer> storeIds) {
		if (Constraints.broke(ex, CmsPageStore.IDENTIFIER_CONSTRAINT)) {
			return StoreException.conflict(PAGE_EXISTS);
		}
		if (Constraints.broke(ex, CmsPageStore.STORE_CONSTRAINT)) {
			return StoreException.invalid("\"store_id\" must name existing store views; got " + storeIds + ".");
		}
		return ex;
	}

	static StoreException pageNotFound(long id) {
		return StoreException.notFound(PAGE_NOT_FOUND, List.of(String.valueOf(id)));
	}

	// blocks

	public CmsBlock block(long id) {
		CmsBlockStore.Row row = this.blocks.find(id).orElseThrow(() -> blockNotFound(id));
		return blocks(List.of(row)).get(0);
	}

	public SearchResult<CmsBlock> searchBlocks(SearchCriteria criteria) {
		SqlSearch search = SqlSearch.of(CmsBlockStore.FIELDS, criteria);
		return new SearchResult<>(blocks(this.blocks.search(search)), search.applied(), this.blocks.count(search));
	}

	public CmsBlock createBlock(CmsBlockDraft draft) {
		List<String> problems = new ArrayList<>();
		if (draft.identifier() == null || draft.identifier().isBlank()) {
			problems.add("\"identifier\" is required: a block needs an identifier.");
		}
		if (draft.title() == null || draft.title().isBlank()) {
			problems.add("\"title\" is required: a block needs a title.");
		}
		CmsBlockStore.Row row = new CmsBlockStore.Row(0, draft.identifier(), draft.title(), draft.content(),
				orElse(draft.active(), true), null, null);
		check(row, draft.storeIds(), problems);
		Instant now = this.clock.instant();
		long id = this.transaction.execute((status) -> {
			try {
				long blockId = this.blocks.insert(row, now);
				this.blocks.replaceStores(blockId, orElse(draft.storeIds(), List.of(StoreView.ADMIN_ID)));
				return blockId;
			}
			catch (DataIntegrityViolationException ex) {
				throw translateBlock(ex, draft.storeIds());
			}
		});
		return block(id);
	}

	public CmsBlock updateBlock(long id, CmsBlockDraft draft) {
		Instant now = this.clock.instant();
		this.transaction.executeWithoutResult((status) -> {
			CmsBlockStore.Row current = this.blocks.find(id).orElseThrow(() -> blockNotFound(id));
			List<String> problems = new ArrayList<>();
			if (draft.title() != null && draft.title().isBlank()) {
				problems.add("\"title\" cannot be empty.");
			}
			if (draft.identifier() != null && draft.identifier().isBlank()) {
				problems.add("\"identifier\" cannot be empty.");
			}
			CmsBlockStore.Row row = new CmsBlockStore.Row(id, orElse(draft.identifier(), current.identifier()),
					orElse(draft.title(), current.title()), orElse(draft.content(), current.content()),
					orElse(draft.active(), current.active()), null, null);
			check(row, draft.storeIds(), problems);
			try {
				this.blocks.update(row, now);
				if (draft.storeIds() != null) {
					this.blocks.replaceStores(id, draft.storeIds());
				}
			}
			catch (DataIntegrityViolationException ex) {
				throw translateBlock(ex, draft.storeIds());
			}
		});
		return block(id);
	}

	public void deleteBlock(long id) {
		if (!this.blocks.delete(id)) {
			throw blockNotFound(id);
		}
	}

	private List<CmsBlock> blocks(List<CmsBlockStore.Row> rows) {
		Map<Long, List<Integer>> stores = this.blocks.storeIds(rows.stream().map(CmsBlockStore.Row::id).toList());
		return rows.stream()
			.map((row) -> new CmsBlock(row.id(), row.identifier(), row.title(), row.content(), row.active(),
					row.creationTime(), row.updateTime(), stores.getOrDefault(row.id(), List.of())))
			.toList();
	}

	private static void check(CmsBlockStore.Row block, List<Integer> storeIds, List<String> problems) {
		checkLength(problems, "identifier", block.identifier(), 255);
		checkLength(problems, "title", block.title(), 255);
		checkLength(problems, "content", block.content(), 65535);
		checkStores(storeIds, problems);
		if (!problems.isEmpty()) {
			throw StoreException.invalid(problems);
		}
	}

	private static RuntimeException translateBlock(DataIntegrityViolationException ex, List<Integer> storeIds) {
		if (Constraints.broke(ex, CmsBlockStore.IDENTIFIER_CONSTRAINT)) {
			return StoreException.conflict(BLOCK_EXISTS);
		}
		if (Constraints.broke(ex, CmsBlockStore.STORE_CONSTRAINT)) {
			return StoreException.invalid("\"store_id\" must name existing store views; got " + storeIds + ".");
		}
		return ex;
	}

	static StoreException blockNotFound(long id) {
		return StoreException.notFound(BLOCK_NOT_FOUND, List.of(String.valueOf(id)));
	}

	// shared

	private static void checkLength(List<String> problems, String field, String value, int max) {
		if (value != null && value.length() > max) {
			problems.add("\"" + field + "\" must be at most " + max + " characters; got " + value.length() + ".");
		}
	}

	private static void checkStores(List<Integer> storeIds, List<String> problems) {
		if (storeIds != null) {
			if (storeIds.isEmpty()) {
				problems.add("\"store_id\" must name at least one store view (0 for all of them); got [].");
			}
			else if (storeIds.stream().distinct().count() != storeIds.size()) {
				problems.add("\"store_id\" names a store view more than once; got " + storeIds + ".");
			}
		}
	}

}
