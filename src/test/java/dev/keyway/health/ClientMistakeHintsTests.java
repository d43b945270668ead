package dev.keyway.health;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.json.JsonMapper;

import dev.keyway.testing.AdminApi;
import dev.keyway.testing.Eventually;
import dev.keyway.testing.ExternalOAuthClients;
import dev.keyway.testing.ExternalOAuthClients.Client;
import dev.keyway.testing.Http;
import dev.keyway.testing.KeywayIntegrationTest;
import dev.keyway.testing.OAuthClientCredentials;
import dev.keyway.testing.SignedCalls;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * Issue 16.2: a hint made by the client library that makes the mistake. npm {@code oauth-1.0a} given
 * the whole URL of a search whose brackets are already percent-encoded signs the names encoded twice; Keyway refuses the call
 * with Magento's 401 and its explainer names the mistake. The same library used as connectors use it
 * against Magento (the query as data) is accepted.
 */
@KeywayIntegrationTest
class ClientMistakeHintsTests {

	private static final String SEARCH = "/rest/V1/products?searchCriteria[pageSize]=2&searchCriteria[currentPage]=1";

	/** The same search as a URL builder writes it: brackets percent-encoded in the URL. */
	private static final String SEARCH_ENCODED = "/rest/V1/products?searchCriteria%5BpageSize%5D=2&searchCriteria%5BcurrentPage%5D=1";

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	private Http http;

	private AdminApi admin;

	@BeforeEach
	void setUp() {
		assumeThat(ExternalOAuthClients.unavailable(Client.NODE_OAUTH_1_0A)).isEmpty();
		this.http = new Http(this.port);
		this.admin = new AdminApi(this.http);
	}

	@Test
	void searchWhenNpmOauth1aSignsWholeUrlThenRefusedWithDoubleEncodingHint() throws Exception {
		OAuthClientCredentials client = SignedCalls.integration(this.admin, "hints npm", List.of("Magento_Catalog::products"));

		ExternalOAuthClients.Result right = ExternalOAuthClients.call(Client.NODE_OAUTH_1_0A, "GET", this.http.url(SEARCH),
				client, null);
		// oauth-1.0a reads the query of the URL it is given as it stands and percent-encodes the names once
		// more: %5B becomes %255B in what it signs, while the wire carries %5B, which is '[' for the server
		ExternalOAuthClients.Result naive = ExternalOAuthClients.call(Client.NODE_OAUTH_1_0A, "GET",
				this.http.url(SEARCH_ENCODED), client, null, Map.of("CALL_QUERY_IN_URL", "1"));

		assertThat(right.status()).as(right.body()).isEqualTo(200);
		assertThat(naive.status()).as(naive.body()).isEqualTo(401);
		assertThat(naive.body()).contains("The signature is invalid. Verify and try again.");
		Map<String, Object> refusal = awaitRefusal(idOf(client));
		assertThat(refusal.get("hint")).asString().contains("encoded the bracket names twice");
		assertThat(refusal.get("base_string")).asString().contains("searchCriteria%255BpageSize%255D");
	}

	private long idOf(OAuthClientCredentials client) {
		return this.jdbc.sql("SELECT i.id FROM integrations i JOIN oauth_consumers c ON c.id = i.consumer_id "
				+ "WHERE c.consumer_key = :key")
			.param("key", client.consumerKey())
			.query(Long.class)
			.single();
	}

	@SuppressWarnings("unchecked")
	private Map<String, Object> awaitRefusal(long id) {
		Eventually.within(Duration.ofSeconds(20), "the health route shows bad_signature",
				() -> ((Map<?, ?>) health(id).get("refusals_24h")).containsKey("bad_signature"));
		return ((List<Map<String, Object>>) health(id).get("recent_refusals")).get(0);
	}

	@SuppressWarnings("unchecked")
	private Map<String, Object> health(long id) {
		Http.Response response = this.admin.get("/rest/V1/integrations/" + id + "/health");
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		return JsonMapper.shared().readValue(response.body(), Map.class);
	}

}
