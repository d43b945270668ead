package dev.keyway.storeapi;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.JsonNode;

import dev.keyway.store.CmsBlock;
import dev.keyway.store.CmsBlockDraft;
import dev.keyway.store.CmsContent;
import dev.keyway.store.CmsPage;
import dev.keyway.store.CmsPageDraft;
import dev.keyway.store.InputBounds;
import dev.keyway.webapi.ApiException;
import dev.keyway.webapi.ApiRequest;
import dev.keyway.webapi.JsonFields;

import org.springframework.stereotype.Component;

/** CMS pages ({@code {"page": {...}}}) and blocks ({@code {"block": {...}}}) in Magento's shapes. */
@Component
class CmsRoutes {

	private static final Set<String> PAGE_FIELDS = Set.of("identifier", "title", "page_layout", "meta_title",
			"meta_keywords", "meta_description", "content_heading", "content", "sort_order", "active", "is_active",
			"store_id");

	/** Read-only or unsupported parts of Magento's page that clients send back unchanged; ignored. */
	private static final Set<String> PAGE_IGNORED = Set.of("id", "page_id", "creation_time", "update_time",
			"layout_update_xml", "custom_theme", "custom_root_template", "custom_layout_update_xml", "custom_theme_from",
			"custom_theme_to", "extension_attributes");

	private static final Set<String> BLOCK_FIELDS = Set.of("identifier", "title", "content", "active", "is_active",
			"store_id");

	private static final Set<String> BLOCK_IGNORED = Set.of("id", "block_id", "creation_time", "update_time",
			"extension_attributes");

	private final CmsContent cms;

	private final InputLimits limits;

	CmsRoutes(CmsContent cms, InputLimits limits) {
		this.cms = cms;
		this.limits = limits;
	}

	// pages

	Object getPage(ApiRequest request) {
		long id = request.idVariable("pageId");
		return page(this.cms.page(id));
	}

	Object searchPages(ApiRequest request) {
		return WireJson.list(this.cms.searchPages(this.limits.criteria(request)), CmsRoutes::page);
	}

	Object createPage(ApiRequest request) {
		CmsPageDraft draft = pageDraft(this.limits.body(request));
		return page(this.cms.createPage(draft));
	}

	Object updatePage(ApiRequest request) {
		long id = request.idVariable("id");
		CmsPageDraft draft = pageDraft(this.limits.body(request));
		return page(this.cms.updatePage(id, draft));
	}

	Object deletePage(ApiRequest request) {
		long id = request.idVariable("pageId");
		this.cms.deletePage(id);
		return Boolean.TRUE;
	}

	static Map<String, Object> page(CmsPage page) {
		return WireJson.obj()
			.with("id", page.id())
			.with("identifier", page.identifier())
			.with("title", page.title())
			.with("page_layout", page.pageLayout())
			.with("meta_title", page.metaTitle())
			.with("meta_keywords", page.metaKeywords())
			.with("meta_description", page.metaDescription())
			.with("content_heading", page.contentHeading())
			.with("content", page.content())
			.with("creation_time", WireJson.time(page.creationTime()))
			.with("update_time", WireJson.time(page.updateTime()))
			.with("sort_order", String.valueOf(page.sortOrder()))
			.with("active", page.active())
			.with("store_id", page.storeIds());
	}

	static CmsPageDraft pageDraft(JsonNode body) {
		JsonNode json = JsonFields.unwrap(body, "page");
		JsonFields.checkKnown(json, PAGE_FIELDS, PAGE_IGNORED);
		return new CmsPageDraft(JsonFields.text(json, "identifier"), JsonFields.text(json, "title"),
				JsonFields.text(json, "page_layout"), JsonFields.text(json, "meta_title"),
				JsonFields.text(json, "meta_keywords"), JsonFields.text(json, "meta_description"),
				JsonFields.text(json, "content_heading"), JsonFields.text(json, "content"),
				JsonFields.integer(json, "sort_order"), active(json), storeIds(json));
	}

	// blocks

	Object getBlock(ApiRequest request) {
		long id = request.idVariable("blockId");
		return block(this.cms.block(id));
	}

	Object searchBlocks(ApiRequest request) {
		return WireJson.list(this.cms.searchBlocks(this.limits.criteria(request)), CmsRoutes::block);
	}

	Object createBlock(ApiRequest request) {
		CmsBlockDraft draft = blockDraft(this.limits.body(request));
		return block(this.cms.createBlock(draft));
	}

	Object updateBlock(ApiRequest request) {
		long id = request.idVariable("id");
		CmsBlockDraft draft = blockDraft(this.limits.body(request));
		return block(this.cms.updateBlock(id, draft));
	}

	Object deleteBlock(ApiRequest request) {
		long id = request.idVariable("blockId");
		this.cms.deleteBlock(id);
		return Boolean.TRUE;
	}

	static Map<String, Object> block(CmsBlock block) {
		return WireJson.obj()
			.with("id", block.id())
			.with("identifier", block.identifier())
			.with("title", block.title())
			.with("content", block.content())
			.with("creation_time", WireJson.time(block.creationTime()))
			.with("update_time", WireJson.time(block.updateTime()))
			.with("active", block.active())
			.with("store_id", block.storeIds());
	}

	static CmsBlockDraft blockDraft(JsonNode body) {
		JsonNode json = JsonFields.unwrap(body, "block");
		JsonFields.checkKnown(json, BLOCK_FIELDS, BLOCK_IGNORED);
		return new CmsBlockDraft(JsonFields.text(json, "identifier"), JsonFields.text(json, "title"),
				JsonFields.text(json, "content"), active(json), storeIds(json));
	}

	// shared

	/** {@code active}, or Magento's older {@code is_active}. */
	private static Boolean active(JsonNode json) {
		Boolean active = JsonFields.optionalBool(json, "active");
		return (active != null) ? active : JsonFields.optionalBool(json, "is_active");
	}

	/** {@code store_id} as one id or a list of ids; null when absent. */
	private static List<Integer> storeIds(JsonNode json) {
		JsonNode value = json.get("store_id");
		if (value == null || value.isNull()) {
			return null;
		}
		List<Integer> ids = new ArrayList<>();
		if (value.isArray()) {
			for (JsonNode entry : value) {
				ids.add(storeId(entry));
			}
		}
		else {
			ids.add(storeId(value));
		}
		return ids;
	}

	private static int storeId(JsonNode value) {
		try {
			if (value.isIntegralNumber() && value.canConvertToInt()) {
				return value.intValue();
			}
			if (value.isString() && value.asString().length() <= InputBounds.MAX_NUMBER_TEXT) {
				return Integer.parseInt(value.asString().strip());
			}
		}
		catch (NumberFormatException ex) {
			// answered below
		}
		throw ApiException.badRequest("\"store_id\" must hold store view ids (whole numbers); got "
				+ JsonFields.describe(value) + ".");
	}

}
