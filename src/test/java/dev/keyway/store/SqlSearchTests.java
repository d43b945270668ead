package dev.keyway.store;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.keyway.testing.DatabaseIndependent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link SqlSearch}: criteria become SQL built only from the whitelist of {@link SearchFields};
 * request text never reaches the SQL, whatever it holds.
 */
@DatabaseIndependent
class SqlSearchTests {

	private static SearchCriteria filters(SearchCriteria.FilterGroup... groups) {
		return new SearchCriteria(List.of(groups), List.of(), null, null);
	}

	private static SearchCriteria.FilterGroup or(SearchCriteria.Filter... filters) {
		return new SearchCriteria.FilterGroup(List.of(filters));
	}

	private static SearchCriteria.Filter filter(String field, String value, String condition) {
		return new SearchCriteria.Filter(field, value, condition);
	}

	@Test
	void ofWhenGroupsThenAndOfOrsWithBoundValues() {
		SqlSearch search = SqlSearch.of(ProductStore.FIELDS,
				filters(or(filter("sku", "SP-%", "like"), filter("price", "10", "gt")), or(filter("status", "1", null))));
		assertThat(search.where())
			.isEqualTo(" WHERE (LOWER(p.sku) LIKE :search0 OR p.price > :search1) AND p.status = :search2");
		assertThat(search.orderBy()).isEqualTo(" ORDER BY p.id ASC");
		assertThat(search.page()).isEqualTo(" LIMIT :searchLimit OFFSET :searchOffset");
		assertThat(search.applied().pageSize()).isEqualTo(InputBounds.MAX_ROWS);
		assertThat(search.applied().currentPage()).isEqualTo(1);
	}

	@Test
	void ofWhenPageSizeAboveTheRowCeilingThenInvalid() {
		assertThatExceptionOfType(StoreException.class)
			.isThrownBy(() -> SqlSearch.of(ProductStore.FIELDS, new SearchCriteria(List.of(), List.of(), 10_001, null)))
			.withMessage("Maximum SearchCriteria pageSize is 10000 (the most rows one search returns); got 10001.");
	}

	@Test
	void ofWhenEveryConditionTypeThenItsOperator() {
		String[][] cases = { { "eq", "p.price = :search0" }, { "neq", "p.price <> :search0" },
				{ "in", "p.price IN (:search0)" }, { "nin", "p.price NOT IN (:search0)" }, { "gt", "p.price > :search0" },
				{ "gteq", "p.price >= :search0" }, { "lt", "p.price < :search0" }, { "lteq", "p.price <= :search0" },
				{ "from", "p.price >= :search0" }, { "to", "p.price <= :search0" }, { "null", "p.price IS NULL" },
				{ "notnull", "p.price IS NOT NULL" }, { "EQ", "p.price = :search0" } };
		for (String[] each : cases) {
			String value = each[0].endsWith("in") ? "1,2" : "1";
			assertThat(SqlSearch.of(ProductStore.FIELDS, filters(or(filter("price", value, each[0])))).where())
				.as(each[0])
				.isEqualTo(" WHERE " + each[1]);
		}
		assertThat(SqlSearch.of(ProductStore.FIELDS, filters(or(filter("name", "%tent%", "like")))).where())
			.isEqualTo(" WHERE LOWER(COALESCE(s.name, p.name)) LIKE :search0");
	}

	@Test
	void filterJoinsWhenAFilteredColumnDeclaresAJoinThenThatJoinOnce() {
		SqlSearch search = SqlSearch.of(ProductStore.FIELDS, filters(or(filter("sku", "SP-%", "like")),
				or(filter("price", "1", "gt"), filter("name", "x", "eq")), or(filter("name", "y", "neq"))));
		assertThat(search.filterJoins())
			.isEqualTo("LEFT JOIN catalog_product_store_values s ON s.product_id = p.id AND s.store_id = :storeId\n");
	}

