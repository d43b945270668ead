package dev.keyway.management;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.keyway.testing.AdminApi;
import dev.keyway.testing.Http;
import dev.keyway.testing.KeywayNode;
import dev.keyway.testing.TestDatabases;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The IP allow-list behind a trusted proxy (issue 17.1, SPEC 5.10): a node started with
 * {@code server.forward-headers-strategy=native} trusts its loopback peer as a proxy (Tomcat's
 * internal-proxy rule), so the client's address is the one {@code X-Forwarded-For} names. The shared
 * test context trusts no proxy (GuardrailsTests shows the header ignored there).
 */
class AllowListBehindProxyTests {

	private static KeywayNode node;

	@BeforeAll
	static void start() {
		byte[] key = new byte[32];
		new SecureRandom().nextBytes(key);
		node = KeywayNode.start(TestDatabases.newDatabase(), Base64.getEncoder().encodeToString(key),
				Map.of("server.forward-headers-strategy", "native"));
	}

	@AfterAll
	static void stop() {
		if (node != null) {
			node.close();
		}
	}

	@Test
	void bearerCallWhenTrustedProxyForwardsAllowedClientThenAcceptedAndOtherClientRefused() {
		Http http = node.http();
		AdminApi admin = new AdminApi(http);
		assertThat(admin.put("/rest/V1/settings",
				"{\"settings\":{\"oauth/consumer/enable_integration_as_bearer\":\"1\"}}").status()).isEqualTo(200);
		long id = admin.createIntegration("{\"name\":\"proxy " + UUID.randomUUID()
				+ "\",\"resources\":[\"Magento_Sales::actions_view\"],\"ip_allowlist\":[\"203.0.113.0/24\"]}");
		Http.Response activation = admin.post("/rest/V1/integrations/" + id + "/activate", "{}");
		String bearer = "Bearer " + AdminApi.field(activation.body(), "access_token");

		Http.Response allowed = http.get("/rest/V1/orders/4", "X-Forwarded-For", "203.0.113.7", "Authorization", bearer);
		Http.Response other = http.get("/rest/V1/orders/4", "X-Forwarded-For", "198.51.100.9", "Authorization", bearer);
		Http.Response direct = http.get("/rest/V1/orders/4", "Authorization", bearer);

		assertThat(allowed.status()).as(allowed.body()).isEqualTo(200);
		assertThat(other.status()).isEqualTo(401);
		assertThat(other.body()).contains("\"address\":\"198.51.100.9\"");
		assertThat(direct.status()).isEqualTo(401);
		assertThat(direct.body()).contains("\"address\":\"127.0.0.1\"");
	}

}
