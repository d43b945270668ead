package dev.keyway.storeapi;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.JsonNode;

import dev.keyway.store.Category;
import dev.keyway.store.CategoryCatalog;
import dev.keyway.store.CategoryDraft;
import dev.keyway.store.CategoryNode;
import dev.keyway.store.InputBounds;
import dev.keyway.store.Product;
import dev.keyway.store.ProductCatalog;
import dev.keyway.store.ProductDraft;
import dev.keyway.webapi.ApiException;
import dev.keyway.webapi.ApiRequest;
import dev.keyway.webapi.JsonFields;

import org.springframework.stereotype.Component;

/**
 * Catalog routes (products, product types, categories) in Magento's shapes. Product bodies are
 * {@code {"product": {...}}}, category bodies {@code {"category": {...}}}; the store code of the path
 * decides which values reads show and writes change (see {@link dev.keyway.store.StoreDirectory}).
 */
@Component
class CatalogRoutes {

	/** The custom attribute Magento clients use for category assignment. */
	static final String CATEGORY_IDS = "category_ids";

	private static final Set<String> PRODUCT_FIELDS = Set.of("sku", "name", "attribute_set_id", "price", "status",
			"visibility", "type_id", "weight", "extension_attributes", "custom_attributes");

	/** Read-only or unsupported parts of Magento's product that clients send back unchanged; ignored. */
	private static final Set<String> PRODUCT_IGNORED = Set.of("id", "created_at", "updated_at", "product_links",
			"options", "media_gallery_entries", "tier_prices");

	private static final Set<String> CATEGORY_FIELDS = Set.of("parent_id", "name", "is_active", "position",
			"include_in_menu", "custom_attributes");

	private static final Set<String> CATEGORY_IGNORED = Set.of("id", "level", "path", "children", "children_data",
			"created_at", "updated_at", "available_sort_by", "extension_attributes", "product_count");

	private final ProductCatalog products;

	private final CategoryCatalog categories;

	private final InputLimits limits;

	CatalogRoutes(ProductCatalog products, CategoryCatalog categories, InputLimits limits) {
		this.products = products;
		this.categories = categories;
		this.limits = limits;
	}

	// products

	Object listProducts(ApiRequest request) {
		return WireJson.list(
				this.products.search(this.limits.criteria(request), request.storeCode()),
				CatalogRoutes::product);
	}

	Object getProduct(ApiRequest request) {
		return product(this.products.get(request.variable("sku"), request.storeCode()));
	}

	/** Magento's POST: creates, or updates the product with the body's SKU (ERP connectors sync catalogs so). */
	Object saveProduct(ApiRequest request) {
		ProductDraft draft = productDraft(this.limits.body(request));
		return product(this.products.save(draft, request.storeCode()));
	}

	Object updateProduct(ApiRequest request) {
		ProductDraft draft = productDraft(this.limits.body(request));
		return product(this.products.update(request.variable("sku"), draft, request.storeCode()));
	}

	Object deleteProduct(ApiRequest request) {
		this.products.delete(request.variable("sku"));
		return Boolean.TRUE;
	}

	Object productTypes(ApiRequest request) {
		return this.products.types()
			.stream()
			.map((type) -> WireJson.obj().with("name", type.code()).with("label", type.label()))
			.toList();
	}

	static Map<String, Object> product(Product product) {
		List<Object> links = product.categoryLinks()
			.stream()
			.map((link) -> (Object) WireJson.obj()
				.with("position", link.position())
				.with("category_id", String.valueOf(link.categoryId())))
			.toList();
		List<Object> attributes = new ArrayList<>();
		for (Product.Attribute attribute : product.customAttributes()) {
			attributes.add(WireJson.obj().with("attribute_code", attribute.code()).with("value", attribute.value()));
		}
		if (!product.categoryLinks().isEmpty()) {
			attributes.add(WireJson.obj()
				.with("attribute_code", CATEGORY_IDS)
				.with("value", product.categoryLinks().stream().map((link) -> String.valueOf(link.categoryId())).toList()));
		}
		return WireJson.obj()
			.with("id", product.id())
			.with("sku", product.sku())
			.with("name", product.name())
			.with("attribute_set_id", product.attributeSetId())
			.with("price", WireJson.number(product.price()))
			.with("status", product.status())
			.with("visibility", product.visibility())
			.with("type_id", product.typeId())
			.with("created_at", WireJson.time(product.createdAt()))
			.with("updated_at", WireJson.time(product.updatedAt()))
			.with("weight", WireJson.number(product.weight()))
			.with("extension_attributes",
					WireJson.obj().with("website_ids", product.websiteIds()).with("category_links", links))
			.with("product_links", List.of())
			.with("options", List.of())
			.with("media_gallery_entries", List.of())
			.with("tier_prices", List.of())
			.with("custom_attributes", attributes);
	}