	@Test
	void filterJoinsWhenFilteredColumnsAreOnTheEntityTableOrRelatedThenNone() {
		assertThat(SqlSearch.of(ProductStore.FIELDS,
				filters(or(filter("sku", "SP-%", "like")), or(filter("weight", "1", "gt"), filter("category_id", "3", "eq"))))
			.filterJoins()).isEmpty();
		assertThat(SqlSearch.of(ProductStore.FIELDS, null).filterJoins()).isEmpty();
	}

	@Test
	void ofWhenRelatedFieldsThenExistsSubqueries() {
		assertThat(SqlSearch.of(ProductStore.FIELDS, filters(or(filter("category_id", "3", "eq")))).where())
			.isEqualTo(" WHERE EXISTS (SELECT 1 FROM catalog_category_products l WHERE l.product_id = p.id"
					+ " AND l.category_id = :search0)");
		assertThat(SqlSearch.of(ProductStore.FIELDS, filters(or(filter("category_id", "3,4", "nin")))).where())
			.isEqualTo(" WHERE NOT EXISTS (SELECT 1 FROM catalog_category_products l WHERE l.product_id = p.id"
					+ " AND l.category_id IN (:search0))");
		assertThat(SqlSearch.of(ProductStore.FIELDS, filters(or(filter("color", "red", "eq")))).where())
			.isEqualTo(" WHERE EXISTS (SELECT 1 FROM catalog_product_attributes a WHERE a.product_id = p.id"
					+ " AND a.attribute_code = :search0 AND LOWER(a.attribute_value) = :search1)");
		assertThat(SqlSearch.of(ProductStore.FIELDS, filters(or(filter("color", null, "null")))).where())
			.isEqualTo(" WHERE NOT EXISTS (SELECT 1 FROM catalog_product_attributes a WHERE a.product_id = p.id"
					+ " AND a.attribute_code = :search0)");
	}

	@Test
	void ofWhenSortAndPageThenOrderByAndLimit() {
		SqlSearch search = SqlSearch.of(ProductStore.FIELDS,
				new SearchCriteria(List.of(), List.of(new SearchCriteria.SortOrder("price", "desc"),
						new SearchCriteria.SortOrder("name", null)), 5, null));
		assertThat(search.orderBy()).isEqualTo(" ORDER BY p.price DESC, COALESCE(s.name, p.name) ASC, p.id ASC");
		assertThat(search.page()).isEqualTo(" LIMIT :searchLimit OFFSET :searchOffset");
		assertThat(search.applied().currentPage()).isEqualTo(1);
		assertThat(search.applied().sortOrders()).extracting(SearchCriteria.SortOrder::direction)
			.containsExactly("DESC", "ASC");
	}

