package dev.keyway.management;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.keyway.testing.AdminApi;
import dev.keyway.testing.Http;
import dev.keyway.testing.KeywayNode;
import dev.keyway.testing.OAuthClientCredentials;
import dev.keyway.testing.SignedCalls;
import dev.keyway.testing.SignedRequests;
import dev.keyway.testing.TestDatabases;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The IP allow-list and the signed URL behind a trusted proxy (issue 17.1, SPEC 5.10, 4.3), with both
 * of Spring Boot's strategies: {@code server.forward-headers-strategy=native} trusts the loopback peer
 * as a proxy (Tomcat's internal-proxy rule); {@code framework} applies Spring's
 * {@code ForwardedHeaderFilter}, which the Web API's front door runs itself (it skips the other
 * servlet filters). Either way the client's address is the one {@code X-Forwarded-For} names and the
 * signed URL is the public one. The shared test context trusts no proxy (GuardrailsTests shows the
 * header ignored there).
 */
class AllowListBehindProxyTests {

	private static final Map<String, KeywayNode> nodes = new java.util.HashMap<>();

	@BeforeAll
	static void start() {
		for (String strategy : new String[] { "native", "framework" }) {
			byte[] key = new byte[32];
			new SecureRandom().nextBytes(key);
			nodes.put(strategy, KeywayNode.start(TestDatabases.newDatabase(), Base64.getEncoder().encodeToString(key),
					Map.of("server.forward-headers-strategy", strategy)));
		}
	}

	@AfterAll
	static void stop() {
		nodes.values().forEach(KeywayNode::close);
	}

	@ParameterizedTest
	@CsvSource({ "native, tomcat", "native, event-loop", "framework, tomcat", "framework, event-loop" })
	void signedCallWhenTrustedProxyForwardsThePublicUrlThenTheSignatureOfThatUrlIsAccepted(String strategy, String port) {
		Http http = http(strategy, port);
		OAuthClientCredentials client = SignedCalls.integration(new AdminApi(http), "proxy signed",
				List.of("Magento_Backend::store"));
		String path = "/rest/V1/store/storeConfigs";

		Http.Response forwarded = http.get(path, "X-Forwarded-Proto", "https", "X-Forwarded-Host", "shop.example.com",
				"X-Forwarded-Port", "443", "Authorization", publicSignature(client, path));
		Http.Response direct = http.get(path, "Authorization", publicSignature(client, path));

		assertThat(forwarded.status()).as(forwarded.body()).isEqualTo(200);
		assertThat(direct.status()).isEqualTo(401);
	}

	/** Tomcat's port, or the event-loop listener's (issue 14.1), which must read the proxy's headers the same way. */
	private static Http http(String strategy, String port) {
		KeywayNode node = nodes.get(strategy);
		return "tomcat".equals(port) ? node.http()
				: new Http(node.context().getEnvironment().getRequiredProperty("local.keyway.event-loop.port", Integer.class));
	}

	/** Signed by google-oauth-client for the URL the client sees: the proxy's. */
	private static String publicSignature(OAuthClientCredentials client, String path) {
		return SignedRequests.sign(SignedRequests.sha1(client.consumerKey(), client.consumerSecret(),
				client.accessToken(), client.accessTokenSecret()), "GET", "https://shop.example.com" + path);
	}

	@ParameterizedTest
	@CsvSource({ "native, tomcat", "native, event-loop", "framework, tomcat", "framework, event-loop" })
	void bearerCallWhenTrustedProxyForwardsAllowedClientThenAcceptedAndOtherClientRefused(String strategy, String port) {
		Http http = http(strategy, port);
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
