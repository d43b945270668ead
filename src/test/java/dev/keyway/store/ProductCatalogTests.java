package dev.keyway.store;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.keyway.testing.KeywayIntegrationTest;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link ProductCatalog} on the suite's database: every condition type, AND of OR-groups, sort,
 * paging bounds, injection attempts, store-view values and the database's uniqueness rule. Each test
 * works on five products of its own (unique SKU prefix) next to the demo catalog.
 */
@KeywayIntegrationTest
class ProductCatalogTests {

	@Autowired
	ProductCatalog catalog;

	private String prefix;

	private final List<String> created = new ArrayList<>();

	@BeforeEach
	void createProducts() {
		this.prefix = "PCT-" + UUID.randomUUID().toString().substring(0, 8) + "-";
		create("A", "Alpha Tent", "10", "1", 1, "Red", List.of(3L));
		create("B", "Bravo tent", "20", null, 2, "Blue", List.of(4L));
		create("C", "Charlie Pack", "30", "3", 1, null, List.of(3L, 4L));
		create("D", "Delta Pack", "40", "4", 1, "red", List.of());
		create("E", "Echo Boot", "50", null, 2, "Green", List.of(6L));
	}

	@AfterEach
	void deleteProducts() {
		for (String sku : this.created) {
			try {
				this.catalog.delete(sku);
			}
			catch (StoreException ex) {
				// deleted by the test itself
			}
		}
	}

	private Product create(String suffix, String name, String price, String weight, int status, String color,
			List<Long> categories) {
		Map<String, String> attributes = new LinkedHashMap<>();
		attributes.put("description", "<p>" + name + "</p>");
		if (color != null) {
			attributes.put("color", color);
		}
		Product product = this.catalog.create(new ProductDraft(this.prefix + suffix, name, null, new BigDecimal(price),
				status, null, null, (weight != null) ? new BigDecimal(weight) : null, null,
				categories.stream().map((id) -> new Product.CategoryLink(id, 1)).toList(), attributes), "default");
		this.created.add(product.sku());
		return product;
	}

	/** The suffixes (A..E) of this test's products matching the group, by SKU. */
	private List<String> match(SearchCriteria.Filter... anyOf) {
		return suffixes(this.catalog.search(criteria(List.of(List.of(anyOf)), List.of(), null, null), "default"));
	}

	private SearchCriteria criteria(List<List<SearchCriteria.Filter>> groups, List<SearchCriteria.SortOrder> sorts,
			Integer pageSize, Integer currentPage) {
		List<SearchCriteria.FilterGroup> filterGroups = new ArrayList<>();
		filterGroups.add(new SearchCriteria.FilterGroup(List.of(filter("sku", this.prefix + "%", "like"))));
		for (List<SearchCriteria.Filter> group : groups) {
			filterGroups.add(new SearchCriteria.FilterGroup(group));
		}
		List<SearchCriteria.SortOrder> order = sorts.isEmpty() ? List.of(new SearchCriteria.SortOrder("sku", "ASC"))
				: sorts;
		return new SearchCriteria(filterGroups, order, pageSize, currentPage);
	}

	private List<String> suffixes(SearchResult<Product> result) {
		return result.items().stream().map((product) -> product.sku().substring(this.prefix.length())).toList();
	}

	private static SearchCriteria.Filter filter(String field, String value, String condition) {
		return new SearchCriteria.Filter(field, value, condition);
	}

	@Test
	void searchWhenEachConditionTypeThenExactlyTheMatchingProducts() {
		assertThat(match(filter("price", "20", "eq"))).containsExactly("B");
		assertThat(match(filter("price", "20", null))).as("no condition_type means eq").containsExactly("B");
		assertThat(match(filter("price", "20", "neq"))).containsExactly("A", "C", "D", "E");
		assertThat(match(filter("name", "%TENT%", "like"))).as("like ignores case").containsExactly("A", "B");
		assertThat(match(filter("sku", this.prefix.toLowerCase() + "a, " + this.prefix + "C", "in")))
			.containsExactly("A", "C");
		assertThat(match(filter("price", "10,20", "nin"))).containsExactly("C", "D", "E");
		assertThat(match(filter("price", "30", "gt"))).containsExactly("D", "E");
		assertThat(match(filter("price", "30", "gteq"))).containsExactly("C", "D", "E");
		assertThat(match(filter("price", "30", "lt"))).containsExactly("A", "B");
		assertThat(match(filter("price", "30.00", "lteq"))).containsExactly("A", "B", "C");
		assertThat(match(filter("weight", null, "null"))).containsExactly("B", "E");
		assertThat(match(filter("weight", "ignored", "notnull"))).containsExactly("A", "C", "D");
	}

