package dev.keyway.storeapi;

import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.keyway.testing.SignedCalls;
import dev.keyway.testing.AdminApi;
import dev.keyway.testing.Http;
import dev.keyway.testing.KeywayIntegrationTest;
import dev.keyway.testing.OAuthClientCredentials;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Numbers of every size in request bodies, queries and paths (issue 11.4): each is bounded before it is
 * formatted, rounded or computed with, so {@code 1e999999999} or a million digits answer a short 400
 * naming the field and the bound instead of a billion-character message, an OutOfMemoryError or a 500.
 * Calls signed with ScribeJava and google-oauth-client.
 */
@KeywayIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InputBoundsTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** No refusal needs more: the value is shown cut to 64 characters. */
	private static final int SHORT_BODY = 1_000;

	private static final String DECIMAL_RULE = "a number with at most 15 digits before the decimal point and 12 after it";

	@LocalServerPort
	int port;

	private Http http;

	private OAuthClientCredentials client;

	@BeforeAll
	void activateIntegration() {
		this.http = new Http(this.port);
		this.client = SignedCalls.integration(new AdminApi(this.http), "input bounds client", null);
	}

	private Http.Response call(String method, String path, String body) {
		return SignedCalls.call(SignedCalls.Library.SCRIBE, method, this.http.url(path), this.client, body);
	}

	private Http.Response google(String method, String path) {
		return SignedCalls.call(SignedCalls.Library.GOOGLE, method, this.http.url(path), this.client, null);
	}

	private static String message(Http.Response response) {
		JsonNode body = JSON.readTree(response.body());
		return body.get("message").asString();
	}

	private static void assertShortRefusal(Http.Response response, String... fragments) {
		assertThat(response.status()).as(shortened(response.body())).isEqualTo(400);
		assertThat(response.body().length()).as(shortened(response.body())).isLessThan(SHORT_BODY);
		assertThat(message(response)).contains(fragments);
	}

	private static String shortened(String text) {
		return (text.length() > 300) ? text.substring(0, 300) + "… (" + text.length() + " characters)" : text;
	}

	private Http.Response createProduct(String fields) {
		return call("POST", "/rest/V1/products", "{\"product\":{\"sku\":\"bounds-" + UUID.randomUUID()
				+ "\",\"name\":\"Bounds\"," + fields + "}}");
	}

	@ParameterizedTest
	@ValueSource(strings = { "1e999999999", "1e2000000000", "-1e999999999", "1e99999999999", "1e-999999999" })
	void createProductWhenPriceIsAHugeJsonNumberThenShort400NamingPriceAndBound(String number) {
		Http.Response response = call("POST", "/rest/V1/products",
				"{\"product\":{\"sku\":\"bounds-" + UUID.randomUUID() + "\",\"name\":\"Bounds\",\"price\":" + number + "}}");

		assertThat(response.status()).as(shortened(response.body())).isEqualTo(400);
		assertThat(response.body().length()).isLessThan(SHORT_BODY);
		assertThat(message(response)).containsAnyOf("\"price\" must be " + DECIMAL_RULE,
				"The request body holds a number beyond any limit");
	}

	@ParameterizedTest
	@ValueSource(strings = { "1e999999999", "1e2000000000", "-1e999999999", "1e-999999999" })
	void createProductWhenPriceIsAHugeNumberInAStringThenShort400ShowingTheValue(String number) {
		Http.Response response = createProduct("\"price\":\"" + number + "\"");

		assertShortRefusal(response, "\"price\" must be " + DECIMAL_RULE, "got \"" + number + "\"");
	}

	@Test
	void createProductWhenWeightIsAHugeNumberThenShort400NamingWeight() {
		assertShortRefusal(createProduct("\"price\":10," + "\"weight\":1e999999999"), "\"weight\" must be " + DECIMAL_RULE);
		assertShortRefusal(createProduct("\"price\":10," + "\"weight\":\"-1e999999999\""), "\"weight\" must be " + DECIMAL_RULE,
				"got \"-1e999999999\"");
	}

	@Test
	void createProductWhenPriceHasTenThousandDecimalsThenShort400() {
		String digits = "0." + "3".repeat(10_000);

		assertShortRefusal(createProduct("\"price\":\"" + digits + "\""), "\"price\" must be " + DECIMAL_RULE,
				"(10002 characters)");
		assertShortRefusal(createProduct("\"price\":10," + "\"weight\":" + digits), "Number value length (10001) exceeds the maximum allowed (1000");
	}

	@Test
	void createProductWhenPriceHasThirteenDecimalsThenRefusedAndTwelveAccepted() {
		assertShortRefusal(createProduct("\"price\":10," + "\"weight\":0.1234567890123"), "\"weight\" must be " + DECIMAL_RULE);

		Http.Response accepted = createProduct("\"price\":10," + "\"weight\":1.123456789012");
		assertThat(accepted.status()).as(accepted.body()).isEqualTo(200);
	}

	@Test
	void createProductWhenPriceAboveTheColumnThenStoreRuleWithPlainValue() {
		assertShortRefusal(createProduct("\"price\":\"123456789012345\""),
				"\"price\" must be below 100000000; got 123456789012345.");
	}

	@Test
	void createProductWhenSpecialPriceIsAHugeNumberThenShort400NamingIt() {
		Http.Response response = createProduct("\"price\":10," + 
				"\"custom_attributes\":[{\"attribute_code\":\"special_price\",\"value\":\"1e999999999\"}]");

		assertShortRefusal(response, "\"special_price\" must be " + DECIMAL_RULE, "got \"1e999999999\"");
	}

	@Test
	void createProductWhenANumberHasAMillionDigitsThenShort400FromTheJsonReader() {
		Http.Response response = call("POST", "/rest/V1/products",
				"{\"product\":{\"sku\":\"bounds-million\",\"name\":\"Bounds\",\"price\":" + "9".repeat(1_000_000) + "}}");

		assertShortRefusal(response, "The request body breaks a limit of the JSON reader",
				"Number value length (1000000) exceeds the maximum allowed (1000");
	}

	@Test
	void createProductWhenIdsAreHugeThenShort400NamingTheField() {
		assertShortRefusal(createProduct("\"price\":10," + "\"attribute_set_id\":99999999999999999999999"),
				"\"attribute_set_id\" must be a whole number from -2147483648 to 2147483647",
				"got 99999999999999999999999");
		assertShortRefusal(createProduct("\"price\":10," + "\"status\":\"" + "9".repeat(5_000) + "\""), "\"status\" must be a whole number",
				"(5000 characters)");
		assertShortRefusal(createProduct("\"price\":10," + "\"extension_attributes\":{\"website_ids\":[1e400]}"),
				"\"website_ids\" must hold ids (whole numbers up to 2147483647)");
		assertShortRefusal(createProduct("\"price\":10," + "\"extension_attributes\":{\"category_links\":[{\"category_id\":\""
				+ "7".repeat(3_000) + "\"}]}"), "\"category_id\" must hold ids", "(3000 characters)");
		assertShortRefusal(createProduct("\"price\":10," + "\"custom_attributes\":[{\"attribute_code\":\"category_ids\",\"value\":[\""
				+ "7".repeat(30) + "\"]}]"), "\"category_ids\" must hold ids", "got \"" + "7".repeat(30) + "\"");
	}

	@Test
	void createPageWhenSortOrderAndStoreIdAreHugeThenShort400() {
		assertShortRefusal(call("POST", "/rest/V1/cmsPage",
				"{\"page\":{\"identifier\":\"bounds-" + UUID.randomUUID() + "\",\"title\":\"B\",\"sort_order\":1e999999999}}"),
				"\"sort_order\" must be a whole number");
		assertShortRefusal(call("POST", "/rest/V1/cmsPage", "{\"page\":{\"identifier\":\"bounds-" + UUID.randomUUID()
				+ "\",\"title\":\"B\",\"store_id\":[\"" + "1".repeat(2_000) + "\"]}}"), "\"store_id\" must hold store view ids");
	}

	@Test
	void searchWhenPageSizeOrCurrentPageHugeThenShort400NamingTheBound() {
		assertShortRefusal(google("GET", "/rest/V1/products?searchCriteria[pageSize]=99999999999999999999"),
				"\"searchCriteria[pageSize]\" must be a whole number from 1 to 2147483647", "got \"99999999999999999999\"");
		assertShortRefusal(google("GET", "/rest/V1/customers/search?searchCriteria[currentPage]=" + "9".repeat(2_000)),
				"\"searchCriteria[currentPage]\" must be a whole number from 1 to 2147483647", "(2000 characters)");
	}

	@Test
	void searchWhenNumericFilterValueHugeThenShort400NamingTheBound() {
		for (String value : new String[] { "1e999999999", "1e-999999999", "-1e2000000000" }) {
			Http.Response response = google("GET", "/rest/V1/products?searchCriteria[filter_groups][0][filters][0][field]"
					+ "=price&searchCriteria[filter_groups][0][filters][0][value]=" + value
					+ "&searchCriteria[filter_groups][0][filters][0][condition_type]=gt");

			assertShortRefusal(response, "The filter on \"price\" needs " + DECIMAL_RULE, "got \"" + value + "\"");
		}
	}

	@Test
	void getWhenPathIdHugeThenShort400() {
		assertShortRefusal(google("GET", "/rest/V1/categories/" + "9".repeat(3_000)),
				"The \"categoryId\" in the URL must be a positive whole number", "(3000 characters)");
	}

	@Test
	void categoryTreeWhenDepthHugeThenShort400NamingTheBound() {
		assertShortRefusal(google("GET", "/rest/V1/categories?depth=99999999999"),
				"\"depth\" must be a whole number from -2147483648 to 2147483647", "got \"99999999999\"");
	}

}
