package dev.keyway.store;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * A catalog product as seen from one store scope: {@code name} and the {@code description} attribute
 * are the store view's values where it has its own, the global values otherwise.
 */
public record Product(long id, String sku, String name, int attributeSetId, BigDecimal price, int status,
		int visibility, String typeId, BigDecimal weight, Instant createdAt, Instant updatedAt, List<Integer> websiteIds,
		List<CategoryLink> categoryLinks, List<Attribute> customAttributes) {

	public Product {
		websiteIds = List.copyOf(websiteIds);
		categoryLinks = List.copyOf(categoryLinks);
		customAttributes = List.copyOf(customAttributes);
	}

	/** The product's place in a category. */
	public record CategoryLink(long categoryId, int position) {
	}

	/** A custom attribute value, as text. */
	public record Attribute(String code, String value) {
	}

}
