package dev.keyway.gateway;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.github.scribejava.core.model.Verb;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.keyway.testing.AdminApi;
import dev.keyway.testing.GoogleOAuthClient;
import dev.keyway.testing.Http;
import dev.keyway.testing.KeywayNode;
import dev.keyway.testing.OAuthClientCredentials;
import dev.keyway.testing.ScribeOAuthClient;
import dev.keyway.testing.SignedCalls;
import dev.keyway.testing.SignedRequests;
import dev.keyway.testing.TestDatabases;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An upstream of {@code kind: magento} (issue 15.4): Keyway re-signs each forwarded call with the
 * credentials it holds at that "Magento", and the upstream — a PHP script run by {@code php -S} —
 * checks that signature with PHP's PECL OAuthProvider, an OAuth 1.0a implementation independent of
 * Keyway's. The client signs its call to Keyway with google-oauth-client.
 */
class MagentoUpstreamTests {

	static final String CK = "magento-consumer-key-0123456789ab";

	static final String CS = "magento-consumer-secret-0123456789";

	static final String AT = "magento-access-token-0123456789abc";

	static final String ATS = "magento-token-secret-0123456789abc";

	static Process php;

	static int phpPort;

	static KeywayNode node;

	static OAuthClientCredentials client;

	@BeforeAll
	static void start() throws Exception {
		try (ServerSocket socket = new ServerSocket(0)) {
			phpPort = socket.getLocalPort();
		}
		Path script = Paths.get("src/test/resources/gateway/magento-verify.php").toAbsolutePath();
		Path directory = Files.createTempDirectory("magento-upstream-");
		ProcessBuilder builder = new ProcessBuilder("php", "-S", "127.0.0.1:" + phpPort, script.toString())
			.directory(directory.toFile())
			.redirectErrorStream(true)
			.redirectOutput(directory.resolve("php.log").toFile());
		builder.environment().putAll(Map.of("MAGENTO_CK", CK, "MAGENTO_CS", CS, "MAGENTO_AT", AT, "MAGENTO_ATS", ATS));
		php = builder.start();
		awaitPort(phpPort);
		Path file = Files.createTempFile("gateway-magento-", ".yml");
		Files.writeString(file, """
				resources:
				  - {id: "Acme_Shop::shop", title: "Shop", parent: "Magento_Backend::admin"}
				upstreams:
				  - name: magento
				    kind: magento
				    url: http://127.0.0.1:%1$d
				    consumer_key: "%2$s"
				    consumer_secret: "%3$s"
				    access_token: "%4$s"
				    access_token_secret: "%5$s"
				    encoded_slashes: true
				    routes:
				      - {method: GET,  path: "/V1/shop/products/:sku", resources: ["Acme_Shop::shop"]}
				      - {method: POST, path: "/V1/shop/orders",        resources: ["Acme_Shop::shop"]}
				  - name: scoped
				    kind: magento
				    url: http://127.0.0.1:%1$d
				    consumer_key: "%2$s"
				    consumer_secret: "%3$s"
				    access_token: "%4$s"
				    access_token_secret: "%5$s"
				    store_codes: [de, us_en]
				    routes:
				      - {method: GET, path: "/V1/scoped/products/:sku", resources: ["Acme_Shop::shop"], upstream_path: "/:store_code/V1/products/:sku"}
				      - {method: PUT, path: "/V1/scoped/products/:sku", resources: ["Acme_Shop::shop"], upstream_path: "/:store_code/V1/products/:sku"}
				  - name: wrong
				    kind: magento
				    url: http://127.0.0.1:%1$d
				    consumer_key: "%2$s"
				    consumer_secret: "not-the-secret-magento-knows-012345"
				    access_token: "%4$s"
				    access_token_secret: "%5$s"
				    routes:
				      - {method: GET, path: "/V1/shop-wrong/products/:sku", resources: ["Acme_Shop::shop"]}
				  - name: bearer
				    kind: magento
				    auth: bearer
				    url: http://127.0.0.1:%1$d
				    access_token: "%4$s"
				    routes:
				      - {method: GET, path: "/V1/shop-bearer/products/:sku", resources: ["Acme_Shop::shop"]}
				""".formatted(phpPort, CK, CS, AT, ATS));
		byte[] key = new byte[32];
		new SecureRandom().nextBytes(key);
		node = KeywayNode.start(TestDatabases.newDatabase(), Base64.getEncoder().encodeToString(key),
				Map.of("keyway.gateway.file", file.toString(), "server.forward-headers-strategy", "native"));
		client = SignedCalls.integration(new AdminApi(node.http()), "magento connector", List.of("Acme_Shop::shop"));
	}

	private static void awaitPort(int port) throws InterruptedException {
		Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
		while (Instant.now().isBefore(deadline)) {
			try (Socket socket = new Socket("127.0.0.1", port)) {
				return;
			}
			catch (IOException ex) {
				Thread.sleep(50);
			}
		}
		throw new IllegalStateException("php -S did not listen on port " + port + " within 10 s");
	}

