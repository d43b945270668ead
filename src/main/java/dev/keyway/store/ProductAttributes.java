package dev.keyway.store;

import java.util.Set;
import java.util.TreeSet;

/**
 * The custom attributes a product may carry (a subset of Magento's default attribute set). Writes of
 * other codes are refused, and these codes are the extra searchable fields of products.
 */
final class ProductAttributes {

	/** The attribute with a store-view value besides {@code name}. */
	static final String DESCRIPTION = "description";

	static final Set<String> CODES = Set.copyOf(new TreeSet<>(Set.of(DESCRIPTION, "short_description", "url_key",
			"meta_title", "meta_keyword", "meta_description", "color", "material", "gender", "size", "activity",
			"manufacturer", "country_of_manufacture", "tax_class_id", "special_price", "special_from_date",
			"special_to_date", "news_from_date", "news_to_date", "cost", "image", "small_image", "thumbnail",
			"swatch_image", "options_container", "required_options", "has_options", "gift_message_available",
			"msrp_display_actual_price_type", "url_path")));

	/** The attributes holding decimals (Magento's price backend): bounded like every decimal input. */
	static final Set<String> DECIMALS = Set.of("special_price", "cost");

	private ProductAttributes() {
	}

	static String known() {
		return String.join(", ", new TreeSet<>(CODES));
	}

}
