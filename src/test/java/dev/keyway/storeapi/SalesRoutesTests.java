package dev.keyway.storeapi;

import java.util.List;

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

/** Orders through signed calls: read one, search, Magento's 404. */
@KeywayIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SalesRoutesTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	private Http http;

	private OAuthClientCredentials sales;

	@BeforeAll
	void activateIntegration() {
		this.http = new Http(this.port);
		this.sales = SignedCalls.integration(new AdminApi(this.http), "erp client", List.of("Magento_Sales::actions_view"));
	}

	private Http.Response call(SignedCalls.Library library, String path) {
		return SignedCalls.call(library, "GET", this.http.url(path), this.sales, null);
	}

	@Test
	void getWhenOrderInEurosThenAmountsAndBaseAmounts() {
		Http.Response response = call(SignedCalls.Library.GOOGLE, "/rest/V1/orders/4");
		assertThat(response.status()).isEqualTo(200);
		JsonNode order = JSON.readTree(response.body());
		assertThat(order.get("increment_id").asString()).isEqualTo("000000004");
		assertThat(order.get("state").asString()).isEqualTo("complete");
		assertThat(order.get("order_currency_code").asString()).isEqualTo("EUR");
		assertThat(order.get("base_currency_code").asString()).isEqualTo("USD");
		assertThat(order.get("grand_total").toString()).isEqualTo("87.4");
		assertThat(order.get("base_grand_total").toString()).isEqualTo("95");
		assertThat(order.get("customer_is_guest").asInt()).isZero();
		assertThat(order.get("billing_address").get("city").asString()).isEqualTo("Paris");
		assertThat(order.get("payment").get("method").asString()).isEqualTo("checkmo");
		JsonNode item = order.get("items").get(0);
		assertThat(item.get("order_id").asInt()).isEqualTo(4);
		assertThat(item.get("qty_ordered").toString()).isEqualTo("1");
		assertThat(item.get("row_total").toString()).isEqualTo("69");
		assertThat(order.get("total_item_count").asInt()).isEqualTo(order.get("items").size());
	}

	@Test
	void getWhenOrderMissingThenMagentos404() {
		Http.Response response = call(SignedCalls.Library.SCRIBE, "/rest/V1/orders/987654");
		assertThat(response.status()).isEqualTo(404);
		assertThat(response.body()).isEqualTo("{\"message\":\"The entity that was requested doesn't exist. Verify the "
				+ "entity and try again.\"}");
	}

	@Test
	void searchWhenCriteriaThenMatchingOrdersNewestFirst() {
		Http.Response response = call(SignedCalls.Library.SCRIBE, "/rest/V1/orders"
				+ "?searchCriteria[filter_groups][0][filters][0][field]=state"
				+ "&searchCriteria[filter_groups][0][filters][0][value]=new,holded"
				+ "&searchCriteria[filter_groups][0][filters][0][condition_type]=in"
				+ "&searchCriteria[filter_groups][1][filters][0][field]=customer_is_guest"
				+ "&searchCriteria[filter_groups][1][filters][0][value]=0"
				+ "&searchCriteria[filter_groups][2][filters][0][field]=created_at"
				+ "&searchCriteria[filter_groups][2][filters][0][value]=2025-03-01%2000:00:00"
				+ "&searchCriteria[filter_groups][2][filters][0][condition_type]=gteq"
				+ "&searchCriteria[sortOrders][0][field]=created_at&searchCriteria[sortOrders][0][direction]=DESC"
				+ "&searchCriteria[pageSize]=2");
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		JsonNode list = JSON.readTree(response.body());
		assertThat(list.get("total_count").asInt()).isEqualTo(6);
		assertThat(list.get("items").findValuesAsString("increment_id")).containsExactly("000000027", "000000024");
		Http.Response guests = call(SignedCalls.Library.GOOGLE, "/rest/V1/orders"
				+ "?searchCriteria[filter_groups][0][filters][0][field]=customer_id"
				+ "&searchCriteria[filter_groups][0][filters][0][condition_type]=null");
		assertThat(JSON.readTree(guests.body()).get("total_count").asInt()).isEqualTo(3);
	}

}
