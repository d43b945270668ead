package dev.keyway.storeapi;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.keyway.testing.SignedCalls;
import dev.keyway.testing.AdminApi;
import dev.keyway.testing.Http;
import dev.keyway.testing.KeywayIntegrationTest;
import dev.keyway.testing.OAuthClientCredentials;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/** CMS pages and blocks through signed calls: CRUD, search, and Magento's error answers. */
@KeywayIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CmsRoutesTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	private Http http;

	private OAuthClientCredentials cms;

	@BeforeAll
	void activateIntegration() {
		this.http = new Http(this.port);
		this.cms = SignedCalls.integration(new AdminApi(this.http), "cms client",
				List.of("Magento_Cms::page", "Magento_Cms::block"));
	}

	private Http.Response google(String method, String path, String body) {
		return SignedCalls.call(SignedCalls.Library.GOOGLE, method, this.http.url(path), this.cms, body);
	}

	private Http.Response scribe(String method, String path, String body) {
		return SignedCalls.call(SignedCalls.Library.SCRIBE, method, this.http.url(path), this.cms, body);
	}

	private static JsonNode json(Http.Response response) {
		return JSON.readTree(response.body());
	}

	@Test
	void pageWhenReadThenMagentoShape() {
		Http.Response response = google("GET", "/rest/V1/cmsPage/3", null);
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.body()).startsWith("{\"id\":3,\"identifier\":\"no-route\",\"title\":\"404 Not Found\","
				+ "\"page_layout\":\"2columns-right\",\"meta_title\":\"Page not found\",\"content_heading\":\"Whoops, our "
				+ "bad...\",\"content\":\"<p>The page you requested was not found")
			.endsWith(",\"sort_order\":\"0\",\"active\":true,\"store_id\":[0]}");
	}

	@Test
	void pageWhenCreatedUpdatedAndDeletedThenMagentoAnswers() {
		String identifier = "trail-guide-" + UUID.randomUUID().toString().substring(0, 8);
		Http.Response created = google("POST", "/rest/V1/cmsPage", "{\"page\":{\"identifier\":\"" + identifier
				+ "\",\"title\":\"Trail Guide\",\"content\":\"<p>Routes</p>\",\"active\":true,\"store_id\":[1,2]}}");
		assertThat(created.status()).as(created.body()).isEqualTo(200);
		long id = json(created).get("id").asLong();
		assertThat(json(created).get("store_id").toString()).isEqualTo("[1,2]");
		assertThat(json(created).get("page_layout").asString()).isEqualTo("1column");

		Http.Response updated = scribe("PUT", "/rest/V1/cmsPage/" + id,
				"{\"page\":{\"title\":\"Trail Guides\",\"is_active\":false,\"store_id\":0}}");
		assertThat(updated.status()).as(updated.body()).isEqualTo(200);
		assertThat(json(updated).get("title").asString()).isEqualTo("Trail Guides");
		assertThat(json(updated).get("active").asBoolean()).isFalse();
		assertThat(json(updated).get("identifier").asString()).isEqualTo(identifier);
		assertThat(json(updated).get("store_id").toString()).isEqualTo("[0]");

		Http.Response duplicate = scribe("POST", "/rest/V1/cmsPage",
				"{\"page\":{\"identifier\":\"" + identifier + "\",\"title\":\"Again\"}}");
		assertThat(duplicate.status()).isEqualTo(400);
		assertThat(duplicate.body()).isEqualTo("{\"message\":\"A page URL key for specified store already exists.\"}");

		assertThat(google("DELETE", "/rest/V1/cmsPage/" + id, null).body()).isEqualTo("true");
		Http.Response gone = scribe("GET", "/rest/V1/cmsPage/" + id, null);
		assertThat(gone.status()).isEqualTo(404);
		assertThat(gone.body())
			.isEqualTo("{\"message\":\"The CMS page with the \\\"%1\\\" ID doesn't exist.\",\"parameters\":[\"" + id + "\"]}");
		assertThat(scribe("DELETE", "/rest/V1/cmsPage/" + id, null).status()).isEqualTo(404);
	}

	@Test
	void pageWhenLongIdentifierBreaksMagentosRuleThen400ShowingItsFirst64CharactersAndLength() {
		// an identifier has at most 100 characters (checked first); one that long is cut like any other value
		String identifier = "About-" + "U".repeat(94);
		Http.Response response = scribe("POST", "/rest/V1/cmsPage",
				"{\"page\":{\"identifier\":\"" + identifier + "\",\"title\":\"About\"}}");
		assertThat(response.status()).isEqualTo(400);
		assertThat(json(response).get("message").asString()).isEqualTo("The page URL key can't use capital letters or "
				+ "disallowed symbols. Remove the letters and symbols and try again. Got \"" + identifier.substring(0, 64)
				+ "…\" (100 characters).");
	}

	@Test
	void pageWhenIdentifierBreaksMagentosRuleThen400ShowingIt() {
		Http.Response response = scribe("POST", "/rest/V1/cmsPage",
				"{\"page\":{\"identifier\":\"About Us!\",\"title\":\"About\"}}");
		assertThat(response.status()).isEqualTo(400);
		assertThat(json(response).get("message").asString()).isEqualTo("The page URL key can't use capital letters or "
				+ "disallowed symbols. Remove the letters and symbols and try again. Got \"About Us!\".");
		Http.Response numbers = scribe("POST", "/rest/V1/cmsPage", "{\"page\":{\"identifier\":\"2024\",\"title\":\"Y\"}}");
		assertThat(json(numbers).get("message").asString()).startsWith("The page URL key can't use only numbers.");
		Http.Response empty = scribe("POST", "/rest/V1/cmsPage", "{\"page\":{}}");
		assertThat(empty.body()).isEqualTo("{\"message\":\"One or more input exceptions have occurred.\",\"errors\":["
				+ "{\"message\":\"\\\"identifier\\\" is required: a page needs a URL key.\"},{\"message\":\"\\\"title\\\" "
				+ "is required: a page needs a title.\"}]}");
	}

	@Test
	void pageSearchWhenCriteriaThenMatchingPagesAndBothRoutes() {
		String query = "?searchCriteria[filter_groups][0][filters][0][field]=store_id"
				+ "&searchCriteria[filter_groups][0][filters][0][value]=0"
				+ "&searchCriteria[filter_groups][1][filters][0][field]=is_active"
				+ "&searchCriteria[filter_groups][1][filters][0][value]=1"
				+ "&searchCriteria[sortOrders][0][field]=identifier&searchCriteria[pageSize]=3";
		for (String path : List.of("/rest/V1/cmsPage/search", "/rest/V1/cmsPage")) {
			Http.Response response = google("GET", path + query, null);
			assertThat(response.status()).as(response.body()).isEqualTo(200);
			JsonNode list = json(response);
			assertThat(list.get("total_count").asInt()).isGreaterThanOrEqualTo(4);
			assertThat(list.get("items").get(0).get("identifier").asString()).isEqualTo("about-us");
			assertThat(list.get("items").size()).isEqualTo(3);
		}
	}

	@Test
	void blockWhenCreatedUpdatedSearchedAndDeletedThenMagentoAnswers() {
		String identifier = "promo-" + UUID.randomUUID().toString().substring(0, 8);
		Http.Response created = scribe("POST", "/rest/V1/cmsBlock",
				"{\"block\":{\"identifier\":\"" + identifier + "\",\"title\":\"Promo\",\"content\":\"<p>10% off</p>\"}}");
		assertThat(created.status()).as(created.body()).isEqualTo(200);
		long id = json(created).get("id").asLong();
		assertThat(json(created).get("store_id").toString()).isEqualTo("[0]");
		assertThat(json(created).get("active").asBoolean()).isTrue();

		Http.Response updated = google("PUT", "/rest/V1/cmsBlock/" + id, "{\"block\":{\"content\":\"<p>15% off</p>\"}}");
		assertThat(json(updated).get("content").asString()).isEqualTo("<p>15% off</p>");
		Http.Response found = scribe("GET", "/rest/V1/cmsBlock/search?searchCriteria[filter_groups][0][filters][0]"
				+ "[field]=identifier&searchCriteria[filter_groups][0][filters][0][value]=" + identifier, null);
		assertThat(json(found).get("total_count").asInt()).isEqualTo(1);
		assertThat(json(found).get("items").get(0).get("id").asLong()).isEqualTo(id);

		Http.Response duplicate = scribe("POST", "/rest/V1/cmsBlock",
				"{\"block\":{\"identifier\":\"" + identifier + "\",\"title\":\"Again\"}}");
		assertThat(duplicate.body()).isEqualTo("{\"message\":\"A block identifier with the same properties already "
				+ "exists in the selected store.\"}");

		assertThat(scribe("DELETE", "/rest/V1/cmsBlock/" + id, null).body()).isEqualTo("true");
		Http.Response gone = google("GET", "/rest/V1/cmsBlock/" + id, null);
		assertThat(gone.status()).isEqualTo(404);
		assertThat(gone.body())
			.isEqualTo("{\"message\":\"The CMS block with the \\\"%1\\\" ID doesn't exist.\",\"parameters\":[\"" + id + "\"]}");
	}

	@Test
	void blockWhenStoreViewDoesNotExistThen400ShowingTheIds() {
		Http.Response response = scribe("POST", "/rest/V1/cmsBlock",
				"{\"block\":{\"identifier\":\"nowhere-" + UUID.randomUUID() + "\",\"title\":\"X\",\"store_id\":[1,42]}}");
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.body()).isEqualTo("{\"message\":\"\\\"store_id\\\" must name existing store views; got [1, 42].\"}");
	}

}
