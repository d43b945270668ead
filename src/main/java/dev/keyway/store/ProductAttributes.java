package dev.keyway.store;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

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

	/** Custom attributes with a long text (Magento's textarea); the others are one-line texts. */
	static final Set<String> LONG_TEXTS = Set.of(DESCRIPTION, "short_description");

	/** Magento's default labels of the custom attributes; null where Magento has none (internal ones). */
	private static final Map<String, String> LABELS = labels();

	private static final List<ProductAttribute.Option> ENABLED = List.of(new ProductAttribute.Option("Enabled", "1"),
			new ProductAttribute.Option("Disabled", "2"));

	private static final List<ProductAttribute.Option> VISIBILITIES = List.of(
			new ProductAttribute.Option("Not Visible Individually", "1"), new ProductAttribute.Option("Catalog", "2"),
			new ProductAttribute.Option("Search", "3"), new ProductAttribute.Option("Catalog, Search", "4"));

	private ProductAttributes() {
	}

	/**
	 * The fixed list of product attributes, as Keyway stores them: the product's columns first, then
	 * {@link #CODES} in alphabetical order; ids are positions in this list, so a new attribute is
	 * appended, never inserted. Custom attributes are stored as given (text), so their input is
	 * {@code text} (or {@code textarea}, or {@code price} for {@link #DECIMALS}, the only ones checked),
	 * with no options: Keyway keeps no option lists. Only {@code name} and {@code description} have
	 * store-view values ({@code store} scope). No attribute is user-defined (Keyway creates none).
	 */
	static List<ProductAttribute> table(Predicate<String> searchable) {
		List<ProductAttribute> table = new ArrayList<>();
		add(table, "sku", "SKU", "text", "static", "global", true, List.of(), searchable);
		add(table, "name", "Product Name", "text", "varchar", "store", true, List.of(), searchable);
		add(table, "price", "Price", "price", "decimal", "global", true, List.of(), searchable);
		add(table, "weight", "Weight", "weight", "decimal", "global", false, List.of(), searchable);
		add(table, "status", "Enable Product", "select", "int", "global", false, ENABLED, searchable);
		add(table, "visibility", "Visibility", "select", "int", "global", false, VISIBILITIES, searchable);
		add(table, "category_ids", "Categories", "categories", "static", "global", false, List.of(), searchable);
		for (String code : new TreeSet<>(CODES)) {
			if (!LABELS.containsKey(code)) {
				throw new IllegalStateException("Product attribute \"" + code + "\" has no entry in the label table");
			}
			String input = DECIMALS.contains(code) ? "price" : LONG_TEXTS.contains(code) ? "textarea" : "text";
			String backend = DECIMALS.contains(code) ? "decimal" : LONG_TEXTS.contains(code) ? "text" : "varchar";
			add(table, code, LABELS.get(code), input, backend, DESCRIPTION.equals(code) ? "store" : "global", false,
					List.of(), searchable);
		}
		return List.copyOf(table);
	}

	private static void add(List<ProductAttribute> table, String code, String label, String input, String backend,
			String scope, boolean required, List<ProductAttribute.Option> options, Predicate<String> searchable) {
		table.add(new ProductAttribute(table.size() + 1, code, label, input, backend, scope, required,
				searchable.test(code), options));
	}

	private static Map<String, String> labels() {
		Map<String, String> labels = new HashMap<>();
		labels.put(DESCRIPTION, "Description");
		labels.put("short_description", "Short Description");
		labels.put("url_key", "URL Key");
		labels.put("url_path", null);
		labels.put("meta_title", "Meta Title");
		labels.put("meta_keyword", "Meta Keywords");
		labels.put("meta_description", "Meta Description");
		labels.put("color", "Color");
		labels.put("material", "Material");
		labels.put("gender", "Gender");
		labels.put("size", "Size");
		labels.put("activity", "Activity");
		labels.put("manufacturer", "Manufacturer");
		labels.put("country_of_manufacture", "Country of Manufacture");
		labels.put("tax_class_id", "Tax Class");
		labels.put("special_price", "Special Price");
		labels.put("special_from_date", "Special Price From Date");
		labels.put("special_to_date", "Special Price To Date");
		labels.put("news_from_date", "Set Product as New from Date");
		labels.put("news_to_date", "Set Product as New to Date");
		labels.put("cost", "Cost");
		labels.put("image", "Base");
		labels.put("small_image", "Small");
		labels.put("thumbnail", "Thumbnail");
		labels.put("swatch_image", "Swatch");
		labels.put("options_container", "Display Product Options In");
		labels.put("required_options", null);
		labels.put("has_options", null);
		labels.put("gift_message_available", "Allow Gift Message");
		labels.put("msrp_display_actual_price_type", "Display Actual Price");
		return Collections.unmodifiableMap(labels);
	}

	static String known() {
		return String.join(", ", new TreeSet<>(CODES));
	}

}
