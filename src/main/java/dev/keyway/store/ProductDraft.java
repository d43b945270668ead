package dev.keyway.store;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Submitted product values. A null component is "not given": on create it takes its default (status
 * 1, visibility 4, type simple, attribute set 4, website 1), on update it keeps its value. A custom
 * attribute given with a null value is removed. Lists given replace the stored lists.
 */
public record ProductDraft(String sku, String name, Integer attributeSetId, BigDecimal price, Integer status,
		Integer visibility, String typeId, BigDecimal weight, List<Integer> websiteIds,
		List<Product.CategoryLink> categoryLinks, Map<String, String> customAttributes) {

	public ProductDraft {
		websiteIds = (websiteIds != null) ? List.copyOf(websiteIds) : null;
		categoryLinks = (categoryLinks != null) ? List.copyOf(categoryLinks) : null;
		customAttributes = (customAttributes != null) ? Collections.unmodifiableMap(new LinkedHashMap<>(customAttributes))
				: Map.of();
	}

}