	@Test
	void searchWhenCustomAttributeOrCategoryThenFilteredOnThem() {
		assertThat(match(filter("color", "RED", "eq"))).containsExactly("A", "D");
		assertThat(match(filter("color", "%e%", "like"))).containsExactly("A", "B", "D", "E");
		assertThat(match(filter("color", null, "null"))).containsExactly("C");
		assertThat(match(filter("category_id", "3", "eq"))).containsExactly("A", "C");
		assertThat(match(filter("category_id", "4,6", "in"))).containsExactly("B", "C", "E");
		assertThat(match(filter("category_id", "3", "nin"))).as("not in the category").containsExactly("B", "D", "E");
		assertThat(match(filter("category_id", null, "null"))).as("in no category").containsExactly("D");
		assertThat(match(filter("website_id", "1", "eq"))).containsExactly("A", "B", "C", "D", "E");
	}

	@Test
	void searchWhenSeveralGroupsThenAndOfOrGroups() {
		SearchResult<Product> result = this.catalog.search(criteria(
				List.of(List.of(filter("price", "15", "lt"), filter("price", "45", "gt")),
						List.of(filter("status", "1", "eq"))),
				List.of(), null, null), "default");
		assertThat(suffixes(result)).containsExactly("A");
		assertThat(result.totalCount()).isEqualTo(1);
		assertThat(match(filter("price", "15", "lt"), filter("price", "45", "gt"), filter("color", "blue", "eq")))
			.containsExactly("A", "B", "E");
	}

	@Test
	void searchWhenSortedThenInThatOrderWithIdAsTieBreak() {
		assertThat(suffixes(this.catalog.search(
				criteria(List.of(), List.of(new SearchCriteria.SortOrder("price", "desc")), null, null), "default")))
			.containsExactly("E", "D", "C", "B", "A");
		assertThat(suffixes(this.catalog.search(criteria(List.of(),
				List.of(new SearchCriteria.SortOrder("status", "DESC"), new SearchCriteria.SortOrder("name", "ASC")), null,
				null), "default")))
			.containsExactly("B", "E", "A", "C", "D");
		assertThatExceptionOfType(StoreException.class)
			.isThrownBy(() -> this.catalog.search(
					criteria(List.of(), List.of(new SearchCriteria.SortOrder("color", "ASC")), null, null), "default"))
			.withMessageStartingWith("Cannot sort products by \"color\": it is not a sortable field. Sortable fields: ");
	}

