package dev.keyway.cluster;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import dev.keyway.testing.AdminApi;
import dev.keyway.testing.Eventually;
import dev.keyway.testing.Http;
import dev.keyway.testing.KeywayNode;
import dev.keyway.testing.OAuthClientCredentials;
import dev.keyway.testing.TestDatabases;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Overlap rotation (issue 17.4) on two nodes of one PostgreSQL, and after a node restart: a grace
 * given on one node is honoured on the other (signed and Bearer), its end and a cut-off are in
 * force on the other within the revocation latency, and a restarted node honours a grace still
 * running (it lives in the database, not in a node's memory).
 */
@EnabledIfSystemProperty(named = "keyway-test.database", matches = "postgres")
class OverlapRotationAcrossNodesTests {

	private static TestDatabases.Database database;

	private static String masterKey;

	private static KeywayNode a;

	private static KeywayNode b;

	@BeforeAll
	static void startNodes() {
		database = TestDatabases.newPostgresDatabase();
		byte[] key = new byte[32];
		new SecureRandom().nextBytes(key);
		masterKey = Base64.getEncoder().encodeToString(key);
		a = KeywayNode.start(database, masterKey, Map.of());
		b = KeywayNode.start(database, masterKey, Map.of());
		AdminApi admin = new AdminApi(a.http());
		assertThat(admin.put("/rest/V1/settings",
				"{\"settings\":{\"oauth/consumer/enable_integration_as_bearer\":\"1\"}}").status()).isEqualTo(200);
	}

	@AfterAll
	static void stopNodes() {
		if (a != null) {
			a.close();
		}
		if (b != null) {
			b.close();
		}
	}

	@Test
	void reauthorizeWhenGraceGivenOnNodeAThenBothTokensWorkOnNodeBUntilCutOffThere() {
		AdminApi admin = new AdminApi(a.http());
		ClusterTests.Active old = ClusterTests.activate(admin, ClusterTests.SIGNED_RESOURCE);
		// node B caches the old token as the current one
		assertThat(signed(b, old.credentials())).isEqualTo(200);
		assertThat(bearer(b, old.credentials())).isEqualTo(200);

		OAuthClientCredentials renewed = reauthorize(admin, old.id(), 3600);
		ClusterTests.waitUntil(() -> signed(b, renewed) == 200);

		assertThat(signed(b, old.credentials())).isEqualTo(200);
		assertThat(bearer(b, old.credentials())).isEqualTo(200);
		assertThat(bearer(b, renewed)).isEqualTo(200);

		Http.Response cut = admin.delete("/rest/V1/integrations/" + old.id() + "/previous-token");
		assertThat(cut.status()).as(cut.body()).isEqualTo(200);
		long millis = ClusterTests.waitUntil(() -> signed(b, old.credentials()) == 401
				&& bearer(b, old.credentials()) == 401);
		System.out.printf("Cut-off propagation (cut off on A, old token refused on B): %d ms%n", millis);
		assertThat(signed(b, renewed)).isEqualTo(200);
		assertThat(bearer(b, renewed)).isEqualTo(200);
	}

	@Test
	void graceWhenItEndsThenOldTokenRefusedOnBothNodes() {
		AdminApi admin = new AdminApi(a.http());
		ClusterTests.Active old = ClusterTests.activate(admin, ClusterTests.SIGNED_RESOURCE);
		assertThat(signed(b, old.credentials())).isEqualTo(200);

		OAuthClientCredentials renewed = reauthorize(admin, old.id(), 2);

		Eventually.within(Duration.ofSeconds(20), "old token refused on both nodes after a 2 s grace",
				() -> signed(a, old.credentials()) == 401 && signed(b, old.credentials()) == 401
						&& bearer(b, old.credentials()) == 401);
		assertThat(signed(a, renewed)).isEqualTo(200);
		assertThat(signed(b, renewed)).isEqualTo(200);
	}

	@Test
	void nodeWhenRestartedDuringGraceThenBothTokensStillWorkThere() {
		AdminApi admin = new AdminApi(a.http());
		ClusterTests.Active old = ClusterTests.activate(admin, ClusterTests.SIGNED_RESOURCE);
		OAuthClientCredentials renewed = reauthorize(admin, old.id(), 3600);

		try (KeywayNode restarted = KeywayNode.start(database, masterKey, Map.of())) {
			assertThat(signed(restarted, old.credentials())).isEqualTo(200);
			assertThat(signed(restarted, renewed)).isEqualTo(200);
			assertThat(bearer(restarted, old.credentials())).isEqualTo(200);
			assertThat(new AdminApi(restarted.http()).get("/rest/V1/integrations/" + old.id()).body())
				.contains("\"previous_token_valid_until\":\"");
		}
	}

	private static OAuthClientCredentials reauthorize(AdminApi admin, long id, int graceSeconds) {
		Http.Response response = admin.post("/rest/V1/integrations/" + id + "/reauthorize",
				"{\"grace_period_seconds\":" + graceSeconds + "}");
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		return new OAuthClientCredentials(ClusterTests.field(response.body(), "consumer_key"),
				ClusterTests.field(response.body(), "consumer_secret"), ClusterTests.field(response.body(), "access_token"),
				ClusterTests.field(response.body(), "access_token_secret"));
	}

	private static int signed(KeywayNode node, OAuthClientCredentials credentials) {
		return ClusterTests.signedStatus(node, ClusterTests.SIGNED_PATH, credentials);
	}

	private static int bearer(KeywayNode node, OAuthClientCredentials credentials) {
		return node.http().get(ClusterTests.SIGNED_PATH, "Authorization", "Bearer " + credentials.accessToken()).status();
	}

}
