package dev.keyway.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import dev.keyway.testing.AdminApi;
import dev.keyway.testing.Eventually;
import dev.keyway.testing.GoogleOAuthClient;
import dev.keyway.testing.Http;
import dev.keyway.testing.KeywayNode;
import dev.keyway.testing.OAuthClientCredentials;
import dev.keyway.testing.SignedRequests;
import dev.keyway.testing.TestDatabases;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two gateway nodes on one PostgreSQL (issue 15): an integration deleted on node A is refused by the
 * gateway of node B — reverse proxy and nginx's verify endpoint — within a second, and the upstream
 * receives nothing after that.
 */
@EnabledIfSystemProperty(named = "keyway-test.database", matches = "postgres")
class GatewayRevocationAcrossNodesTests {

	static RecordingUpstream upstream;

	static KeywayNode a;

	static KeywayNode b;

	@BeforeAll
	static void startNodes() throws IOException {
		upstream = new RecordingUpstream();
		Path file = Files.createTempFile("gateway-cluster-", ".yml");
		Files.writeString(file, """
				resources:
				  - {id: "Acme_Erp::erp", title: "ERP", parent: "Magento_Backend::admin"}
				upstreams:
				  - name: erp
				    url: %s
				    routes:
				      - {method: GET, path: "/V1/erp/stock/:sku", resources: ["Acme_Erp::erp"]}
				""".formatted(upstream.url()));
		TestDatabases.Database database = TestDatabases.newPostgresDatabase();
		byte[] key = new byte[32];
		new SecureRandom().nextBytes(key);
		String masterKey = Base64.getEncoder().encodeToString(key);
		a = KeywayNode.start(database, masterKey, Map.of("keyway.gateway.file", file.toString()));
		b = KeywayNode.start(database, masterKey, Map.of("keyway.gateway.file", file.toString()));
	}

	@AfterAll
	static void stopNodes() {
		for (AutoCloseable closeable : new AutoCloseable[] { a, b, upstream }) {
			if (closeable != null) {
				try {
					closeable.close();
				}
				catch (Exception ex) {
					// the others still close
				}
			}
		}
	}

	@Test
	void deleteWhenDoneOnNodeAThenGatewayOnNodeBRefusesWithinOneSecond() {
		AdminApi adminA = new AdminApi(a.http());
		String name = "gateway revoked " + UUID.randomUUID();
		long id = adminA.createIntegration("{\"name\":\"" + name + "\",\"resources\":[\"Acme_Erp::erp\"]}");
		Http.Response activation = adminA.post("/rest/V1/integrations/" + id + "/activate", "{}");
		OAuthClientCredentials credentials = new OAuthClientCredentials(
				AdminApi.field(activation.body(), "consumer_key"), AdminApi.field(activation.body(), "consumer_secret"),
				AdminApi.field(activation.body(), "access_token"), AdminApi.field(activation.body(), "access_token_secret"));
		assertThat(proxied(b, credentials)).isEqualTo(201);
		assertThat(verified(b, credentials)).isEqualTo(200);

		assertThat(adminA.delete("/rest/V1/integrations/" + id).status()).isEqualTo(200);
		long millis = Eventually.within(Duration.ofSeconds(5), "the deleted integration refused by node B's gateway",
				() -> proxied(b, credentials) == 401);
		int received = upstream.receivedFor("/V1/erp/stock/REVOKED").size();

		System.out.printf("Revocation propagation through the gateway (delete on A, refused on B): %d ms%n", millis);
		assertThat(millis).isLessThan(1000);
		assertThat(verified(b, credentials)).isEqualTo(401);
		assertThat(proxied(b, credentials)).isEqualTo(401);
		assertThat(upstream.receivedFor("/V1/erp/stock/REVOKED")).hasSize(received);
	}

	/** A call signed by google-oauth-client through node's reverse proxy; its status. */
	private static int proxied(KeywayNode node, OAuthClientCredentials credentials) {
		try {
			return GoogleOAuthClient.call("GET", node.url("/rest/V1/erp/stock/REVOKED"), credentials, null).status();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The same call as nginx's auth_request would ask node's verify endpoint about it; its status. */
	private static int verified(KeywayNode node, OAuthClientCredentials credentials) {
		String authorization = SignedRequests.sign(SignedRequests.sha256(credentials.consumerKey(),
				credentials.consumerSecret(), credentials.accessToken(), credentials.accessTokenSecret()), "GET",
				node.url("/rest/V1/erp/stock/REVOKED"));
		return node.http()
			.get("/auth/verify", "Authorization", authorization, "X-Original-Method", "GET", "X-Original-URI",
					"/rest/V1/erp/stock/REVOKED")
			.status();
	}

}
