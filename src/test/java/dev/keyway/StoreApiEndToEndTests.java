package dev.keyway;

import java.util.List;
import java.util.UUID;

import com.github.scribejava.core.model.Verb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.keyway.testing.AdminApi;
import dev.keyway.testing.GoogleOAuthClient;
import dev.keyway.testing.Http;
import dev.keyway.testing.KeywayIntegrationTest;
import dev.keyway.testing.OAuthClientCredentials;
import dev.keyway.testing.ScribeOAuthClient;
import dev.keyway.testing.RestoreSettings;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 4's "done when", as a newcomer lives it: an integration granted only
 * {@code Magento_Catalog::products} lists and creates products with Magento clients, is refused orders
 * with Magento's exact 401, and once an admin opens the guest switch anyone reads products and CMS pages
 * without credentials.
 */
@ExtendWith(RestoreSettings.class)
@KeywayIntegrationTest
class StoreApiEndToEndTests {

	private static final String GUEST_SWITCH = "webapi/webapisecurity/allow_insecure";

	@LocalServerPort
	int port;

	@Test
	void storeApiWhenIntegrationHasOnlyProductsThenCatalogOpenOrdersClosedAndGuestSwitchOpensReads() throws Exception {
		Http http = new Http(this.port);
		AdminApi admin = new AdminApi(http);
		long id = admin.createIntegration("{\"name\":\"newcomer " + UUID.randomUUID()
				+ "\",\"resources\":[\"Magento_Catalog::products\"]}");
		String activation = admin.post("/rest/V1/integrations/" + id + "/activate", "{}").body();
		OAuthClientCredentials credentials = new OAuthClientCredentials(AdminApi.field(activation, "consumer_key"),
				AdminApi.field(activation, "consumer_secret"), AdminApi.field(activation, "access_token"),
				AdminApi.field(activation, "access_token_secret"));

		Http.Response list = GoogleOAuthClient.call("GET", http.url("/rest/V1/products?searchCriteria[pageSize]=5"),
				credentials, null);
		assertThat(list.status()).as(list.body()).isEqualTo(200);
		assertThat(list.body()).contains("\"total_count\":");
		String sku = "NEW-" + UUID.randomUUID().toString().substring(0, 8);
		Http.Response created = ScribeOAuthClient.call(Verb.POST, http.url("/rest/V1/products"), credentials,
				"{\"product\":{\"sku\":\"" + sku + "\",\"name\":\"Trail Mix\",\"price\":4.99,\"type_id\":\"simple\","
						+ "\"attribute_set_id\":4}}");
		assertThat(created.status()).as(created.body()).isEqualTo(200);
		assertThat(AdminApi.field(created.body(), "sku")).isEqualTo(sku);

		Http.Response orders = ScribeOAuthClient.call(Verb.GET, http.url("/rest/V1/orders"), credentials, null);
		assertThat(orders.status()).isEqualTo(401);
		assertThat(orders.body()).isEqualTo("{\"message\":\"The consumer isn't authorized to access %resources.\","
				+ "\"parameters\":{\"resources\":\"Magento_Sales::actions_view\"}}");

		assertThat(http.get("/rest/V1/products/" + sku).status()).isEqualTo(401);
		assertThat(admin.put("/rest/V1/settings", "{\"settings\":{\"" + GUEST_SWITCH + "\":\"1\"}}").status())
			.isEqualTo(200);
		for (String path : List.of("/rest/V1/products/" + sku, "/rest/V1/products?searchCriteria[pageSize]=1",
				"/rest/V1/cmsPage/1", "/rest/fr/V1/products/SP-JK-001")) {
			Http.Response guest = http.get(path);
			assertThat(guest.status()).as("%s: %s", path, guest.body()).isEqualTo(200);
		}
		assertThat(http.get("/rest/V1/orders/1").status()).isEqualTo(401);
		assertThat(http.get("/rest/V1/customers/1").status()).isEqualTo(401);
		assertThat(http.post("/rest/V1/products", "{\"product\":{\"sku\":\"guest\",\"name\":\"x\",\"price\":1}}").status())
			.isEqualTo(401);
		assertThat(admin.delete("/rest/V1/products/" + sku).body()).isEqualTo("true");
	}

}
