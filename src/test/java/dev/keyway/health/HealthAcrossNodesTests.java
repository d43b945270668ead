package dev.keyway.health;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import tools.jackson.databind.json.JsonMapper;

import dev.keyway.testing.AdminApi;
import dev.keyway.testing.Eventually;
import dev.keyway.testing.GoogleOAuthClient;
import dev.keyway.testing.Http;
import dev.keyway.testing.KeywayNode;
import dev.keyway.testing.OAuthClientCredentials;
import dev.keyway.testing.SignedCalls;
import dev.keyway.testing.TestDatabases;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 16: two nodes on one PostgreSQL database count in memory and write in batches, and the
 * health route of either node answers exactly the sum (24 h and since creation); each refusal record
 * names the node that refused it ({@code keyway.node-name}). Signed by google-oauth-client; polled
 * with a deadline, never slept on.
 */
@EnabledIfSystemProperty(named = "keyway-test.database", matches = "postgres")
class HealthAcrossNodesTests {

	private static final String PRODUCT = "/rest/V1/products/SP-TN-003";

	private static KeywayNode nodeA;

	private static KeywayNode nodeB;

	@BeforeAll
	static void startTwoNodes() {
		TestDatabases.Database database = TestDatabases.newPostgresDatabase();
		byte[] key = new byte[32];
		new SecureRandom().nextBytes(key);
		String masterKey = Base64.getEncoder().encodeToString(key);
		nodeA = KeywayNode.start(database, masterKey,
				Map.of("keyway.node-name", "node-a", "keyway.health.flush-interval", "PT0.5S"));
		nodeB = KeywayNode.start(database, masterKey,
				Map.of("keyway.node-name", "node-b", "keyway.health.flush-interval", "PT0.5S"));
	}

	@AfterAll
	static void stopTwoNodes() {
		if (nodeB != null) {
			nodeB.close();
		}
		if (nodeA != null) {
			nodeA.close();
		}
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> health(AdminApi admin, long id) {
		Http.Response response = admin.get("/rest/V1/integrations/" + id + "/health");
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		return JsonMapper.shared().readValue(response.body(), Map.class);
	}

	private static long number(Object value) {
		return ((Number) value).longValue();
	}

	@Test
	void healthWhenCallsGoToTwoNodesThenCountsAreExactlyTheSumAndRecordsNameTheNode() throws Exception {
		AdminApi adminA = new AdminApi(nodeA.http());
		AdminApi adminB = new AdminApi(nodeB.http());
		OAuthClientCredentials client = SignedCalls.integration(adminA, "two nodes", List.of("Magento_Catalog::products"));
		long id = nodeA.bean(JdbcClient.class)
			.sql("SELECT i.id FROM integrations i JOIN oauth_consumers c ON c.id = i.consumer_id WHERE c.consumer_key = :key")
			.param("key", client.consumerKey())
			.query(Long.class)
			.single();
		OAuthClientCredentials wrongSecret = new OAuthClientCredentials(client.consumerKey(), client.consumerSecret(),
				client.accessToken(), "z".repeat(32));
		for (int i = 0; i < 3; i++) {
			assertThat(GoogleOAuthClient.call("GET", nodeA.url(PRODUCT), client, null).status()).isEqualTo(200);
		}
		for (int i = 0; i < 4; i++) {
			assertThat(GoogleOAuthClient.call("GET", nodeB.url(PRODUCT), client, null).status()).isEqualTo(200);
		}
		assertThat(GoogleOAuthClient.call("GET", nodeA.url(PRODUCT), wrongSecret, null).status()).isEqualTo(401);
		for (int i = 0; i < 2; i++) {
			assertThat(GoogleOAuthClient.call("GET", nodeB.url(PRODUCT), wrongSecret, null).status()).isEqualTo(401);
		}

		Eventually.within(Duration.ofSeconds(20), "both nodes have written their counts", () -> {
			// a count not written yet is absent (null), not 0: keep polling until both nodes have flushed
			Map<String, Object> health = health(adminB, id);
			Object refused = ((Map<?, ?>) health.get("refusals_total")).get("bad_signature");
			return health.get("requests_total") != null && number(health.get("requests_total")) == 7 && refused != null
					&& number(refused) == 3;
		});
		for (AdminApi admin : List.of(adminA, adminB)) {
			Map<String, Object> health = health(admin, id);
			assertThat(number(health.get("requests_total"))).isEqualTo(7);
			assertThat(number(health.get("requests_24h"))).isEqualTo(7);
			assertThat((Map<String, Object>) health.get("refusals_total")).containsOnlyKeys("bad_signature");
			assertThat(number(((Map<?, ?>) health.get("refusals_total")).get("bad_signature"))).isEqualTo(3);
			assertThat(number(((Map<?, ?>) health.get("refusals_24h")).get("bad_signature"))).isEqualTo(3);
			List<Object> nodes = ((List<?>) health.get("recent_refusals")).stream()
				.map((item) -> ((Map<?, ?>) item).get("node"))
				.map(Object.class::cast)
				.toList();
			assertThat(nodes).containsExactlyInAnyOrder("node-a", "node-b", "node-b");
		}
	}

}
