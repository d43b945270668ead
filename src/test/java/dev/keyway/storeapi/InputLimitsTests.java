package dev.keyway.storeapi;

import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.keyway.testing.SignedCalls;
import dev.keyway.testing.AdminApi;
import dev.keyway.testing.Http;
import dev.keyway.testing.KeywayIntegrationTest;
import dev.keyway.testing.OAuthClientCredentials;
import dev.keyway.testing.RestoreSettings;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Magento 2.4.7's Web API input limits ({@code webapi/validation/*}) through {@code /rest/V1/settings}
 * and their effect on the searches of products, CMS pages and blocks, customers and orders, and on
 * lists in request bodies; and the 10,000-row ceiling that holds when the limits are off. Calls signed
 * with google-oauth-client.
 */
@ExtendWith(RestoreSettings.class)
@KeywayIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InputLimitsTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String ENABLED = "webapi/validation/input_limit_enabled";

	private static final String LIST_LIMIT = "webapi/validation/complex_array_limit";

	private static final String MAXIMUM = "webapi/validation/maximum_page_size";

	private static final String DEFAULT = "webapi/validation/default_page_size";

	private static final List<String> SEARCHES = List.of("/rest/V1/products", "/rest/V1/cmsPage/search",
			"/rest/V1/cmsBlock/search", "/rest/V1/customers/search", "/rest/V1/orders");

	@LocalServerPort
	int port;

	private Http http;

	private AdminApi admin;

	private OAuthClientCredentials client;

	@BeforeAll
	void activateIntegration() {
		this.http = new Http(this.port);
		this.admin = new AdminApi(this.http);
		this.client = SignedCalls.integration(this.admin, "input limits client", null);
	}

	private Http.Response get(String path) {
		return SignedCalls.call(SignedCalls.Library.GOOGLE, "GET", this.http.url(path), this.client, null);
	}

	private Http.Response post(String path, String body) {
		return SignedCalls.call(SignedCalls.Library.SCRIBE, "POST", this.http.url(path), this.client, body);
	}

	private Http.Response settings(String values) {
		return this.admin.put("/rest/V1/settings", "{\"settings\":{" + values + "}}");
	}

	private static JsonNode json(Http.Response response) {
		return JSON.readTree(response.body());
	}

	@Test
	void settingsWhenReadThenFourInputLimitsWithMagentosDefaults() {
		JsonNode settings = json(this.admin.get("/rest/V1/settings")).get("settings");

		assertThat(settings.get(ENABLED).asString()).isEqualTo("0");
		assertThat(settings.get(LIST_LIMIT).asString()).isEqualTo("20");
		assertThat(settings.get(MAXIMUM).asString()).isEqualTo("300");
		assertThat(settings.get(DEFAULT).asString()).isEqualTo("20");
	}

	@Test
	void settingsWhenOutOfRangeThenRefusedNamingTheRange() {
		Http.Response response = settings("\"" + ENABLED + "\":\"2\",\"" + LIST_LIMIT + "\":\"0\",\"" + MAXIMUM
				+ "\":\"10001\",\"" + DEFAULT + "\":\"" + "9".repeat(500) + "\"");

		assertThat(response.status()).as(response.body()).isEqualTo(400);
		assertThat(response.body().length()).isLessThan(2_000);
		assertThat(response.body()).contains(
				"Setting \\\"webapi/validation/input_limit_enabled\\\" (Enable Input Limits) must be 1 (Yes) or 0 (No); got \\\"2\\\".",
				"Setting \\\"webapi/validation/complex_array_limit\\\" (Input List Limit) must be a whole number from 1 to 10000; got \\\"0\\\".",
				"Setting \\\"webapi/validation/maximum_page_size\\\" (Maximum Page Size) must be a whole number from 1 to 10000; got \\\"10001\\\".",
				"Setting \\\"webapi/validation/default_page_size\\\" (Default Page Size) must be a whole number from 1 to 10000; got \\\""
						+ "9".repeat(64) + "…\\\" (500 characters).");
		assertThat(json(this.admin.get("/rest/V1/settings")).get("settings").get(MAXIMUM).asString()).isEqualTo("300");
	}

	@Test
	void settingsWhenDefaultPageSizeAboveMaximumThenRefused() {
		Http.Response response = settings("\"" + MAXIMUM + "\":\"50\",\"" + DEFAULT + "\":\"60\"");

		assertThat(response.status()).as(response.body()).isEqualTo(400);
		assertThat(json(response).get("message").asString()).isEqualTo("Setting \"webapi/validation/default_page_size\" "
				+ "(Default Page Size) must not exceed \"webapi/validation/maximum_page_size\" (Maximum Page Size, 50); got \"60\".");
	}

	@Test
	void searchesWhenLimitsEnabledAndNoPageSizeThenDefaultPageSize() {
		assertThat(settings("\"" + ENABLED + "\":\"1\",\"" + DEFAULT + "\":\"2\"").status()).isEqualTo(200);

		for (String search : SEARCHES) {
			Http.Response response = get(search + "?searchCriteria=");
			assertThat(response.status()).as(search + " " + response.body()).isEqualTo(200);
			JsonNode list = json(response);
			assertThat(list.get("items").size()).as(search).isEqualTo(2);
			assertThat(list.get("total_count").asInt()).as(search).isGreaterThan(2);
			assertThat(list.get("search_criteria").get("page_size").asInt()).as(search).isEqualTo(2);
		}
	}

	@Test
	void searchesWhenLimitsEnabledAndPageSizeAboveMaximumThenMagentosError() {
		assertThat(settings("\"" + ENABLED + "\":\"1\",\"" + MAXIMUM + "\":\"3\",\"" + DEFAULT + "\":\"3\"").status())
			.isEqualTo(200);

		for (String search : SEARCHES) {
			Http.Response refused = get(search + "?searchCriteria[pageSize]=4");
			assertThat(refused.status()).as(search + " " + refused.body()).isEqualTo(400);
			assertThat(refused.body()).as(search)
				.isEqualTo("{\"message\":\"Maximum SearchCriteria pageSize is %max\",\"parameters\":{\"max\":3}}");
			Http.Response allowed = get(search + "?searchCriteria[pageSize]=3");
			assertThat(allowed.status()).as(search + " " + allowed.body()).isEqualTo(200);
			assertThat(json(allowed).get("items").size()).as(search).isEqualTo(3);
		}
	}

	@Test
	void searchesWhenLimitsDisabledThenPageSizeUpToTheCeilingAndNoneMeansACeilingPage() {
		assertThat(settings("\"" + MAXIMUM + "\":\"3\",\"" + DEFAULT + "\":\"2\"").status()).isEqualTo(200);

		for (String search : SEARCHES) {
			Http.Response large = get(search + "?searchCriteria[pageSize]=10000");
			assertThat(large.status()).as(search + " " + large.body()).isEqualTo(200);
			Http.Response refused = get(search + "?searchCriteria[pageSize]=10001");
			assertThat(refused.status()).as(search + " " + refused.body()).isEqualTo(400);
			assertThat(refused.body()).as(search)
				.isEqualTo("{\"message\":\"Maximum SearchCriteria pageSize is %max\",\"parameters\":{\"max\":10000}}");
			JsonNode unpaged = json(get(search));
			assertThat(unpaged.get("items").size()).as(search).isEqualTo(unpaged.get("total_count").asInt());
			assertThat(unpaged.get("search_criteria").get("page_size").asInt()).as(search).isEqualTo(10_000);
			assertThat(unpaged.get("search_criteria").get("current_page").asInt()).as(search).isEqualTo(1);
		}
	}

	@Test
	void createProductWhenLimitsEnabledAndListLongerThanListLimitThenMagentosError() {
		assertThat(settings("\"" + ENABLED + "\":\"1\",\"" + LIST_LIMIT + "\":\"2\"").status()).isEqualTo(200);

		Http.Response refused = post("/rest/V1/products", "{\"product\":{\"sku\":\"limits-list-1\",\"name\":\"L\","
				+ "\"price\":1,\"extension_attributes\":{\"category_links\":[{\"category_id\":\"3\"},{\"category_id\":\"4\"},"
				+ "{\"category_id\":\"5\"}]}}}");
		assertThat(refused.status()).as(refused.body()).isEqualTo(400);
		assertThat(refused.body()).isEqualTo("{\"message\":\"Maximum items of type \\\"%type\\\" is %max\","
				+ "\"parameters\":{\"type\":\"category_links\",\"max\":2}}");

		Http.Response page = post("/rest/V1/cmsPage", "{\"page\":{\"identifier\":\"limits-list-page\",\"title\":\"L\","
				+ "\"store_id\":[0,1,1]}}");
		assertThat(page.status()).as(page.body()).isEqualTo(400);
		assertThat(json(page).get("parameters").get("type").asString()).isEqualTo("store_id");
	}

	@Test
	void createProductWhenLimitsDisabledThenLongListsAccepted() {
		assertThat(settings("\"" + LIST_LIMIT + "\":\"1\"").status()).isEqualTo(200);

		Http.Response created = post("/rest/V1/products", "{\"product\":{\"sku\":\"limits-list-2\",\"name\":\"L\","
				+ "\"price\":1,\"custom_attributes\":[{\"attribute_code\":\"color\",\"value\":\"red\"},"
				+ "{\"attribute_code\":\"size\",\"value\":\"M\"}]}}");
		assertThat(created.status()).as(created.body()).isEqualTo(200);
	}

}