	@Test
	void searchWhenPagedThenPageItemsAndTotalAndEmptyBeyondTheEnd() {
		List<SearchCriteria.SortOrder> byPrice = List.of(new SearchCriteria.SortOrder("price", "ASC"));
		SearchResult<Product> first = this.catalog.search(criteria(List.of(), byPrice, 2, null), "default");
		assertThat(suffixes(first)).containsExactly("A", "B");
		assertThat(first.totalCount()).isEqualTo(5);
		assertThat(first.criteria().currentPage()).isEqualTo(1);
		SearchResult<Product> last = this.catalog.search(criteria(List.of(), byPrice, 2, 3), "default");
		assertThat(suffixes(last)).containsExactly("E");
		assertThat(last.totalCount()).isEqualTo(5);
		SearchResult<Product> beyond = this.catalog.search(criteria(List.of(), byPrice, 2, 4), "default");
		assertThat(beyond.items()).isEmpty();
		assertThat(beyond.totalCount()).isEqualTo(5);
		SearchResult<Product> far = this.catalog.search(criteria(List.of(), byPrice, 1000, Integer.MAX_VALUE), "default");
		assertThat(far.items()).isEmpty();
		assertThat(far.totalCount()).isEqualTo(5);
		for (int size : new int[] { 0, -3 }) {
			assertThatExceptionOfType(StoreException.class)
				.isThrownBy(() -> this.catalog.search(criteria(List.of(), byPrice, size, 1), "default"))
				.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(StoreException.Reason.INVALID))
				.withMessage("The page size (searchCriteria[pageSize]) must be at least 1; got " + size + ".");
		}
	}

	@Test
	void searchWhenQuotesAndSqlKeywordsInFieldOrValueThenRefusedOrUnmatchedAndNothingChanges() {
		long before = this.catalog.search(SearchCriteria.all(), "default").totalCount();
		String[] values = { "' OR '1'='1", "x'; DELETE FROM catalog_products; --", "%' OR 1=1 --",
				"1; DROP TABLE catalog_products", "\\'; TRUNCATE catalog_products; --" };
		for (String value : values) {
			assertThat(match(filter("sku", value, "eq"))).isEmpty();
			assertThat(match(filter("name", value, "like"))).isEmpty();
			assertThat(match(filter("color", value, "in"))).isEmpty();
			assertThatExceptionOfType(StoreException.class).isThrownBy(() -> match(filter("price", value, "gt")))
				.withMessageContaining("needs a number");
			assertThatExceptionOfType(StoreException.class).isThrownBy(() -> match(filter("sku" + value, "x", "eq")))
				.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(StoreException.Reason.INVALID))
				.withMessageContaining("\"sku" + value + "\"");
		}
		assertThat(this.catalog.search(SearchCriteria.all(), "default").totalCount()).isEqualTo(before);
		assertThat(this.catalog.get("SP-JK-001", "default").name()).isEqualTo("Ridgeline 2.5L Rain Shell");
	}

	@Test
	void updateWhenThroughAStoreViewThenNameAndDescriptionAreThatStoreViewsValues() {
		String sku = this.prefix + "A";
		Product french = this.catalog.update(sku, new ProductDraft(null, "Tente Alpha", null, new BigDecimal("11"), null,
				null, null, null, null, null, Map.of("description", "<p>Une tente.</p>")), "fr");
		assertThat(french.name()).isEqualTo("Tente Alpha");
		assertThat(french.price()).isEqualByComparingTo("11");
		assertThat(french.customAttributes()).contains(new Product.Attribute("description", "<p>Une tente.</p>"));
		Product global = this.catalog.get(sku, "default");
		assertThat(global.name()).isEqualTo("Alpha Tent");
		assertThat(global.price()).as("price is global").isEqualByComparingTo("11");
		assertThat(global.customAttributes()).contains(new Product.Attribute("description", "<p>Alpha Tent</p>"));
		assertThat(this.catalog.get(sku, "all").name()).isEqualTo("Alpha Tent");

		this.catalog.update(sku, new ProductDraft(null, "Alpha Tent II", null, null, null, null, null, null, null, null,
				null), "all");
		assertThat(this.catalog.get(sku, "default").name()).isEqualTo("Alpha Tent II");
		assertThat(this.catalog.get(sku, "fr").name()).isEqualTo("Tente Alpha");
		this.catalog.update(sku, new ProductDraft(null, "Alpha Tent III", null, null, null, null, null, null, null, null,
				null), "default");
		assertThat(this.catalog.get(sku, "all").name()).as("the default store view writes global values")
			.isEqualTo("Alpha Tent III");
		assertThat(match(filter("name", "Tente%", "like"))).as("searching in the default scope").isEmpty();
		assertThat(this.catalog
			.search(criteria(List.of(List.of(filter("name", "tente%", "like"))), List.of(), null, null), "fr")
			.items()).extracting(Product::sku).containsExactly(sku);
		List<List<SearchCriteria.Filter>> frenchName = List.of(List.of(filter("name", "tente%", "like")));
		assertThat(this.catalog.search(criteria(frenchName, List.of(), 1, 1), "fr").totalCount())
			.as("a paged count filtered on the name reads the store view's names")
			.isEqualTo(1);
		assertThat(this.catalog.search(criteria(frenchName, List.of(), 1, 1), "default").totalCount()).isZero();
	}

	@Test
	void updateWhenListsGivenThenReplacedAndOtherValuesKept() {
		String sku = this.prefix + "C";
		Map<String, String> attributes = new LinkedHashMap<>();
		attributes.put("color", "Black");
		attributes.put("description", null);
		Product updated = this.catalog.update(sku, new ProductDraft(sku.toLowerCase(), null, null, null, 2, 2, "virtual",
				null, null, List.of(new Product.CategoryLink(11, 7)), attributes), "default");
		assertThat(updated.status()).isEqualTo(2);
		assertThat(updated.visibility()).isEqualTo(2);
		assertThat(updated.typeId()).isEqualTo("virtual");
		assertThat(updated.price()).isEqualByComparingTo("30");
		assertThat(updated.weight()).isEqualByComparingTo("3");
		assertThat(updated.categoryLinks()).containsExactly(new Product.CategoryLink(11, 7));
		assertThat(updated.customAttributes()).containsExactly(new Product.Attribute("color", "Black"));
		assertThat(updated.updatedAt()).isAfterOrEqualTo(updated.createdAt());
	}

	@Test
	void createWhenSkuExistsIgnoringCaseThenConflictFromTheDatabaseConstraint() {
		String sku = this.prefix.toLowerCase() + "a";
		assertThatExceptionOfType(StoreException.class)
			.isThrownBy(() -> this.catalog.create(new ProductDraft(sku, "Copy", null, BigDecimal.ONE, null, null, null,
					null, null, null, null), "default"))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(StoreException.Reason.CONFLICT))
			.withMessage("A product with the SKU \"" + sku + "\" already exists (SKUs are unique, ignoring case); change "
					+ "it with PUT /V1/products/" + sku + " or choose another SKU.");
		assertThat(match(filter("name", "Copy", "eq"))).isEmpty();
	}

	@Test
	void getWhenStoreCodeIsLongThenInvalidShowingItsFirst64CharactersAndLength() {
		assertThatExceptionOfType(StoreException.class).isThrownBy(() -> this.catalog.get("any", "c".repeat(10_000)))
			.withMessage("The store code \"" + "c".repeat(64) + "…\" (10000 characters) names no store view.");
	}

	@Test
	void createWhenValuesBreakRulesThenEveryBrokenRuleListed() {
		assertThatExceptionOfType(StoreException.class)
			.isThrownBy(() -> this.catalog.create(new ProductDraft(this.prefix + "X", "X", 0, new BigDecimal("-1"), 3, 9,
					"kit", new BigDecimal("-2"), null, null, Map.of("flavour", "mint")), "default"))
			.satisfies((ex) -> {
				assertThat(ex.reason()).isEqualTo(StoreException.Reason.INVALID);
				assertThat(ex.problems()).hasSize(7)
					.contains("\"price\" must be zero or more; got -1.", "\"weight\" must be zero or more; got -2.",
							"\"status\" must be 1 (enabled) or 2 (disabled); got 3.",
							"\"attribute_set_id\" must be a positive id; got 0.")
					.anySatisfy((problem) -> assertThat(problem).startsWith("\"visibility\" must be 1"))
					.anySatisfy((problem) -> assertThat(problem)
						.isEqualTo("\"type_id\" must be one of simple, virtual, downloadable, configurable, bundle, "
								+ "grouped; got \"kit\"."))
					.anySatisfy((problem) -> assertThat(problem).startsWith("Unknown product attribute \"flavour\"; known"));
			});
		assertThatExceptionOfType(StoreException.class)
			.isThrownBy(() -> this.catalog.create(new ProductDraft(null, null, null, null, null, null, null, null, null,
					null, null), "default"))
			.satisfies((ex) -> assertThat(ex.problems()).containsExactly("\"sku\" is required: a product needs a SKU.",
					"\"name\" is required: a product needs a name.",
					"\"price\" is required for a product of type \"simple\"."));
	}

	@Test
	void createWhenCategoryOrWebsiteDoesNotExistThenInvalidAndNothingStored() {
		assertThatExceptionOfType(StoreException.class)
			.isThrownBy(() -> this.catalog.create(new ProductDraft(this.prefix + "X", "X", null, BigDecimal.ONE, null, null,
					null, null, null, List.of(new Product.CategoryLink(3, 0), new Product.CategoryLink(987654, 0)), null),
					"default"))
			.withMessage("\"category_links\" must name existing categories; got category ids [3, 987654].");
		assertThatExceptionOfType(StoreException.class)
			.isThrownBy(() -> this.catalog.create(new ProductDraft(this.prefix + "X", "X", null, BigDecimal.ONE, null, null,
					null, null, List.of(1, 77), null, null), "default"))
			.withMessage("\"website_ids\" must name existing websites; got [1, 77].");
		assertThatExceptionOfType(StoreException.class).isThrownBy(() -> this.catalog.get(this.prefix + "X", "default"))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(StoreException.Reason.NOT_FOUND));
	}

	@Test
	void deleteWhenProductExistsThenGoneWithMagentosNotFound() {
		String sku = this.prefix + "E";
		this.catalog.delete(sku);
		assertThatExceptionOfType(StoreException.class).isThrownBy(() -> this.catalog.get(sku, "default"))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(StoreException.Reason.NOT_FOUND))
			.withMessage("The product that was requested doesn't exist. Verify the product and try again.");
		assertThatExceptionOfType(StoreException.class).isThrownBy(() -> this.catalog.delete(sku))
			.withMessage(ProductCatalog.NOT_FOUND);
		assertThat(match(filter("category_id", "6", "eq"))).isEmpty();
	}

}