	@AfterAll
	static void stop() {
		if (node != null) {
			node.close();
		}
		if (php != null) {
			php.destroy();
		}
	}

	@Test
	void forwardWhenGetWithQueryThenPhpOAuthProviderAcceptsKeywaysSignature() throws Exception {
		Http.Response response = GoogleOAuthClient.call("GET", node.url("/rest/V1/shop/products/AB%20C?x=1&y=a%2Bb"),
				client, null);

		assertThat(response.status()).as(response.body()).isEqualTo(200);
		assertThat(response.body()).contains("\"verified\":\"oauth\"", "\"consumer_key\":\"" + CK + "\"",
				"\"uri\":\"\\/V1\\/shop\\/products\\/AB%20C?x=1&y=a%2Bb\"");
	}

	@Test
	void forwardWhenSkuHasEncodedSlashThenPhpOAuthProviderAcceptsTheSignatureOfThePathAsSent() throws Exception {
		// magento/magento2#37278, #37830: a SKU such as "AB/12" travels as AB%2F12, and is signed as sent
		Http.Response response = ScribeOAuthClient.call(Verb.GET, node.url("/rest/V1/shop/products/AB%2F12"), client,
				null);

		assertThat(response.status()).as(response.body()).isEqualTo(200);
		assertThat(response.body()).contains("\"verified\":\"oauth\"", "\"uri\":\"\\/V1\\/shop\\/products\\/AB%2F12\"");
	}

	/** A Magento writes /rest/all/… globally and /rest/fr/… in that store view: upstream_path keeps the scope. */
	@Test
	void forwardWhenUpstreamPathNamesStoreCodeThenMagentoGetsTheCallsScopeSignedByKeyway() throws Exception {
		Http.Response all = GoogleOAuthClient.call("PUT", node.url("/rest/all/V1/scoped/products/ABC"), client,
				"{\"product\":{\"price\":9}}");
		Http.Response fr = GoogleOAuthClient.call("GET", node.url("/rest/fr/V1/scoped/products/ABC"), client, null);
		Http.Response none = GoogleOAuthClient.call("GET", node.url("/rest/V1/scoped/products/ABC"), client, null);

		assertThat(all.status()).as(all.body()).isEqualTo(200);
		assertThat(all.body()).contains("\"verified\":\"oauth\"", "\"method\":\"PUT\"", "\"uri\":\"\\/all\\/V1\\/products\\/ABC\"");
		assertThat(fr.body()).contains("\"verified\":\"oauth\"", "\"uri\":\"\\/fr\\/V1\\/products\\/ABC\"");
		assertThat(none.body()).contains("\"verified\":\"oauth\"", "\"uri\":\"\\/default\\/V1\\/products\\/ABC\"");
	}

	/** The Magento's own store codes, declared for its upstream (an operator trial: every one of them was a 404). */
	@Test
	void forwardWhenStoreCodeDeclaredForTheUpstreamThenItsRoutesTakeItAndOthersDoNot() throws Exception {
		Http.Response de = GoogleOAuthClient.call("GET", node.url("/rest/de/V1/scoped/products/ABC"), client, null);
		Http.Response usEn = GoogleOAuthClient.call("PUT", node.url("/rest/us_en/V1/scoped/products/ABC"), client, "{}");
		Http.Response undeclared = GoogleOAuthClient.call("GET", node.url("/rest/it/V1/scoped/products/ABC"), client, null);
		Http.Response builtIn = GoogleOAuthClient.call("GET", node.url("/rest/de/V1/store/storeConfigs"), client, null);

		assertThat(de.status()).as(de.body()).isEqualTo(200);
		assertThat(de.body()).contains("\"verified\":\"oauth\"", "\"uri\":\"\\/de\\/V1\\/products\\/ABC\"");
		assertThat(usEn.body()).contains("\"verified\":\"oauth\"", "\"uri\":\"\\/us_en\\/V1\\/products\\/ABC\"");
		assertThat(undeclared.status()).as(undeclared.body()).isEqualTo(404);
		assertThat(builtIn.status()).as("Keyway's own store does not take the Magento's code").isEqualTo(404);
	}

	/** The verify-only endpoints read a declared code as the reverse proxy does, for that upstream's routes only. */
	@Test
	void verifyWhenStoreCodeDeclaredThenApprovedForItsUpstreamOnlyWithTheCode() {
		Http.Response declared = verify("/rest/de/V1/scoped/products/ABC");
		Http.Response otherUpstream = verify("/rest/de/V1/shop/products/ABC");
		Http.Response undeclared = verify("/rest/it/V1/scoped/products/ABC");

		assertThat(declared.status()).as(declared.body()).isEqualTo(200);
		assertThat(declared.header("X-Keyway-Store-Code")).isEqualTo("de");
		assertThat(otherUpstream.status()).as("another upstream's route does not take the code").isEqualTo(403);
		assertThat(otherUpstream.header("X-Keyway-Error")).startsWith("404 ");
		assertThat(undeclared.status()).isEqualTo(403);
	}

