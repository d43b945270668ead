package dev.keyway.webapi;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.keyway.testing.DatabaseIndependent;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Magento's {@code fields} syntax (Magento\Framework\Webapi\Rest\Response\FieldsFilter), rule by rule.
 */
@DatabaseIndependent
class FieldsFilterTests {

	private static final JsonMapper JSON = JsonMapper.shared();

	private static final String LIST = "{\"items\":[{\"id\":1,\"sku\":\"A\",\"name\":\"Tent\",\"price\":9,"
			+ "\"extension_attributes\":{\"website_ids\":[1],\"category_links\":[{\"position\":0,\"category_id\":\"3\"}]}},"
			+ "{\"id\":2,\"sku\":\"B\",\"name\":\"Mug\",\"price\":4,\"extension_attributes\":{\"website_ids\":[],"
			+ "\"category_links\":[]}}],\"search_criteria\":{\"page_size\":2},\"total_count\":7}";

	private static String filtered(String body, String fields) {
		return FieldsFilter.apply(JSON.readTree(body), fields).toString();
	}

	@Test
	void applyWhenNestedNamesThenEachListItemKeepsOnlyThemInItsOwnOrder() {
		assertThat(filtered(LIST, "total_count,items[name,sku]"))
			.isEqualTo("{\"items\":[{\"sku\":\"A\",\"name\":\"Tent\"},{\"sku\":\"B\",\"name\":\"Mug\"}],\"total_count\":7}");
	}

	@Test
	void applyWhenNestingRecursesThenFilteredAtEveryDepth() {
		assertThat(filtered(LIST, "items[sku,extension_attributes[category_links[category_id]]]"))
			.isEqualTo("{\"items\":[{\"sku\":\"A\",\"extension_attributes\":{\"category_links\":[{\"category_id\":\"3\"}]}},"
					+ "{\"sku\":\"B\",\"extension_attributes\":{\"category_links\":null}}]}");
	}

	@Test
	void applyWhenNamesUnknownThenDropped() {
		assertThat(filtered(LIST, "total_count,colour,items[weight]"))
			.isEqualTo("{\"items\":[{},{}],\"total_count\":7}");
	}

	@Test
	void applyWhenTopLevelIsAListThenEachItemFiltered() {
		assertThat(filtered("[{\"name\":\"simple\",\"label\":\"Simple Product\"},{\"name\":\"virtual\",\"label\":\"V\"}]",
				"name")).isEqualTo("[{\"name\":\"simple\"},{\"name\":\"virtual\"}]");
	}

	@Test
	void applyWhenNestedFilterMeetsAScalarThenScalarKept() {
		assertThat(filtered(LIST, "total_count[x]")).isEqualTo("{\"total_count\":7}");
	}

	@Test
	void applyWhenPlainNameNamesAnObjectThenObjectKeptWhole() {
		assertThat(filtered(LIST, "search_criteria")).isEqualTo("{\"search_criteria\":{\"page_size\":2}}");
	}

	@Test
	void applyWhenNameRepeatedThenLaterOneWins() {
		assertThat(filtered(LIST, "search_criteria[x],search_criteria")).isEqualTo("{\"search_criteria\":{\"page_size\":2}}");
		assertThat(filtered(LIST, "search_criteria,search_criteria[x]")).isEqualTo("{\"search_criteria\":{}}");
	}

	@Test
	void applyWhenEmptyListUnderAFilterThenNullAsMagento() {
		assertThat(filtered("{\"items\":[],\"total_count\":0}", "items[sku],total_count"))
			.isEqualTo("{\"items\":null,\"total_count\":0}");
	}

	@ParameterizedTest
	@ValueSource(strings = { "items[sku", "items.sku", "items[sku],total count", "name;drop", "sku,näme", "items[sku]-" })
	void applyWhenFilterMalformedOrHasOtherCharactersThenEmptyAnswer(String fields) {
		assertThat(filtered(LIST, fields)).isEqualTo("[]");
	}

	@Test
	void applyWhenNoFilterOrScalarBodyThenBodyUnchanged() {
		JsonNode body = JSON.readTree(LIST);
		assertThat(FieldsFilter.apply(body, null)).isSameAs(body);
		assertThat(FieldsFilter.apply(body, "")).isSameAs(body);
		JsonNode scalar = JSON.readTree("true");
		assertThat(FieldsFilter.apply(scalar, "sku")).isSameAs(scalar);
	}

	@Test
	void parseWhenMagentosDocumentedExampleThenNestedMaps() {
		assertThat(FieldsFilter.parse("customer[id,email],addresses[city,postcode,region[region_code,region]]"))
			.isEqualTo(Map.of("customer", Map.of("id", true, "email", true), "addresses",
					Map.of("city", true, "postcode", true, "region", Map.of("region_code", true, "region", true))));
	}

	@Test
	void parseWhenBracketAfterCommaThenAppliesToTheLastName() {
		// Magento keeps the last name read as the parent of a "[": "a,[b]" is "a[b]"
		assertThat(FieldsFilter.parse("a,[b]")).isEqualTo(Map.of("a", Map.of("b", true)));
	}

	@Test
	void parseWhenStrayClosingBracketThenEarlierNamesFiledUnderEmptyName() {
		assertThat(FieldsFilter.parse("sku],name")).isEqualTo(Map.of("", Map.of("sku", true), "name", true));
		assertThat(filtered(LIST, "total_count],items[id]")).isEqualTo("{\"items\":[{\"id\":1},{\"id\":2}]}");
	}

}