	static ProductDraft productDraft(JsonNode body) {
		JsonNode json = JsonFields.unwrap(body, "product");
		JsonFields.checkKnown(json, PRODUCT_FIELDS, PRODUCT_IGNORED);
		List<Integer> websiteIds = null;
		List<Product.CategoryLink> categoryLinks = null;
		JsonNode extension = json.get("extension_attributes");
		if (extension != null && !extension.isNull()) {
			if (!extension.isObject()) {
				throw ApiException.badRequest("\"extension_attributes\" must be an object; got "
						+ JsonFields.describe(extension) + ".");
			}
			if (extension.has("website_ids") && !extension.get("website_ids").isNull()) {
				websiteIds = integers(extension.get("website_ids"), "website_ids");
			}
			if (extension.has("category_links") && !extension.get("category_links").isNull()) {
				categoryLinks = categoryLinks(extension.get("category_links"));
			}
		}
		Map<String, String> attributes = new LinkedHashMap<>();
		List<Long> categoryIds = customAttributes(json.get("custom_attributes"), attributes);
		if (categoryLinks == null && categoryIds != null) {
			categoryLinks = categoryIds.stream().map((id) -> new Product.CategoryLink(id, 0)).toList();
		}
		return new ProductDraft(JsonFields.text(json, "sku"), JsonFields.text(json, "name"),
				JsonFields.integer(json, "attribute_set_id"), decimal(json, "price"),
				JsonFields.integer(json, "status"), JsonFields.integer(json, "visibility"), JsonFields.text(json, "type_id"),
				decimal(json, "weight"), websiteIds, categoryLinks, attributes);
	}

	/**
	 * Reads {@code [{"attribute_code", "value"}]} into {@code into}; returns the ids of a
	 * {@code category_ids} attribute, or null when there is none.
	 */
	private static List<Long> customAttributes(JsonNode list, Map<String, String> into) {
		if (list == null || list.isNull()) {
			return null;
		}
		if (!list.isArray()) {
			throw ApiException.badRequest("\"custom_attributes\" must be a list of {\"attribute_code\", \"value\"}; got "
					+ JsonFields.describe(list) + ".");
		}
		List<Long> categoryIds = null;
		for (JsonNode entry : list) {
			if (!entry.isObject() || !entry.has("attribute_code") || !entry.get("attribute_code").isString()) {
				throw ApiException.badRequest("Every entry of \"custom_attributes\" must be {\"attribute_code\": \"...\", "
						+ "\"value\": ...}; got " + InputBounds.cut(entry.toString()) + ".");
			}
			String code = entry.get("attribute_code").asString();
			JsonNode value = entry.get("value");
			if (CATEGORY_IDS.equals(code)) {
				categoryIds = new ArrayList<>();
				if (value != null && value.isArray()) {
					for (JsonNode id : value) {
						categoryIds.add(longValue(id, CATEGORY_IDS));
					}
				}
				else if (value != null && !value.isNull()) {
					for (String id : value.asString().split(",")) {
						if (!id.isBlank()) {
							categoryIds.add(longValue(id.strip(), CATEGORY_IDS));
						}
					}
				}
				continue;
			}
			if (value == null || value.isNull()) {
				into.put(code, null);
			}
			else if (value.isString() || value.isNumber() || value.isBoolean()) {
				into.put(code, value.isBoolean() ? (value.booleanValue() ? "1" : "0") : value.asString());
			}
			else {
				throw ApiException.badRequest("The value of custom attribute " + InputBounds.shown(code)
						+ " must be a string or a number; got " + JsonFields.describe(value) + ".");
			}
		}
		return categoryIds;
	}