	@Test
	void ofWhenUnknownFieldThenInvalidNamingItAndTheAllowedOnes() {
		assertThatExceptionOfType(StoreException.class)
			.isThrownBy(() -> SqlSearch.of(OrderStore.FIELDS, filters(or(filter("password", "x", "eq")))))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(StoreException.Reason.INVALID))
			.withMessageStartingWith("Cannot filter orders by \"password\": it is not a searchable field. Searchable fields: ")
			.withMessageContaining("customer_email, ")
			.withMessageContaining("increment_id, ");
	}

	@Test
	void ofWhenFieldOrSortCarriesSqlThenRefusedBeforeAnySqlIsBuilt() {
		String[] hostile = { "sku; DELETE FROM catalog_products", "sku' OR '1'='1", "p.id", "1=1) OR (1=1",
				"price DESC, (SELECT 1)" };
		for (String field : hostile) {
			assertThatExceptionOfType(StoreException.class)
				.isThrownBy(() -> SqlSearch.of(ProductStore.FIELDS, filters(or(filter(field, "1", "eq")))))
				.withMessageContaining("\"" + field + "\"");
			assertThatExceptionOfType(StoreException.class)
				.isThrownBy(() -> SqlSearch.of(ProductStore.FIELDS,
						new SearchCriteria(List.of(), List.of(new SearchCriteria.SortOrder(field, "ASC")), null, null)))
				.withMessageContaining("\"" + field + "\"");
		}
		assertThatExceptionOfType(StoreException.class)
			.isThrownBy(() -> SqlSearch.of(ProductStore.FIELDS,
					new SearchCriteria(List.of(), List.of(new SearchCriteria.SortOrder("price", "ASC; DROP TABLE x")), null,
							null)))
			.withMessage("The sort direction of \"price\" must be ASC or DESC; got \"ASC; DROP TABLE x\".");
	}

	@Test
	void ofWhenValueCarriesSqlThenItIsABoundParameterOnly() {
		String value = "x' OR '1'='1'; DROP TABLE catalog_products; --";
		SqlSearch search = SqlSearch.of(ProductStore.FIELDS,
				filters(or(filter("sku", value, "eq"), filter("name", value, "like"), filter("color", value, "in"))));
		assertThat(search.where()).doesNotContain("DROP").doesNotContain("'1'").doesNotContain("--");
	}

	@Test
	void ofWhenConditionOrValueIsInvalidThenInvalidShowingIt() {
		assertThatExceptionOfType(StoreException.class)
			.isThrownBy(() -> SqlSearch.of(ProductStore.FIELDS, filters(or(filter("sku", "x", "between")))))
			.withMessageStartingWith("Unknown condition_type \"between\" for field \"sku\"; use one of: eq, neq, like,");
		assertThatExceptionOfType(StoreException.class)
			.isThrownBy(() -> SqlSearch.of(ProductStore.FIELDS, filters(or(filter("price", "%1%", "like")))))
			.withMessage("The condition \"like\" applies to text fields only; \"price\" is a number field.");
		assertThatExceptionOfType(StoreException.class)
			.isThrownBy(() -> SqlSearch.of(ProductStore.FIELDS, filters(or(filter("price", "cheap", "lt")))))
			.withMessage("The filter on \"price\" needs a number with at most 15 digits before the decimal point and 12 "
					+ "after it; got \"cheap\".");
		assertThatExceptionOfType(StoreException.class)
			.isThrownBy(() -> SqlSearch.of(ProductStore.FIELDS, filters(or(filter("created_at", "yesterday", "gt")))))
			.withMessageStartingWith("The filter on \"created_at\" needs a time");
		assertThatExceptionOfType(StoreException.class)
			.isThrownBy(() -> SqlSearch.of(CmsPageStore.FIELDS, filters(or(filter("is_active", "maybe", "eq")))))
			.withMessage("The filter on \"is_active\" needs 1, 0, true or false; got \"maybe\".");
		assertThatExceptionOfType(StoreException.class)
			.isThrownBy(() -> SqlSearch.of(ProductStore.FIELDS, filters(or(filter("sku", null, "eq")))))
			.withMessage("The filter on \"sku\" with condition \"eq\" needs a value.");
		assertThatExceptionOfType(StoreException.class)
			.isThrownBy(() -> SqlSearch.of(ProductStore.FIELDS, filters(or(filter("sku", " , ", "in")))))
			.withMessage("The filter on \"sku\" with condition \"in\" needs comma-separated values; got \" , \".");
	}

	@Test
	void ofWhenPageSizeOrCurrentPageBelowOneThenInvalid() {
		for (int size : new int[] { 0, -1, Integer.MIN_VALUE }) {
			assertThatExceptionOfType(StoreException.class)
				.isThrownBy(() -> SqlSearch.of(ProductStore.FIELDS, new SearchCriteria(List.of(), List.of(), size, 1)))
				.withMessage("The page size (searchCriteria[pageSize]) must be at least 1; got " + size + ".");
		}
		assertThatExceptionOfType(StoreException.class)
			.isThrownBy(() -> SqlSearch.of(ProductStore.FIELDS, new SearchCriteria(List.of(), List.of(), 10, 0)))
			.withMessage("The current page (searchCriteria[currentPage]) must be at least 1; got 0.");
	}

}
