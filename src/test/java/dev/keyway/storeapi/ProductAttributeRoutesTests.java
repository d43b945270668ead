package dev.keyway.storeapi;

import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.keyway.testing.AdminApi;
import dev.keyway.testing.Http;
import dev.keyway.testing.KeywayIntegrationTest;
import dev.keyway.testing.OAuthClientCredentials;
import dev.keyway.testing.SignedCalls;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Magento's product attribute reads ({@code GET /V1/products/attributes...}) as connectors call them,
 * signed by google-oauth-client (and ScribeJava): the literal {@code attributes} is never read as a SKU.
 */
@KeywayIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProductAttributeRoutesTests {

	@LocalServerPort
	int port;

	private Http http;

	private OAuthClientCredentials attributesOnly;

	private OAuthClientCredentials productsOnly;

	@BeforeAll
	void activateIntegrations() {
		this.http = new Http(this.port);
		AdminApi admin = new AdminApi(this.http);
		this.attributesOnly = SignedCalls.integration(admin, "attribute reader",
				List.of("Magento_Catalog::attributes_attributes"));
		this.productsOnly = SignedCalls.integration(admin, "product reader", List.of("Magento_Catalog::products"));
	}

	private Http.Response get(SignedCalls.Library library, OAuthClientCredentials client, String pathAndQuery) {
		return SignedCalls.call(library, "GET", this.http.url(pathAndQuery), client, null);
	}

	private static JsonNode json(Http.Response response) {
		return JsonMapper.shared().readTree(response.body());
	}

	@Test
	void getAttributeWhenCodeKnownThenMagentoShapeNotAProduct() {
		for (SignedCalls.Library library : SignedCalls.Library.values()) {
			Http.Response response = get(library, this.attributesOnly, "/rest/V1/products/attributes/color");
			assertThat(response.status()).as(library + ": " + response.body()).isEqualTo(200);
			JsonNode color = json(response);
			assertThat(color.get("attribute_code").asString()).isEqualTo("color");
			assertThat(color.get("default_frontend_label").asString()).isEqualTo("Color");
			assertThat(color.get("frontend_input").asString()).isEqualTo("text");
			assertThat(color.get("backend_type").asString()).isEqualTo("varchar");
			assertThat(color.get("scope").asString()).isEqualTo("global");
			assertThat(color.get("is_required").asBoolean()).isFalse();
			assertThat(color.get("is_user_defined").asBoolean()).isFalse();
			assertThat(color.get("entity_type_id").asString()).isEqualTo("4");
			assertThat(color.get("attribute_id").isInt()).isTrue();
			assertThat(color.has("sku")).isFalse();
		}
	}

	@Test
	void getAttributeWhenOnlyTheProductsResourceThenRefusedAsAnAttributeRoute() {
		Http.Response response = get(SignedCalls.Library.GOOGLE, this.productsOnly, "/rest/V1/products/attributes/color");
		assertThat(response.status()).as(response.body()).isEqualTo(401);
		assertThat(response.body()).contains("Magento_Catalog::attributes_attributes");
	}

	@Test
	void getAttributeWhenSystemAttributeThenItsOptionsAndStoreScope() {
		JsonNode status = json(get(SignedCalls.Library.GOOGLE, this.attributesOnly, "/rest/V1/products/attributes/status"));
		assertThat(status.get("options").toString())
			.isEqualTo("[{\"label\":\"Enabled\",\"value\":\"1\"},{\"label\":\"Disabled\",\"value\":\"2\"}]");
		JsonNode name = json(get(SignedCalls.Library.GOOGLE, this.attributesOnly, "/rest/V1/products/attributes/name"));
		assertThat(name.get("scope").asString()).isEqualTo("store");
		assertThat(name.get("is_required").asBoolean()).isTrue();
		assertThat(name.get("options").toString()).isEqualTo("[]");
	}

	@Test
	void getAttributeWhenCodeUnknownThenMagentos404() {
		Http.Response response = get(SignedCalls.Library.SCRIBE, this.attributesOnly,
				"/rest/V1/products/attributes/no_such_attribute");
		assertThat(response.status()).isEqualTo(404);
		assertThat(response.body()).isEqualTo("{\"message\":\"The attribute with a \\\"%1\\\" attributeCode doesn't exist. "
				+ "Verify the attribute and try again.\",\"parameters\":[\"no_such_attribute\"]}");
	}

	@Test
	void searchAttributesWhenFilteredThenMatchingPageAndTotal() {
		Http.Response response = get(SignedCalls.Library.GOOGLE, this.attributesOnly, "/rest/V1/products/attributes?"
				+ "searchCriteria[filterGroups][0][filters][0][field]=frontend_input"
				+ "&searchCriteria[filterGroups][0][filters][0][value]=price"
				+ "&searchCriteria[sortOrders][0][field]=attribute_code&searchCriteria[pageSize]=2");
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		JsonNode page = json(response);
		assertThat(page.get("items").findValuesAsString("attribute_code")).containsExactly("cost", "price");
		assertThat(page.get("total_count").asInt()).isEqualTo(3);
		assertThat(page.get("search_criteria").get("page_size").asInt()).isEqualTo(2);
	}

	@Test
	void searchAttributesWhenNoCriteriaThenEveryKnownAttribute() {
		JsonNode page = json(get(SignedCalls.Library.SCRIBE, this.attributesOnly, "/rest/V1/products/attributes"));
		assertThat(page.get("items").findValuesAsString("attribute_code")).contains("sku", "name", "price", "weight",
				"status", "visibility", "description", "color", "special_price");
		assertThat(page.get("total_count").asInt()).isEqualTo(page.get("items").size());
	}

	@Test
	void searchAttributesWhenUnknownFieldThen400NamingIt() {
		Http.Response response = get(SignedCalls.Library.GOOGLE, this.attributesOnly, "/rest/V1/products/attributes?"
				+ "searchCriteria[filterGroups][0][filters][0][field]=sku"
				+ "&searchCriteria[filterGroups][0][filters][0][value]=x");
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.body()).contains("sku").contains("attribute_code");
	}

}