	private static List<Product.CategoryLink> categoryLinks(JsonNode list) {
		if (!list.isArray()) {
			throw ApiException.badRequest("\"category_links\" must be a list of {\"category_id\", \"position\"}; got "
					+ JsonFields.describe(list) + ".");
		}
		List<Product.CategoryLink> links = new ArrayList<>();
		for (JsonNode entry : list) {
			if (!entry.isObject() || !entry.has("category_id")) {
				throw ApiException.badRequest("Every entry of \"category_links\" must be {\"category_id\": ..., "
						+ "\"position\": ...}; got " + InputBounds.cut(entry.toString()) + ".");
			}
			Integer position = JsonFields.integer(entry, "position");
			links.add(new Product.CategoryLink(longValue(entry.get("category_id"), "category_id"),
					(position != null) ? position : 0));
		}
		return links;
	}

	private static List<Integer> integers(JsonNode list, String name) {
		if (!list.isArray()) {
			throw ApiException.badRequest("\"" + name + "\" must be a list of ids; got " + JsonFields.describe(list) + ".");
		}
		List<Integer> values = new ArrayList<>();
		for (JsonNode entry : list) {
			values.add((int) longValue(entry, name));
		}
		return values;
	}

	private static long longValue(JsonNode value, String name) {
		if (value != null && value.isIntegralNumber() && value.canConvertToInt()) {
			return value.intValue();
		}
		if (value != null && value.isString()) {
			return longValue(value.asString(), name);
		}
		throw ApiException.badRequest("\"" + name + "\" must hold ids (whole numbers up to " + Integer.MAX_VALUE + "); got "
				+ ((value != null) ? JsonFields.describe(value) : "nothing") + ".");
	}

	private static long longValue(String value, String name) {
		try {
			if (value.length() <= InputBounds.MAX_NUMBER_TEXT) {
				return Integer.parseInt(value.strip());
			}
		}
		catch (NumberFormatException ex) {
			// answered below
		}
		throw ApiException.badRequest("\"" + name + "\" must hold ids (whole numbers up to " + Integer.MAX_VALUE
				+ "); got " + InputBounds.shown(value) + ".");
	}

	/**
	 * A decimal number (a JSON number or a numeric string), or null; its digits bounded (see
	 * {@link InputBounds}) before anything uses it. A JSON number too large for a double (1e999999999)
	 * arrives as Infinity and is refused here too.
	 */
	private static BigDecimal decimal(JsonNode object, String name) {
		JsonNode value = object.get(name);
		if (value == null || value.isNull()) {
			return null;
		}
		BigDecimal number = null;
		if (value.isNumber() && !((value.isDouble() || value.isFloat()) && !Double.isFinite(value.doubleValue()))) {
			number = InputBounds.bounded(value.decimalValue());
		}
		else if (value.isString()) {
			number = InputBounds.decimal(value.asString());
		}
		if (number == null) {
			throw ApiException.badRequest("\"" + name + "\" must be " + InputBounds.decimalRule() + "; got "
					+ JsonFields.describe(value) + ".");
		}
		return number;
	}

	// categories

	Object categoryTree(ApiRequest request) {
		Integer rootId = queryNumber(request, "rootCategoryId");
		Integer depth = queryNumber(request, "depth");
		return node(this.categories.tree((rootId != null) ? Long.valueOf(rootId) : null, depth));
	}

	Object getCategory(ApiRequest request) {
		long id = request.idVariable("categoryId");
		return category(this.categories.get(id));
	}

	Object createCategory(ApiRequest request) {
		CategoryDraft draft = categoryDraft(this.limits.body(request));
		return category(this.categories.create(draft));
	}

	Object updateCategory(ApiRequest request) {
		long id = request.idVariable("id");
		CategoryDraft draft = categoryDraft(this.limits.body(request));
		return category(this.categories.update(id, draft));
	}

	Object deleteCategory(ApiRequest request) {
		long id = request.idVariable("categoryId");
		this.categories.delete(id);
		return Boolean.TRUE;
	}

