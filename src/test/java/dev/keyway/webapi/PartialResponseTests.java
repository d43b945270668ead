package dev.keyway.webapi;

import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.google.api.client.auth.oauth.OAuthParameters;

import dev.keyway.acl.Grant;
import dev.keyway.testing.AdminApi;
import dev.keyway.testing.Http;
import dev.keyway.testing.KeywayIntegrationTest;
import dev.keyway.testing.OAuthClientCredentials;
import dev.keyway.testing.SignedCalls;
import dev.keyway.testing.SignedRequests;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Magento's {@code fields} parameter as connectors send it: signed by independent OAuth libraries
 * (the parameter is part of the signed query), on store and management routes, in JSON and XML.
 */
@KeywayIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PartialResponseTests {

	/** Seed products of category 9 (tents), priciest first. */
	private static final String TENTS = "searchCriteria[filterGroups][0][filters][0][field]=category_id"
			+ "&searchCriteria[filterGroups][0][filters][0][value]=9"
			+ "&searchCriteria[sortOrders][0][field]=price&searchCriteria[sortOrders][0][direction]=DESC"
			+ "&searchCriteria[pageSize]=2";

	@LocalServerPort
	int port;

	private Http http;

	private OAuthClientCredentials client;

	@BeforeAll
	void activateIntegration() {
		this.http = new Http(this.port);
		this.client = SignedCalls.integration(new AdminApi(this.http), "partial responses",
				List.of("Magento_Catalog::products", Grant.MANAGE_INTEGRATIONS));
	}

	private Http.Response call(SignedCalls.Library library, String pathAndQuery) {
		return SignedCalls.call(library, "GET", this.http.url(pathAndQuery), this.client, null);
	}

	@Test
	void getWhenFieldsGivenThenOnlyThoseFieldsThroughEitherLibrary() {
		String path = "/rest/V1/products?" + TENTS + "&fields=items[sku,name],total_count";
		for (SignedCalls.Library library : SignedCalls.Library.values()) {
			Http.Response response = call(library, path);
			assertThat(response.status()).as(library + ": " + response.body()).isEqualTo(200);
			assertThat(response.body()).as(library.name())
				.isEqualTo("{\"items\":[{\"sku\":\"SP-TN-003\",\"name\":\"Basecamp 4 Family Tent\"},"
						+ "{\"sku\":\"SP-TN-001\",\"name\":\"Horizon 2 Backpacking Tent\"}],\"total_count\":5}");
		}
	}

	@Test
	void getWhenFieldsNestDeeperThenFilteredAtEveryLevel() {
		Http.Response response = call(SignedCalls.Library.GOOGLE,
				"/rest/V1/products/SP-TN-003?fields=sku,extension_attributes[website_ids]");
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("{\"sku\":\"SP-TN-003\",\"extension_attributes\":{\"website_ids\":[1]}}");
	}

	@Test
	void getWhenFieldsMalformedThenEmptyAnswerAsMagento() {
		Http.Response response = call(SignedCalls.Library.SCRIBE, "/rest/V1/products/SP-TN-003?fields=items%5Bsku");
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("[]");
	}

	@Test
	void getWhenFieldsAndXmlAcceptedThenXmlFiltered() {
		String url = this.http.url("/rest/V1/products/SP-TN-003?fields=sku,price");
		OAuthParameters parameters = SignedRequests.sha256(this.client.consumerKey(), this.client.consumerSecret(),
				this.client.accessToken(), this.client.accessTokenSecret());
		Http.Response response = this.http.get(url, "Authorization", SignedRequests.sign(parameters, "GET", url),
				"Accept", "application/xml");
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("<?xml version=\"1.0\" encoding=\"UTF-8\"?><response><sku>SP-TN-003</sku>"
				+ "<price>449</price></response>");
	}

	@Test
	void getWhenFieldsChangedAfterSigningThen401() {
		String signed = this.http.url("/rest/V1/products/SP-TN-003?fields=sku");
		OAuthParameters parameters = SignedRequests.sha256(this.client.consumerKey(), this.client.consumerSecret(),
				this.client.accessToken(), this.client.accessTokenSecret());
		String authorization = SignedRequests.sign(parameters, "GET", signed);
		Http.Response response = this.http.get(signed.replace("fields=sku", "fields=sku,price"), "Authorization",
				authorization);
		assertThat(response.status()).isEqualTo(401);
		assertThat(response.body()).doesNotContain("SP-TN-003");
	}

	@Test
	void getWhenFieldsOnAManagementRouteThenFilteredToo() {
		Http.Response response = call(SignedCalls.Library.GOOGLE,
				"/rest/V1/integrations?searchCriteria[pageSize]=1&fields=total_count,search_criteria[page_size]");
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		assertThat(response.body()).matches("\\{\"search_criteria\":\\{\"page_size\":1},\"total_count\":\\d+}");
	}

	@Test
	void getWhenFieldsOnAnErrorThenErrorUnfiltered() {
		Http.Response response = call(SignedCalls.Library.SCRIBE, "/rest/V1/products/NO-SUCH-SKU-42?fields=sku");
		assertThat(response.status()).isEqualTo(404);
		assertThat(response.body()).isEqualTo("{\"message\":\"The product that was requested doesn't exist. Verify the "
				+ "product and try again.\"}");
	}

}
