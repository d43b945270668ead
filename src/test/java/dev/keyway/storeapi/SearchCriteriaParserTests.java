package dev.keyway.storeapi;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.keyway.store.SearchCriteria;
import dev.keyway.testing.DatabaseIndependent;
import dev.keyway.webapi.ApiException;
import dev.keyway.webapi.ApiRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link SearchCriteriaParser}: Magento's {@code searchCriteria} query syntax in camelCase and
 * snake_case, with raw and percent-encoded brackets, into {@link SearchCriteria}. The query strings go
 * through {@link ApiRequest#parseQuery}, as on a real request.
 */
@DatabaseIndependent
class SearchCriteriaParserTests {

	private static final String SNAKE = "searchCriteria[filter_groups][0][filters][0][field]=sku"
			+ "&searchCriteria[filter_groups][0][filters][0][value]=SP-%25"
			+ "&searchCriteria[filter_groups][0][filters][0][condition_type]=like"
			+ "&searchCriteria[filter_groups][0][filters][1][field]=name"
			+ "&searchCriteria[filter_groups][0][filters][1][value]=Tent"
			+ "&searchCriteria[filter_groups][1][filters][0][field]=price"
			+ "&searchCriteria[filter_groups][1][filters][0][value]=100"
			+ "&searchCriteria[filter_groups][1][filters][0][condition_type]=gteq"
			+ "&searchCriteria[sort_orders][0][field]=price&searchCriteria[sort_orders][0][direction]=DESC"
			+ "&searchCriteria[page_size]=10&searchCriteria[current_page]=2";

	private static final String CAMEL = "searchCriteria[filterGroups][0][filters][0][field]=sku"
			+ "&searchCriteria[filterGroups][0][filters][0][value]=SP-%25"
			+ "&searchCriteria[filterGroups][0][filters][0][conditionType]=like"
			+ "&searchCriteria[filterGroups][0][filters][1][field]=name"
			+ "&searchCriteria[filterGroups][0][filters][1][value]=Tent"
			+ "&searchCriteria[filterGroups][1][filters][0][field]=price"
			+ "&searchCriteria[filterGroups][1][filters][0][value]=100"
			+ "&searchCriteria[filterGroups][1][filters][0][conditionType]=gteq"
			+ "&searchCriteria[sortOrders][0][field]=price&searchCriteria[sortOrders][0][direction]=DESC"
			+ "&searchCriteria[pageSize]=10&searchCriteria[currentPage]=2";

	private static SearchCriteria parse(String query) {
		return SearchCriteriaParser.parse(ApiRequest.parseQuery(query));
	}

	private static SearchCriteria expected() {
		return new SearchCriteria(
				List.of(new SearchCriteria.FilterGroup(List.of(new SearchCriteria.Filter("sku", "SP-%", "like"),
						new SearchCriteria.Filter("name", "Tent", null))),
						new SearchCriteria.FilterGroup(List.of(new SearchCriteria.Filter("price", "100", "gteq")))),
				List.of(new SearchCriteria.SortOrder("price", "DESC")), 10, 2);
	}

	@Test
	void parseWhenSnakeCaseKeysThenGroupsFiltersSortAndPage() {
		assertThat(parse(SNAKE)).isEqualTo(expected());
	}

	@Test
	void parseWhenCamelCaseKeysThenSameCriteria() {
		assertThat(parse(CAMEL)).isEqualTo(expected());
	}

	@Test
	void parseWhenBracketsArePercentEncodedThenSameCriteria() {
		assertThat(parse(SNAKE.replace("[", "%5B").replace("]", "%5D"))).isEqualTo(expected());
		assertThat(parse(CAMEL.replace("[", "%5b").replace("]", "%5d"))).isEqualTo(expected());
	}

	@Test
	void parseWhenConditionTypeMissingThenEq() {
		SearchCriteria criteria = parse("searchCriteria[filter_groups][0][filters][0][field]=sku"
				+ "&searchCriteria[filter_groups][0][filters][0][value]=SP-JK-001");
		assertThat(criteria.filterGroups().get(0).filters().get(0).conditionType()).isEqualTo("eq");
		assertThat(criteria.pageSize()).isNull();
		assertThat(criteria.currentPage()).isNull();
	}

	@Test
	void parseWhenIndexesAreSparseOrUnorderedThenOrderedByIndex() {
		SearchCriteria criteria = parse("searchCriteria[filter_groups][7][filters][3][field]=b"
				+ "&searchCriteria[filter_groups][2][filters][9][field]=a"
				+ "&searchCriteria[filter_groups][7][filters][1][field]=c"
				+ "&searchCriteria[sortOrders][5][field]=y&searchCriteria[sortOrders][1][field]=x");
		assertThat(criteria.filterGroups()).hasSize(2);
		assertThat(criteria.filterGroups().get(0).filters()).extracting(SearchCriteria.Filter::field).containsExactly("a");
		assertThat(criteria.filterGroups().get(1).filters()).extracting(SearchCriteria.Filter::field)
			.containsExactly("c", "b");
		assertThat(criteria.sortOrders()).extracting(SearchCriteria.SortOrder::field).containsExactly("x", "y");
		assertThat(criteria.sortOrders().get(0).direction()).isEqualTo("ASC");
	}

	@Test
	void parseWhenNoCriteriaOrOtherParametersThenEmptyCriteria() {
		assertThat(parse("")).isEqualTo(SearchCriteria.all());
		assertThat(parse("searchCriteria=&fields=items[sku]&storeId=1")).isEqualTo(SearchCriteria.all());
	}

	@Test
	void parseWhenValuesCarryQuotesAndKeywordsThenKeptVerbatim() {
		SearchCriteria criteria = parse("searchCriteria[filter_groups][0][filters][0][field]=sku%27%3B+DROP+TABLE+x"
				+ "&searchCriteria[filter_groups][0][filters][0][value]=%27+OR+%271%27%3D%271");
		SearchCriteria.Filter filter = criteria.filterGroups().get(0).filters().get(0);
		assertThat(filter.field()).isEqualTo("sku'; DROP TABLE x");
		assertThat(filter.value()).isEqualTo("' OR '1'='1");
	}

	@Test
	void parseWhenUnknownKeyThenBadRequestNamingIt() {
		assertThatExceptionOfType(ApiException.class).isThrownBy(() -> parse("searchCriteria[limit]=5"))
			.satisfies((ex) -> assertThat(ex.status()).isEqualTo(400))
			.withMessageContaining("\"searchCriteria[limit]\"");
		assertThatExceptionOfType(ApiException.class)
			.isThrownBy(() -> parse("searchCriteria[filter_groups][0][filters][0][operator]=eq"))
			.withMessageContaining("\"searchCriteria[filter_groups][0][filters][0][operator]\"");
		assertThatExceptionOfType(ApiException.class)
			.isThrownBy(() -> parse("searchCriteria[filter_groups][x][filters][0][field]=sku"))
			.withMessageContaining("[filter_groups][x]");
		assertThatExceptionOfType(ApiException.class).isThrownBy(() -> parse("searchCriteria[pageSize]x=5"))
			.withMessageContaining("\"searchCriteria[pageSize]x\"");
	}

	@Test
	void parseWhenFilterOrSortHasNoFieldThenBadRequest() {
		assertThatExceptionOfType(ApiException.class)
			.isThrownBy(() -> parse("searchCriteria[filter_groups][0][filters][0][value]=x"))
			.satisfies((ex) -> assertThat(ex.status()).isEqualTo(400))
			.withMessage("The filter searchCriteria[filter_groups][0][filters][0] has no [field]; every filter needs one.");
		assertThatExceptionOfType(ApiException.class)
			.isThrownBy(() -> parse("searchCriteria[sortOrders][3][direction]=ASC"))
			.withMessage("The sort order searchCriteria[sortOrders][3] has no [field]; every sort order needs one.");
	}

	@Test
	void parseWhenPageIsNotAWholeNumberThenBadRequestShowingTheValue() {
		assertThatExceptionOfType(ApiException.class).isThrownBy(() -> parse("searchCriteria[pageSize]=ten"))
			.satisfies((ex) -> assertThat(ex.status()).isEqualTo(400))
			.withMessage("\"searchCriteria[pageSize]\" must be a whole number from 1 to 2147483647; got \"ten\".");
		assertThatExceptionOfType(ApiException.class).isThrownBy(() -> parse("searchCriteria[current_page]=1.5"))
			.withMessage("\"searchCriteria[current_page]\" must be a whole number from 1 to 2147483647; got \"1.5\".");
	}

	@Test
	void parseWhenPageSizeIsZeroOrNegativeThenPassedOnForTheStoreToRefuse() {
		assertThat(parse("searchCriteria[pageSize]=0").pageSize()).isZero();
		assertThat(parse("searchCriteria[pageSize]=-5").pageSize()).isEqualTo(-5);
	}

}