	Object categoryProducts(ApiRequest request) {
		long id = request.idVariable("categoryId");
		return this.categories.products(id)
			.stream()
			.map((link) -> WireJson.obj()
				.with("sku", link.sku())
				.with("position", link.position())
				.with("category_id", String.valueOf(link.categoryId())))
			.toList();
	}

	private static Map<String, Object> node(CategoryNode node) {
		return WireJson.obj()
			.with("id", node.id())
			.with("parent_id", (node.parentId() != null) ? node.parentId() : 0L)
			.with("name", node.name())
			.with("is_active", node.active())
			.with("position", node.position())
			.with("level", node.level())
			.with("product_count", node.productCount())
			.with("children_data", node.children().stream().map(CatalogRoutes::node).toList());
	}

	static Map<String, Object> category(Category category) {
		List<Object> attributes = new ArrayList<>();
		if (category.urlKey() != null) {
			attributes.add(WireJson.obj().with("attribute_code", "url_key").with("value", category.urlKey()));
		}
		if (category.description() != null) {
			attributes.add(WireJson.obj().with("attribute_code", "description").with("value", category.description()));
		}
		attributes.add(WireJson.obj().with("attribute_code", "is_anchor").with("value", "1"));
		attributes.add(WireJson.obj().with("attribute_code", "path").with("value", category.path()));
		attributes.add(WireJson.obj()
			.with("attribute_code", "children_count")
			.with("value", String.valueOf(category.childrenIds().size())));
		return WireJson.obj()
			.with("id", category.id())
			.with("parent_id", (category.parentId() != null) ? category.parentId() : 0L)
			.with("name", category.name())
			.with("is_active", category.active())
			.with("position", category.position())
			.with("level", category.level())
			.with("children", String.join(",", category.childrenIds().stream().map(String::valueOf).toList()))
			.with("created_at", WireJson.time(category.createdAt()))
			.with("updated_at", WireJson.time(category.updatedAt()))
			.with("path", category.path())
			.with("available_sort_by", List.of())
			.with("include_in_menu", category.includeInMenu())
			.with("product_count", category.productCount())
			.with("custom_attributes", attributes);
	}

	static CategoryDraft categoryDraft(JsonNode body) {
		JsonNode json = JsonFields.unwrap(body, "category");
		JsonFields.checkKnown(json, CATEGORY_FIELDS, CATEGORY_IGNORED);
		String urlKey = null;
		String description = null;
		JsonNode list = json.get("custom_attributes");
		if (list != null && !list.isNull()) {
			if (!list.isArray()) {
				throw ApiException.badRequest("\"custom_attributes\" must be a list of {\"attribute_code\", \"value\"}; got "
						+ JsonFields.describe(list) + ".");
			}
			for (JsonNode entry : list) {
				String code = entry.has("attribute_code") ? entry.get("attribute_code").asString() : null;
				if ("url_key".equals(code)) {
					urlKey = JsonFields.text(entry, "value");
				}
				else if ("description".equals(code)) {
					description = JsonFields.text(entry, "value");
				}
				// Magento's other category attributes (is_anchor, path, children_count, ...) are read-only here
			}
		}
		Integer parentId = JsonFields.integer(json, "parent_id");
		return new CategoryDraft((parentId != null) ? Long.valueOf(parentId) : null, JsonFields.text(json, "name"),
				JsonFields.optionalBool(json, "is_active"), JsonFields.integer(json, "position"),
				JsonFields.optionalBool(json, "include_in_menu"), urlKey, description);
	}

	private static Integer queryNumber(ApiRequest request, String name) {
		String value = request.queryValue(name);
		if (value == null || value.isBlank()) {
			return null;
		}
		try {
			if (value.length() <= InputBounds.MAX_NUMBER_TEXT) {
				return Integer.valueOf(value.strip());
			}
		}
		catch (NumberFormatException ex) {
			// answered below
		}
		throw ApiException.badRequest("\"" + name + "\" must be a whole number from " + Integer.MIN_VALUE + " to "
				+ Integer.MAX_VALUE + "; got " + InputBounds.shown(value) + ".");
	}

}