	private static Http.Response verify(String uri) {
		String authorization = SignedRequests.sign(SignedRequests.sha256(client.consumerKey(), client.consumerSecret(),
				client.accessToken(), client.accessTokenSecret()), "GET", node.url(uri));
		return node.http().get("/auth/verify", "Authorization", authorization, "X-Original-Method", "GET",
				"X-Original-URI", uri);
	}

	@Test
	void forwardWhenPostWithJsonBodyThenAcceptedAndBodyPassesUnsigned() throws Exception {
		Http.Response response = GoogleOAuthClient.call("POST", node.url("/rest/default/V1/shop/orders"), client,
				"{\"sku\":\"ABC\",\"qty\":2}");

		assertThat(response.status()).as(response.body()).isEqualTo(200);
		assertThat(response.body()).contains("\"verified\":\"oauth\"", "\"uri\":\"\\/V1\\/shop\\/orders\"",
				"\"body\":\"{\\\"sku\\\":\\\"ABC\\\",\\\"qty\\\":2}\"");
	}

	@Test
	void forwardWhenPostWithFormBodyThenKeywaySignsTheBodyParametersAndPhpAcceptsThem() {
		String url = node.url("/rest/V1/shop/orders");
		// google-oauth-client signs the query of the URL it is given: the form's pairs, sent as the body
		String authorization = SignedRequests.sign(SignedRequests.sha256(client.consumerKey(), client.consumerSecret(),
				client.accessToken(), client.accessTokenSecret()), "POST", url + "?sku=A%20B&qty=3");

		Http.Response response = node.http().post(url, "sku=A+B&qty=3", "Authorization", authorization,
				"Content-Type", "application/x-www-form-urlencoded");

		assertThat(response.status()).as(response.body()).isEqualTo(200);
		assertThat(response.body()).contains("\"verified\":\"oauth\"", "\"post\":{\"sku\":\"A B\",\"qty\":\"3\"}");
	}

	/**
	 * Behind a TLS edge the client signs {@code https://…}; Keyway signs the Magento's {@code http} URL, and the
	 * Magento takes the scheme it verifies from {@code X-Forwarded-Proto}: that header names the upstream's scheme
	 * (an operator trial: it named the client's, and every such call was refused).
	 */
	@Test
	void forwardWhenClientCameThroughTlsEdgeThenMagentoVerifiesWithTheUpstreamsScheme() {
		String signedUrl = "https://localhost:" + node.port() + "/rest/V1/shop/products/EDGE";
		String authorization = SignedRequests.sign(SignedRequests.sha256(client.consumerKey(), client.consumerSecret(),
				client.accessToken(), client.accessTokenSecret()), "GET", signedUrl);

		Http.Response response = node.http().get("/rest/V1/shop/products/EDGE", "Authorization", authorization,
				"X-Forwarded-Proto", "https", "X-Forwarded-Port",
				Integer.toString(node.port()));

		assertThat(response.status()).as(response.body()).isEqualTo(200);
		assertThat(response.body()).contains("\"verified\":\"oauth\"");
	}

	@Test
	@org.junit.jupiter.api.extension.ExtendWith(org.springframework.boot.test.system.OutputCaptureExtension.class)
	void forwardWhenConfiguredSecretIsWrongThenPhpRefusesAndItsAnswerPassesThroughAndTheOperatorIsTold(
			org.springframework.boot.test.system.CapturedOutput output) throws Exception {
		Http.Response response = GoogleOAuthClient.call("GET", node.url("/rest/V1/shop-wrong/products/ABC"), client,
				null);

		assertThat(response.status()).as(response.body()).isEqualTo(401);
		assertThat(response.body()).contains("OAuthProvider refused the call: oauth_problem=signature_invalid")
			.doesNotContain(AT);
		assertThat(output.getOut()).contains("Upstream \"wrong\"", "the Magento answered 401 to Keyway's own credentials")
			.doesNotContain(AT)
			.doesNotContain("not-the-secret-magento-knows-012345");
	}

	@Test
	void forwardWhenAuthBearerThenAccessTokenSentAsBearer() throws Exception {
		Http.Response response = GoogleOAuthClient.call("GET", node.url("/rest/V1/shop-bearer/products/ABC"), client,
				null);

		assertThat(response.status()).as(response.body()).isEqualTo(200);
		assertThat(response.body()).contains("\"verified\":\"bearer\"");
	}

	@Test
	void forwardWhenClientUnsignedThenKeywayRefusesAndNothingReachesMagento() {
		Http.Response response = node.http().get("/rest/V1/shop/products/ABC");

		assertThat(response.status()).isEqualTo(401);
		assertThat(response.body()).doesNotContain("verified");
	}

}
