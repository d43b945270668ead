package dev.keyway.storeapi;

import java.util.List;
import java.util.Map;

import dev.keyway.store.ProductAttribute;
import dev.keyway.store.ProductAttributeDirectory;
import dev.keyway.webapi.ApiRequest;

import org.springframework.stereotype.Component;

/**
 * Magento's product attribute reads ({@code catalogProductAttributeRepositoryV1}: get and getList) in
 * Magento's shape, for the fixed list Keyway knows. Fields Keyway has no notion of keep Magento's value
 * for an attribute that does not use them (no storefront search, layered navigation or comparison).
 */
@Component
class AttributeRoutes {

	/** Magento's entity type id of products. */
	private static final String PRODUCT_ENTITY_TYPE = "4";

	private final ProductAttributeDirectory attributes;

	private final InputLimits limits;

	AttributeRoutes(ProductAttributeDirectory attributes, InputLimits limits) {
		this.attributes = attributes;
		this.limits = limits;
	}

	Object get(ApiRequest request) {
		return attribute(this.attributes.get(request.variable("attributeCode")));
	}

	Object search(ApiRequest request) {
		return WireJson.list(this.attributes.search(this.limits.criteria(request)), AttributeRoutes::attribute);
	}

	static Map<String, Object> attribute(ProductAttribute attribute) {
		List<Object> options = attribute.options()
			.stream()
			.map((option) -> (Object) WireJson.obj().with("label", option.label()).with("value", option.value()))
			.toList();
		return WireJson.obj()
			.with("is_wysiwyg_enabled", false)
			.with("is_html_allowed_on_front", false)
			.with("used_for_sort_by", false)
			.with("is_filterable", false)
			.with("is_filterable_in_search", false)
			.with("is_used_in_grid", attribute.searchable())
			.with("is_visible_in_grid", false)
			.with("is_filterable_in_grid", attribute.searchable())
			.with("position", 0)
			.with("apply_to", List.of())
			.with("is_searchable", "0")
			.with("is_visible_in_advanced_search", "0")
			.with("is_comparable", "0")
			.with("is_used_for_promo_rules", "0")
			.with("is_visible_on_front", "0")
			.with("used_in_product_listing", "0")
			.with("is_visible", true)
			.with("scope", attribute.scope())
			.with("attribute_id", attribute.id())
			.with("attribute_code", attribute.code())
			.with("frontend_input", attribute.frontendInput())
			.with("entity_type_id", PRODUCT_ENTITY_TYPE)
			.with("is_required", attribute.required())
			.with("options", options)
			.with("is_user_defined", false)
			.with("default_frontend_label", attribute.label())
			.with("frontend_labels", List.of())
			.with("backend_type", attribute.backendType())
			.with("is_unique", "0")
			.with("validation_rules", List.of());
	}

}
