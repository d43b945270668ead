package dev.keyway.store;

/** Magento's product types, as {@code GET /V1/products/types} lists them. */
public enum ProductType {

	SIMPLE("simple", "Simple Product"), VIRTUAL("virtual", "Virtual Product"),
	DOWNLOADABLE("downloadable", "Downloadable Product"), CONFIGURABLE("configurable", "Configurable Product"),
	BUNDLE("bundle", "Bundle Product"), GROUPED("grouped", "Grouped Product");

	private final String code;

	private final String label;

	ProductType(String code, String label) {
		this.code = code;
		this.label = label;
	}

	public String code() {
		return this.code;
	}

	public String label() {
		return this.label;
	}

	static ProductType of(String code) {
		for (ProductType type : values()) {
			if (type.code.equals(code)) {
				return type;
			}
		}
		return null;
	}

	/** Types whose price comes from their children, so that a price of their own is optional. */
	boolean priceOptional() {
		return this == CONFIGURABLE || this == BUNDLE || this == GROUPED;
	}

}
