package dev.keyway.store;

import java.util.List;

/**
 * One product attribute as Magento's {@code catalogProductAttributeRepositoryV1} describes it, derived
 * from what Keyway stores (see {@link ProductAttributeDirectory}). {@code id} is Keyway's own, stable
 * number (not Magento's); {@code label} may be null (Magento has none for internal attributes);
 * {@code scope} is {@code store} where Keyway keeps store-view values, else {@code global};
 * {@code searchable} says whether {@code GET /V1/products} accepts it as a search field.
 */
public record ProductAttribute(int id, String code, String label, String frontendInput, String backendType,
		String scope, boolean required, boolean searchable, List<Option> options) {

	public ProductAttribute {
		options = List.copyOf(options);
	}

	/** A value the attribute accepts, with its label. */
	public record Option(String label, String value) {
	}

}
