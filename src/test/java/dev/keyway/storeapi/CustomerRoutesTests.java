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

/** Customers through signed calls: read one, search, Magento's 404. */
@KeywayIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CustomerRoutesTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	private Http http;

	private OAuthClientCredentials customers;

	@BeforeAll
	void activateIntegration() {
		this.http = new Http(this.port);
		this.customers = SignedCalls.integration(new AdminApi(this.http), "crm client",
				List.of("Magento_Customer::manage"));
	}

	private Http.Response call(SignedCalls.Library library, String path) {
		return SignedCalls.call(library, "GET", this.http.url(path), this.customers, null);
	}

	@Test
	void getWhenCustomerExistsThenMagentoShapeWithAddresses() {
		Http.Response response = call(SignedCalls.Library.GOOGLE, "/rest/V1/customers/1");
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("{\"id\":1,\"group_id\":1,\"default_billing\":\"1\",\"default_shipping\":"
				+ "\"1\",\"created_at\":\"2024-03-04 09:00:00\",\"updated_at\":\"2024-04-13 09:00:00\",\"created_in\":"
				+ "\"Default Store View\",\"dob\":\"1973-12-15\",\"email\":\"veronica.costello@example.com\",\"firstname\":"
				+ "\"Veronica\",\"lastname\":\"Costello\",\"gender\":2,\"store_id\":1,\"website_id\":1,\"addresses\":[{"
				+ "\"id\":1,\"customer_id\":1,\"region\":{\"region_code\":\"MI\",\"region\":\"Michigan\",\"region_id\":33},"
				+ "\"region_id\":33,\"country_id\":\"US\",\"street\":[\"6146 Honey Bluff Parkway\"],\"telephone\":"
				+ "\"(555) 229-3326\",\"postcode\":\"49628-7978\",\"city\":\"Calder\",\"firstname\":\"Veronica\","
				+ "\"lastname\":\"Costello\",\"default_shipping\":true,\"default_billing\":true}],"
				+ "\"disable_auto_group_change\":0,\"extension_attributes\":{\"is_subscribed\":false}}");
	}

	@Test
	void getWhenCustomerMissingThenMagentos404() {
		Http.Response response = call(SignedCalls.Library.SCRIBE, "/rest/V1/customers/987654");
		assertThat(response.status()).isEqualTo(404);
		assertThat(response.body()).isEqualTo("{\"message\":\"No such entity with %fieldName = %fieldValue\","
				+ "\"parameters\":{\"fieldName\":\"customerId\",\"fieldValue\":987654}}");
	}

	@Test
	void searchWhenCriteriaThenMatchingCustomers() {
		Http.Response response = call(SignedCalls.Library.SCRIBE, "/rest/V1/customers/search"
				+ "?searchCriteria[filter_groups][0][filters][0][field]=store_id"
				+ "&searchCriteria[filter_groups][0][filters][0][value]=2"
				+ "&searchCriteria[filter_groups][1][filters][0][field]=email"
				+ "&searchCriteria[filter_groups][1][filters][0][value]=%25.m%25"
				+ "&searchCriteria[filter_groups][1][filters][0][condition_type]=like"
				+ "&searchCriteria[filter_groups][1][filters][1][field]=dob"
				+ "&searchCriteria[filter_groups][1][filters][1][value]=1990-01-01"
				+ "&searchCriteria[filter_groups][1][filters][1][condition_type]=gt"
				+ "&searchCriteria[sortOrders][0][field]=lastname");
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		JsonNode list = JSON.readTree(response.body());
		assertThat(list.get("total_count").asInt()).isEqualTo(3);
		assertThat(list.get("items").findValuesAsString("email")).containsExactly("lea.fontaine@example.com",
				"hugo.lambert@example.com", "julien.moreau@example.com");
	}

}
