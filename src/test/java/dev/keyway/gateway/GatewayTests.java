package dev.keyway.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.github.scribejava.core.model.Verb;
import com.google.api.client.auth.oauth.OAuthHmacSha256Signer;
import com.google.api.client.auth.oauth.OAuthParameters;
import com.google.api.client.http.GenericUrl;
import oauth.signpost.OAuthConsumer;
import oauth.signpost.basic.DefaultOAuthConsumer;
import oauth.signpost.signature.HmacSha256MessageSigner;
import oauth.signpost.signature.QueryStringSigningStrategy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.keyway.testing.AdminApi;
import dev.keyway.testing.GoogleOAuthClient;
import dev.keyway.testing.GrafanaDashboard;
import dev.keyway.testing.Http;
import dev.keyway.testing.KeywayNode;
import dev.keyway.testing.OAuthClientCredentials;
import dev.keyway.testing.Scrape;
import dev.keyway.testing.ScribeOAuthClient;
import dev.keyway.testing.SignedCalls;
import dev.keyway.testing.SignedRequests;
import dev.keyway.testing.TestDatabases;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway end to end (issue 15): a node started with a gateway file in front of a small real
 * upstream; calls signed by independent OAuth libraries through the reverse proxy and the verify-only
 * endpoints.
 */
class GatewayTests {

	static final String SECRET = "upstream-secret-0123456789abcdef-0123";

	static RecordingUpstream upstream;

	static KeywayNode node;

	static AdminApi admin;

	static OAuthClientCredentials stock;

	static OAuthClientCredentials other;

	static long stockId;

	@BeforeAll
	static void start() throws Exception {
		upstream = new RecordingUpstream();
		int closed;
		try (ServerSocket socket = new ServerSocket(0)) {
			closed = socket.getLocalPort();
		}
		Path file = Files.createTempFile("gateway-", ".yml");
		Files.writeString(file, """
				resources:
				  - {id: "Acme_Erp::erp", title: "ERP", parent: "Magento_Backend::admin"}
				  - {id: "Acme_Erp::stock", title: "Stock", parent: "Acme_Erp::erp"}
				upstreams:
				  - name: erp
				    url: %s
				    secret: "%s"
				    read_timeout: 500ms
				    routes:
				      - {method: GET,  path: "/V1/erp/stock/:sku", resources: ["Acme_Erp::stock"]}
				      - {method: POST, path: "/V1/erp/stock",      resources: ["Acme_Erp::stock"]}
				      - {method: GET,  path: "/V1/erp/slow",       resources: anonymous}
				      - {method: GET,  path: "/V1/erp/public/:id", resources: anonymous, upstream_path: "/public/:id"}
				  - name: down
				    url: http://127.0.0.1:%d
				    routes:
				      - {method: GET, path: "/V1/down/ping", resources: anonymous}
				  - name: slashes
				    url: %s
				    encoded_slashes: true
				    routes:
				      - {method: GET, path: "/V1/slashes/products/:sku", resources: ["Acme_Erp::stock"]}
				      - {method: GET, path: "/V1/slashes/items/:sku", resources: ["Acme_Erp::stock"], upstream_path: "/items/:sku"}
				""".formatted(upstream.url(), SECRET, closed, upstream.url()));
		byte[] key = new byte[32];
		new SecureRandom().nextBytes(key);
		node = KeywayNode.start(TestDatabases.newDatabase(), Base64.getEncoder().encodeToString(key),
				Map.of("keyway.gateway.file", file.toString()));
		admin = new AdminApi(node.http());
		stockId = admin.createIntegration("{\"name\":\"gateway stock\",\"resources\":[\"Acme_Erp::stock\"]}");
		Http.Response activation = admin.post("/rest/V1/integrations/" + stockId + "/activate", "{}");
		stock = new OAuthClientCredentials(AdminApi.field(activation.body(), "consumer_key"),
				AdminApi.field(activation.body(), "consumer_secret"), AdminApi.field(activation.body(), "access_token"),
				AdminApi.field(activation.body(), "access_token_secret"));
		other = SignedCalls.integration(admin, "gateway other", List.of("Magento_Catalog::products"));
	}

	@AfterAll
	static void stop() {
		if (node != null) {
			node.close();
		}
		if (upstream != null) {
			upstream.close();
		}
	}

	@Test
	void forwardWhenSignedByGoogleAndGrantedThenUpstreamGetsPathQueryAndIdentityButNoCredentials() throws Exception {
		String url = node.url("/rest/V1/erp/stock/ABC?x=1");
		String authorization = SignedRequests.sign(SignedRequests.sha256(stock.consumerKey(), stock.consumerSecret(),
				stock.accessToken(), stock.accessTokenSecret()), "GET", url);

		Http.Response response = node.http().get(url, "Authorization", authorization, "Cookie", "session=secret",
				"X-Consumer-ID", "999", "X-Anonymous-Consumer", "true", "X-Keyway-Caller-Type", "admin",
				"X-Forwarded-For", "6.6.6.6");

		assertThat(response.status()).as(response.body()).isEqualTo(201);
		assertThat(response.body()).isEqualTo("{\"upstream\":\"GET /V1/erp/stock/ABC?x=1\",\"body\":null}");
		assertThat(response.header("X-Upstream")).isEqualTo("erp");
		assertThat(response.headers()).doesNotContainKey("keep-alive");
		RecordingUpstream.Received received = last("/V1/erp/stock/ABC");
		assertThat(received.header("Authorization")).isNull();
		assertThat(received.header("Cookie")).isNull();
		assertThat(received.headers().get("X-Consumer-ID")).containsExactly(Long.toString(stockId));
		assertThat(received.header("X-Consumer-Username")).isEqualTo("gateway stock");
		assertThat(received.header("X-Anonymous-Consumer")).isNull();
		assertThat(received.headers().get("X-Keyway-Caller-Type")).containsExactly("integration");
		assertThat(received.headers().get("X-Forwarded-For")).containsExactly("127.0.0.1");
		assertThat(received.header("X-Forwarded-Host")).isEqualTo("localhost:" + node.port());
		assertThat(received.header("X-Forwarded-Proto")).isEqualTo("http");
		assertThat(received.header("X-Keyway-Signature")).isEqualTo(expectedSignature(received));
	}

	@Test
	void forwardWhenCalledOnEventLoopListenerThenUpstreamGetsTheSameCallAndIdentity() throws Exception {
		int loop = node.context().getEnvironment().getRequiredProperty("local.keyway.event-loop.port", Integer.class);
		String url = "http://localhost:" + loop + "/rest/V1/erp/stock/LOOP?x=1";
		String authorization = SignedRequests.sign(SignedRequests.sha256(stock.consumerKey(), stock.consumerSecret(),
				stock.accessToken(), stock.accessTokenSecret()), "GET", url);

		Http.Response response = node.http().get(url, "Authorization", authorization, "X-Consumer-ID", "999");

		assertThat(response.status()).as(response.body()).isEqualTo(201);
		assertThat(response.body()).isEqualTo("{\"upstream\":\"GET /V1/erp/stock/LOOP?x=1\",\"body\":null}");
		assertThat(response.header("X-Upstream")).isEqualTo("erp");
		RecordingUpstream.Received received = last("/V1/erp/stock/LOOP");
		assertThat(received.header("Authorization")).isNull();
		assertThat(received.headers().get("X-Consumer-ID")).containsExactly(Long.toString(stockId));
		assertThat(received.header("X-Forwarded-Host")).isEqualTo("localhost:" + loop);
		assertThat(received.header("X-Keyway-Signature")).isEqualTo(expectedSignature(received));
	}

	@Test
	void forwardWhenPostedOnEventLoopListenerThenUpstreamGetsTheBody() {
		int loop = node.context().getEnvironment().getRequiredProperty("local.keyway.event-loop.port", Integer.class);

		Http.Response response = SignedCalls.call(SignedCalls.Library.SCRIBE, "POST",
				"http://localhost:" + loop + "/rest/V1/erp/stock", stock, "{\"sku\":\"LOOP-1\",\"qty\":3}");

		assertThat(response.status()).as(response.body()).isEqualTo(201);
		assertThat(response.body()).isEqualTo("{\"upstream\":\"POST /V1/erp/stock\",\"body\":{\"sku\":\"LOOP-1\",\"qty\":3}}");
	}

	@Test
	void forwardWhenUpstreamDownOnEventLoopListenerThen502InMagentoShape() {
		int loop = node.context().getEnvironment().getRequiredProperty("local.keyway.event-loop.port", Integer.class);

		Http.Response onTomcat = node.http().get("/rest/V1/down/ping");
		Http.Response onLoop = new Http(loop).get("/rest/V1/down/ping");

		assertThat(onLoop.status()).isEqualTo(502).isEqualTo(onTomcat.status());
		assertThat(onLoop.body()).isEqualTo(onTomcat.body());
	}

	@Test
	void forwardWhenStoreCodeInPathThenUpstreamGetsPathWithoutIt() {
		Http.Response response = SignedCalls.call(SignedCalls.Library.SCRIBE, "GET",
				node.url("/rest/default/V1/erp/stock/S%201"), stock, null);

		assertThat(response.status()).as(response.body()).isEqualTo(201);
		assertThat(response.body()).contains("\"GET /V1/erp/stock/S%201\"");
	}

	@Test
	void forwardWhenPostWithJsonBodySignedByScribeThenBodyReachesUpstream() {
		Http.Response response = SignedCalls.call(SignedCalls.Library.SCRIBE, "POST", node.url("/rest/V1/erp/stock"),
				stock, "{\"sku\":\"ABC\",\"qty\":3}");

		assertThat(response.status()).as(response.body()).isEqualTo(201);
		assertThat(response.body()).isEqualTo("{\"upstream\":\"POST /V1/erp/stock\",\"body\":{\"sku\":\"ABC\",\"qty\":3}}");
	}

	@Test
	void forwardWhenRouteNamesUpstreamPathThenVariablesPutThere() {
		Http.Response response = node.http().get("/rest/V1/erp/public/42?lang=fr");

		assertThat(response.status()).as(response.body()).isEqualTo(201);
		assertThat(response.body()).contains("\"GET /public/42?lang=fr\"");
		assertThat(last("/public/42").header("X-Anonymous-Consumer")).isEqualTo("true");
	}

	@Test
	void forwardWhenQueryHoldsAPercentThatStartsNoEscapeThenPassedOnAsAnEscapedPercentOnBothPorts() throws IOException {
		// the reverse proxy answered 400 ("cannot be passed on as a URI") while /auth/verify approved the same call
		int loop = node.context().getEnvironment().getRequiredProperty("local.keyway.event-loop.port", Integer.class);
		for (int port : List.of(node.port(), loop)) {
			String answer = raw(port, "GET /rest/V1/erp/public/" + port + "?x=%zz&y=50%&z=%41%e9 HTTP/1.1\r\n"
					+ "Host: localhost\r\nConnection: close\r\n\r\n");

			assertThat(answer).as("port %d", port).startsWith("HTTP/1.1 201")
				.contains("\"GET /public/" + port + "?x=%25zz&y=50%25&z=%41%e9\"");
		}
		assertThat(ReverseProxy.strayPercentsEscaped("/a?b=%", 3)).isEqualTo("b=%25");
		assertThat(ReverseProxy.strayPercentsEscaped("/a?b=%2", 3)).isEqualTo("b=%252");
		assertThat(ReverseProxy.strayPercentsEscaped("/a?b=%2f", 3)).isEqualTo("b=%2f");
	}

	@Test
	void forwardWhenIntegrationLacksResourceThen401AndNothingForwarded() {
		int before = upstream.received().size();

		Http.Response response = SignedCalls.call(SignedCalls.Library.GOOGLE, "GET",
				node.url("/rest/V1/erp/stock/NOPE-1"), other, null);

		assertThat(response.status()).isEqualTo(401);
		assertThat(response.body()).isEqualTo("{\"message\":\"The consumer isn't authorized to access %resources.\","
				+ "\"parameters\":{\"resources\":\"Acme_Erp::stock\"}}");
		assertThat(upstream.received()).hasSize(before);
	}

	@Test
	void forwardWhenPathUnderPrefixIsUndeclaredThen404AndNothingForwarded() {
		int before = upstream.received().size();

		Http.Response deeper = SignedCalls.call(SignedCalls.Library.GOOGLE, "GET",
				node.url("/rest/V1/erp/stock/ABC/history"), stock, null);
		Http.Response method = SignedCalls.call(SignedCalls.Library.GOOGLE, "DELETE",
				node.url("/rest/V1/erp/stock/ABC"), stock, null);

		assertThat(deeper.status()).isEqualTo(404);
		assertThat(deeper.body()).isEqualTo("{\"message\":\"Request does not match any route.\"}");
		assertThat(method.status()).isEqualTo(404);
		assertThat(upstream.received()).hasSize(before);
	}

	@Test
	void forwardWhenSameSignedRequestSentTwiceThenReplayRefused() {
		String url = node.url("/rest/V1/erp/stock/REPLAY");
		String authorization = SignedRequests.sign(SignedRequests.sha256(stock.consumerKey(), stock.consumerSecret(),
				stock.accessToken(), stock.accessTokenSecret()), "GET", url);

		Http.Response first = node.http().get(url, "Authorization", authorization);
		Http.Response replay = node.http().get(url, "Authorization", authorization);

		assertThat(first.status()).isEqualTo(201);
		assertThat(replay.status()).isEqualTo(401);
		assertThat(replay.body()).contains("The nonce is already being used");
		assertThat(upstream.receivedFor("/V1/erp/stock/REPLAY")).hasSize(1);
	}

	@Test
	void forwardWhenUpstreamDownThen502InMagentoShape() {
		Http.Response response = node.http().get("/rest/V1/down/ping");

		assertThat(response.status()).isEqualTo(502);
		assertThat(response.body())
			.isEqualTo("{\"message\":\"The upstream service \\\"%1\\\" cannot be reached.\",\"parameters\":[\"down\"]}");
	}

	@Test
	void forwardWhenUpstreamSlowerThanReadTimeoutThen504() {
		Http.Response response = node.http().get("/rest/V1/erp/slow");

		assertThat(response.status()).isEqualTo(504);
		assertThat(response.body()).isEqualTo(
				"{\"message\":\"The upstream service \\\"%1\\\" did not answer within %2.\",\"parameters\":[\"erp\",\"500ms\"]}");
	}

	@Test
	void aclResourcesWhenGatewayFileDeclaresThemThenListedUnderTheirParent() {
		Http.Response response = admin.get("/rest/V1/acl/resources");

		assertThat(response.body()).contains(
				"{\"id\":\"Acme_Erp::erp\",\"title\":\"ERP\",\"children\":[{\"id\":\"Acme_Erp::stock\",\"title\":\"Stock\",\"children\":[]}]}");
	}

	@Test
	void verifyWhenNginxNamesSignedOriginalCallThen200WithIdentityHeaders() {
		String original = node.url("/rest/V1/erp/stock/VERIFY?x=1");
		String authorization = SignedRequests.sign(SignedRequests.sha256(stock.consumerKey(), stock.consumerSecret(),
				stock.accessToken(), stock.accessTokenSecret()), "GET", original);

		Http.Response response = node.http().get("/auth/verify", "Authorization", authorization, "X-Original-Method",
				"GET", "X-Original-URI", "/rest/V1/erp/stock/VERIFY?x=1");
		Http.Response replay = node.http().get("/auth/verify", "Authorization", authorization, "X-Original-Method",
				"GET", "X-Original-URI", "/rest/V1/erp/stock/VERIFY?x=1");
		Http.Response guest = node.http().get("/auth/verify", "X-Original-Method", "GET", "X-Original-URI",
				"/rest/V1/erp/stock/VERIFY");
		Http.Response unknown = node.http().get("/auth/verify", "X-Original-Method", "GET", "X-Original-URI",
				"/rest/V1/erp/nothing");

		assertThat(response.status()).as(response.body()).isEqualTo(200);
		assertThat(response.header("X-Consumer-ID")).isEqualTo(Long.toString(stockId));
		assertThat(response.header("X-Keyway-Caller-Type")).isEqualTo("integration");
		assertThat(replay.status()).isEqualTo(401);
		assertThat(guest.status()).isEqualTo(401);
		assertThat(guest.body()).contains("The consumer isn't authorized to access %resources.");
		assertThat(unknown.status()).isEqualTo(403);
		assertThat(unknown.header("X-Keyway-Error")).isEqualTo("404 Request does not match any route.");
		assertThat(upstream.receivedFor("/V1/erp/stock/VERIFY")).isEmpty();
	}

	@Test
	void verifyWhenOriginalUriCouldBeDecodedIntoAnotherPathThenRefusedBeforeItsSignature() {
		// nginx forwards its own decoded, resolved path: "stock/..%2Fsecret" would reach /V1/erp/secret
		List<String> shapes = List.of("/rest/V1/erp/stock/..%2Fsecret", "/rest/V1/erp/stock/%2e%2e",
				"/rest/V1/erp/stock/..", "/rest/V1/erp/stock/x;y", "/rest/V1/erp/stock/%5C..%5Csecret");
		for (String shape : shapes) {
			String authorization = SignedRequests.sign(SignedRequests.sha256(stock.consumerKey(),
					stock.consumerSecret(), stock.accessToken(), stock.accessTokenSecret()), "GET", node.url(shape));

			Http.Response response = node.http().get("/auth/verify", "Authorization", authorization,
					"X-Original-Method", "GET", "X-Original-URI", shape);

			assertThat(response.status()).as(shape + " " + response.body()).isEqualTo(403);
			assertThat(response.header("X-Keyway-Error")).as(shape).startsWith("400 X-Original-URI was rejected: ");
		}
		// escapes an ordinary SKU needs pass, as through Envoy's flavour and the reverse proxy
		String spaced = "/rest/V1/erp/stock/AB%20C%C3%A9";
		String signedSpaced = SignedRequests.sign(SignedRequests.sha256(stock.consumerKey(), stock.consumerSecret(),
				stock.accessToken(), stock.accessTokenSecret()), "GET", node.url(spaced));
		Http.Response spacedAnswer = node.http().get("/auth/verify", "Authorization", signedSpaced, "X-Original-Method",
				"GET", "X-Original-URI", spaced);
		assertThat(spacedAnswer.status()).as(spacedAnswer.header("X-Keyway-Error")).isEqualTo(200);
		String plain = "/rest/V1/erp/stock/PLAIN-SKU";
		String authorization = SignedRequests.sign(SignedRequests.sha256(stock.consumerKey(), stock.consumerSecret(),
				stock.accessToken(), stock.accessTokenSecret()), "GET", node.url(plain));
		assertThat(node.http().get("/auth/verify", "Authorization", authorization, "X-Original-Method", "GET",
				"X-Original-URI", plain).status()).isEqualTo(200);
	}

	@Test
	void verifyWhenOriginalIsSignedFormPostThenRefusedNeverAcceptedUnchecked() {
		String original = node.url("/rest/V1/erp/stock");
		String authorization = SignedRequests.sign(SignedRequests.sha256(stock.consumerKey(), stock.consumerSecret(),
				stock.accessToken(), stock.accessTokenSecret()), "POST", original);

		Http.Response response = node.http().get("/auth/verify", "Authorization", authorization, "Content-Type",
				"application/x-www-form-urlencoded", "X-Original-Method", "POST", "X-Original-URI", "/rest/V1/erp/stock");

		assertThat(response.status()).isEqualTo(403);
		assertThat(response.body()).contains("verify-only endpoint does not receive the body");
	}

	@Test
	void verifyWhenSignedFormPostIsRefusedThenCountedUnderItsRouteAndAnUnknownPathStaysNotFound()
			throws InterruptedException {
		String authorization = SignedRequests.sign(SignedRequests.sha256(stock.consumerKey(), stock.consumerSecret(),
				stock.accessToken(), stock.accessTokenSecret()), "POST", node.url("/rest/V1/erp/stock"));
		Map<String, String> refused = Map.of("endpoint", "nginx", "route", "POST /V1/erp/stock", "status", "403",
				"caller", "anonymous");
		Scrape before = Scrape.of(node.http(), admin);

		assertThat(node.http().get("/auth/verify", "Authorization", authorization, "Content-Type",
				"application/x-www-form-urlencoded", "X-Original-Method", "POST", "X-Original-URI", "/rest/V1/erp/stock")
			.status()).isEqualTo(403);
		Http.Response unknown = node.http().get("/auth/verify", "Authorization", authorization, "Content-Type",
				"application/x-www-form-urlencoded", "X-Original-Method", "POST", "X-Original-URI", "/rest/V1/erp/nothing");

		// a form body or oauth_* in the query were refused before the route was looked up: counted as unmatched,
		// and a path that matches nothing was refused for its body instead of Magento's 404
		assertThat(unknown.header("X-Keyway-Error")).startsWith("404 ");
		// the meters of a check are recorded just after its answer left
		Scrape after = Scrape.of(node.http(), admin);
		for (int i = 0; i < 250 && after.value("keyway_verifications_total", refused) < before
			.value("keyway_verifications_total", refused) + 1; i++) {
			Thread.sleep(20);
			after = Scrape.of(node.http(), admin);
		}
		assertThat(after.value("keyway_verifications_total", refused))
			.isEqualTo(before.value("keyway_verifications_total", refused) + 1);
	}

	@Test
	void verifyWhenOAuthParametersAreInTheQueryThenRefusedAsTheProxyWouldPassThemOn() {
		// nginx and Envoy forward the query as the client sent it: a call signed in the query (RFC 5849 3.5.3) was
		// approved, and the upstream received the client's consumer key, access token and signature
		String uri = "/rest/V1/erp/stock/QUERY?x=1&oauth_consumer_key=" + stock.consumerKey() + "&oauth_token="
				+ stock.accessToken() + "&oauth_signature=abc";

		Http.Response nginx = node.http().get("/auth/verify", "X-Original-Method", "GET", "X-Original-URI", uri);
		Http.Response envoy = node.http().get("/auth/envoy" + uri);

		assertThat(nginx.status()).as(nginx.body()).isEqualTo(403);
		assertThat(nginx.header("X-Keyway-Error")).isEqualTo("403 " + VerifyEndpoints.QUERY_CREDENTIALS);
		assertThat(envoy.status()).as(envoy.body()).isEqualTo(403);
		assertThat(envoy.body()).contains("sign it in the Authorization header");
		// a parameter that merely starts alike is the client's own
		assertThat(node.http().get("/auth/verify", "X-Original-Method", "GET", "X-Original-URI",
				"/rest/V1/erp/public/7?oauthority=1").status()).isEqualTo(200);
		// nor is a query without any pair (a bare '?', empty pairs)
		assertThat(node.http().get("/auth/verify", "X-Original-Method", "GET", "X-Original-URI",
				"/rest/V1/erp/public/7?").status()).isEqualTo(200);
		assertThat(node.http().get("/auth/verify", "X-Original-Method", "GET", "X-Original-URI",
				"/rest/V1/erp/public/7?a=1&&b=2").status()).isEqualTo(200);
	}

	@Test
	void forwardWhenSkuHasEncodedSlashAndUpstreamDoesNotAllowItThen400AndUpstreamNeverReached() throws Exception {
		int loop = node.context().getEnvironment().getRequiredProperty("local.keyway.event-loop.port", Integer.class);
		for (String base : List.of(node.url(""), "http://localhost:" + loop)) {
			for (String path : List.of("/rest/V1/erp/stock/A%2F..%2F..%2Fsecret", "/rest/default/V1/erp/stock/A%2F..%2F..%2Fsecret",
					"/rest/V1/erp/stock/..%252F..%252Fsecret")) {
				Http.Response response = GoogleOAuthClient.call("GET", base + path, stock, null);

				assertThat(response.status()).as(response.body()).isEqualTo(400);
				assertThat(response.body()).contains("An encoded slash (%2F) or percent sign (%25) in the path is accepted only").contains(path);
			}
		}
		// the upstream records paths as they arrive: nothing under the route's prefix, encoded or not
		assertThat(upstream.received()).noneMatch((received) -> received.pathAndQuery().contains("secret"));
	}

	@Test
	void forwardWhenFixedSegmentIsPercentEncodedThenUpstreamGetsThePathAsSentNeverAShorterOne() throws Exception {
		// "%561" is "V1" to the router, not a store code: the upstream must not receive "/erp/stock/ABC"
		int loop = node.context().getEnvironment().getRequiredProperty("local.keyway.event-loop.port", Integer.class);
		for (String base : List.of(node.url(""), "http://localhost:" + loop)) {
			// ScribeJava sends the URL as given (google-oauth-client would normalize %56 to V)
			Http.Response encoded = ScribeOAuthClient.call(Verb.GET, base + "/rest/%561/erp/stock/ENC", stock, null);
			Http.Response withStore = GoogleOAuthClient.call("GET", base + "/rest/default/V1/erp/stock/STORE/", stock,
					null);

			assertThat(encoded.status()).as(encoded.body()).isEqualTo(201);
			assertThat(encoded.body()).contains("\"upstream\":\"GET /%561/erp/stock/ENC\"");
			assertThat(withStore.body()).contains("\"upstream\":\"GET /V1/erp/stock/STORE/\"");
		}
		assertThat(upstream.received()).noneMatch((received) -> received.pathAndQuery().startsWith("/erp/"));
	}

	@Test
	void verifyWhenRefusedThenXKeywayErrorNamesTheValuesNotMagentosPlaceholders() {
		// nginx shows its own 401/403 page: X-Keyway-Error is all the client learns, so "%resources" and
		// "%1" left in it said neither which resource was missing nor whose nonce was spent (an operator trial)
		String original = node.url("/rest/V1/erp/stock/PLACEHOLDER");
		String authorization = SignedRequests.sign(SignedRequests.sha256(stock.consumerKey(), stock.consumerSecret(),
				stock.accessToken(), stock.accessTokenSecret()), "GET", original);
		node.http().get("/auth/verify", "Authorization", authorization, "X-Original-Method", "GET", "X-Original-URI",
				"/rest/V1/erp/stock/PLACEHOLDER");

		Http.Response guest = node.http().get("/auth/verify", "X-Original-Method", "GET", "X-Original-URI",
				"/rest/V1/erp/stock/PLACEHOLDER");
		Http.Response replay = node.http().get("/auth/envoy/rest/V1/erp/stock/PLACEHOLDER", "Authorization",
				authorization);
		Http.Response missing = node.http().get("/auth/verify", "X-Original-URI", "/rest/V1/erp/stock/PLACEHOLDER");

		assertThat(guest.status()).isEqualTo(401);
		assertThat(guest.header("X-Keyway-Error"))
			.isEqualTo("401 The consumer isn't authorized to access Acme_Erp::stock.");
		assertThat(guest.body()).contains("The consumer isn't authorized to access %resources.");
		assertThat(replay.status()).isEqualTo(401);
		assertThat(replay.header("X-Keyway-Error"))
			.isEqualTo("401 The nonce is already being used by the consumer with ID " + stockConsumerId());
		assertThat(missing.header("X-Keyway-Error"))
			.isEqualTo("400 The header X-Original-Method is required: the proxy names the original call in it.");
	}

	private static String stockConsumerId() {
		return AdminApi.field(admin.get("/rest/V1/integrations/" + stockId).body(), "consumer_id");
	}

	@Test
	void verifyWhenAHeaderTheFirewallRefusesIsReadWhileRefusingThenStillNginxs401WithTheReason() throws Exception {
		// nginx passes the client's headers to the subrequest: an Accept with a C1 control character (0x85,
		// obs-text in HTTP) was read while writing the refusal, and the 400 that followed is nginx's 500
		try (Socket socket = new Socket("127.0.0.1", node.port())) {
			socket.setSoTimeout(5000);
			socket.getOutputStream().write(("GET /auth/verify HTTP/1.1\r\nHost: localhost\r\nX-Original-Method: GET\r\n"
					+ "X-Original-URI: /rest/V1/erp/stock/ABC\r\nAccept: application/json\u0085\r\nConnection: close\r\n\r\n")
				.getBytes(StandardCharsets.ISO_8859_1));
			String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

			assertThat(answer).startsWith("HTTP/1.1 401").contains("X-Keyway-Error: 401 ");
		}
	}

	@Test
	void verifyWhenRouteOfUpstreamAllowingEncodedSlashesThenStillNeverApproved() throws Exception {
		String path = "/rest/V1/slashes/products/AB%2F12";
		String authorization = SignedRequests.sign(SignedRequests.sha256(stock.consumerKey(), stock.consumerSecret(),
				stock.accessToken(), stock.accessTokenSecret()), "GET", node.url(path));

		Http.Response envoy = node.http().get("/auth/envoy" + path, "Authorization", authorization);

		assertThat(envoy.status()).as(envoy.body()).isEqualTo(400);
		assertThat(envoy.body()).contains("An encoded slash (%2F) or percent sign (%25) in the path is accepted only");
	}

	@Test
	void verifyWhenOriginalUriHasBytesThatAreNotUtf8ThenRefusedNotReplaced() {
		// an overlong "%C0%AF" is '/' to a lax decoder further on; Keyway read it as U+FFFD and approved the call
		String shape = "/rest/V1/erp/stock/..%C0%AF..%C0%AFsecret";
		String authorization = SignedRequests.sign(SignedRequests.sha256(stock.consumerKey(), stock.consumerSecret(),
				stock.accessToken(), stock.accessTokenSecret()), "GET", node.url(shape));

		int loop = node.context().getEnvironment().getRequiredProperty("local.keyway.event-loop.port", Integer.class);

		Http.Response nginx = node.http().get("/auth/verify", "Authorization", authorization, "X-Original-Method",
				"GET", "X-Original-URI", shape);
		Http.Response envoy = node.http().get("/auth/envoy" + shape, "Authorization", authorization);
		Http.Response envoyOnListener = new Http(loop).get("/auth/envoy" + shape, "Authorization", authorization);

		assertThat(nginx.status()).as(nginx.body()).isEqualTo(403);
		assertThat(nginx.header("X-Keyway-Error")).startsWith("400 ");
		assertThat(envoy.status()).as(envoy.body()).isEqualTo(400);
		assertThat(envoyOnListener.status()).as(envoyOnListener.body()).isEqualTo(400);
	}

	@Test
	void forwardWhenUpstreamAllowsEncodedSlashesThenPathReachesItAsSentOnBothPorts() throws Exception {
		int loop = node.context().getEnvironment().getRequiredProperty("local.keyway.event-loop.port", Integer.class);
		for (String base : List.of(node.url(""), "http://localhost:" + loop)) {
			Http.Response asSent = ScribeOAuthClient.call(Verb.GET, base + "/rest/V1/slashes/products/AB%2F12?x=1", stock,
					null);
			Http.Response templated = GoogleOAuthClient.call("GET", base + "/rest/V1/slashes/items/AB%2f12", stock, null);
			Http.Response percent = GoogleOAuthClient.call("GET", base + "/rest/V1/slashes/products/50%25-OFF", stock, null);

			assertThat(asSent.status()).as(asSent.body()).isEqualTo(201);
			assertThat(asSent.body()).contains("\"upstream\":\"GET /V1/slashes/products/AB%2F12?x=1\"");
			// a path variable is decoded once ("AB/12") and encoded again as one segment of the upstream's path
			assertThat(templated.status()).as(templated.body()).isEqualTo(201);
			assertThat(templated.body()).contains("\"upstream\":\"GET /items/AB%2F12\"");
			assertThat(percent.status()).as(percent.body()).isEqualTo(201);
			assertThat(percent.body()).contains("\"upstream\":\"GET /V1/slashes/products/50%25-OFF\"");
		}
	}

	@Test
	void verifyWhenEnvoySendsOriginalUnderPrefixThen200WithIdentityHeaders() {
		String authorization = SignedRequests.sign(SignedRequests.sha256(stock.consumerKey(), stock.consumerSecret(),
				stock.accessToken(), stock.accessTokenSecret()), "GET", node.url("/rest/V1/erp/stock/ENVOY"));

		Http.Response response = node.http().get("/auth/envoy/rest/V1/erp/stock/ENVOY", "Authorization", authorization);
		Http.Response guest = node.http().get("/auth/envoy/rest/V1/erp/stock/ENVOY");

		// the signature covers the original path, which Envoy's check request carries under its prefix
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		assertThat(response.header("X-Consumer-ID")).isEqualTo(Long.toString(stockId));
		assertThat(guest.status()).isEqualTo(401);
	}

	@Test
	void verifyWhenEnvoyApprovesThenItIsToldToRemoveCredentialsAndEveryIdentityHeaderTheAnswerDoesNotSet() {
		String authorization = SignedRequests.sign(SignedRequests.sha256(stock.consumerKey(), stock.consumerSecret(),
				stock.accessToken(), stock.accessTokenSecret()), "GET", node.url("/rest/V1/erp/stock/REMOVE"));

		Http.Response integration = node.http().get("/auth/envoy/rest/V1/erp/stock/REMOVE", "Authorization", authorization);
		Http.Response guest = node.http().get("/auth/envoy/rest/V1/erp/public/7");

		// Envoy sets the headers of the answer over the client's; the rest of the client's copies must go
		assertThat(integration.status()).as(integration.body()).isEqualTo(200);
		String kong = "x-consumer-custom-id, x-consumer-groups, x-credential-identifier, x-credential-username, "
				+ "x-authenticated-groups, x-authenticated-scope, x-authenticated-userid, ";
		assertThat(integration.header("x-envoy-auth-headers-to-remove")).isEqualTo("authorization, cookie, "
				+ "x-anonymous-consumer, x-keyway-admin-username, " + kong + "x-keyway-signature");
		assertThat(guest.status()).as(guest.body()).isEqualTo(200);
		assertThat(guest.header("x-envoy-auth-headers-to-remove")).isEqualTo("authorization, cookie, x-consumer-id, "
				+ "x-consumer-username, x-keyway-admin-username, " + kong + "x-keyway-signature");
		assertThat(node.http().get("/auth/verify", "X-Original-Method", "GET", "X-Original-URI", "/rest/V1/erp/public/7")
			.header("x-envoy-auth-headers-to-remove")).isNull();
	}

	@Test
	void verifyWhenEnvoysCheckedPathHasEncodedSlashOrDotSegmentThenNeverApproved() throws IOException {
		for (String shape : List.of("/rest/V1/erp/stock/..%2Fsecret", "/rest/V1/erp/stock/%2e%2e",
				"/rest/V1/erp/stock/x;y")) {
			String authorization = SignedRequests.sign(SignedRequests.sha256(stock.consumerKey(),
					stock.consumerSecret(), stock.accessToken(), stock.accessTokenSecret()), "GET", node.url(shape));

			Http.Response response = node.http().get("/auth/envoy" + shape, "Authorization", authorization);

			assertThat(response.status()).as(shape).isEqualTo(400);
		}
		// a dot segment as such, which an HTTP client resolves before sending: written on the wire by hand
		assertThat(raw("GET /auth/envoy/rest/V1/erp/stock/.. HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"))
			.startsWith("HTTP/1.1 400");
	}

	@Test
	void requestWhenBothContentLengthAndTransferEncodingThenNoSecondRequestSmuggled() throws IOException {
		int before = upstream.receivedFor("/V1/erp/public/smuggled").size();
		// RFC 9112 6.1: Transfer-Encoding wins and the connection closes after the answer, so the bytes
		// after the chunked body are never read as a second request
		String answer = raw("POST /rest/V1/erp/stock HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
				+ "Content-Length: 60\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"
				+ "GET /rest/V1/erp/public/smuggled HTTP/1.1\r\nHost: localhost\r\n\r\n");

		assertThat(answer).startsWith("HTTP/1.1 401");
		assertThat(answer.split("HTTP/1.1 ", -1)).hasSize(2);
		assertThat(upstream.receivedFor("/V1/erp/public/smuggled")).hasSize(before);
	}

	@Test
	void forwardWhenClientSpellsIdentityHeadersWithUnderscoresThenNoneReachesTheUpstream() throws IOException {
		// CGI, PHP and WSGI read X_Consumer_ID as X-Consumer-ID (HTTP_X_CONSUMER_ID): a guest naming itself
		for (int port : new int[] { node.port(), loopPort() }) {
			String answer = raw(port, "GET /rest/V1/erp/public/under" + port + " HTTP/1.1\r\nHost: localhost\r\n"
					+ "X_Consumer_ID: 1\r\nx_consumer_username: ERP\r\nX_Keyway_Admin_Username: admin\r\n"
					+ "X_Forwarded_For: 6.6.6.6\r\nX_Real_IP: 6.6.6.6\r\nX_Anonymous_Consumer: false\r\n"
					+ "Connection: close\r\n\r\n");

			assertThat(answer).as("port %d", port).startsWith("HTTP/1.1 201");
			RecordingUpstream.Received received = last("/public/under" + port);
			assertThat(received.headers().keySet()).as("port %d", port).noneMatch((name) -> name.contains("_"));
			assertThat(received.headers().get("X-Anonymous-Consumer")).containsExactly("true");
			assertThat(received.header("X-Consumer-ID")).isNull();
			assertThat(received.header("X-Keyway-Admin-Username")).isNull();
		}
	}

	@Test
	void forwardWhenClientSpellsIdentityHeadersWithDotsThenNoneReachesTheUpstream() throws IOException {
		// PHP reads X-Consumer.ID as X-Consumer-ID (HTTP_X_CONSUMER_ID), as it reads X_Consumer_ID: a security trial
		for (int port : new int[] { node.port(), loopPort() }) {
			String answer = raw(port, "GET /rest/V1/erp/public/dot" + port + " HTTP/1.1\r\nHost: localhost\r\n"
					+ "X-Consumer.ID: 1\r\nX.Consumer.Username: ERP\r\nX-Real.IP: 6.6.6.6\r\nX-Credential.Identifier: x\r\n"
					+ "X-Forwarded.For: 6.6.6.6\r\nX~Anonymous~Consumer: false\r\nConnection: close\r\n\r\n");

			assertThat(answer).as("port %d", port).startsWith("HTTP/1.1 201");
			RecordingUpstream.Received received = last("/public/dot" + port);
			assertThat(received.headers().keySet()).as("port %d", port).noneMatch((name) -> name.contains(".") || name.contains("~"));
			assertThat(received.headers().get("X-Anonymous-Consumer")).containsExactly("true");
			assertThat(received.header("X-Consumer-ID")).isNull();
		}
	}

	@Test
	void forwardWhenClientSendsKongsOtherIdentityHeadersThenNoneReachesTheUpstream() throws IOException {
		// an upstream that came from Kong may read its ACL, key-auth and OAuth 2 plugins' headers (a review)
		for (int port : new int[] { node.port(), loopPort() }) {
			String answer = raw(port, "GET /rest/V1/erp/public/kong" + port + " HTTP/1.1\r\nHost: localhost\r\n"
					+ "X-Authenticated-Userid: admin\r\nX-Authenticated-Scope: all\r\nX-Authenticated-Groups: admins\r\n"
					+ "X-Consumer-Groups: admins\r\nX-Credential-Username: admin\r\nConnection: close\r\n\r\n");

			assertThat(answer).as("port %d", port).startsWith("HTTP/1.1 201");
			RecordingUpstream.Received received = last("/public/kong" + port);
			for (String name : IdentityHeaders.KONG_OTHERS) {
				assertThat(received.header(name)).as("%s, port %d", name, port).isNull();
			}
			assertThat(received.headers().get("X-Anonymous-Consumer")).containsExactly("true");
		}
	}

	@Test
	void forwardWhenClientSendsAMethodOverrideOrPathRewriteThenTheUpstreamNeverGetsIt() throws IOException {
		// the route was matched and authorized for GET; Laravel, Symfony and Express would run the override's method
		for (int port : new int[] { node.port(), loopPort() }) {
			String answer = raw(port, "GET /rest/V1/erp/public/override" + port + " HTTP/1.1\r\nHost: localhost\r\n"
					+ "X-HTTP-Method-Override: DELETE\r\nX-HTTP-Method: DELETE\r\nX_Method_Override: DELETE\r\n"
					+ "X-Original-URL: /V1/erp/stock/OTHER\r\nX-Rewrite-URL: /V1/erp/stock/OTHER\r\nConnection: close\r\n\r\n");

			assertThat(answer).as("port %d", port).startsWith("HTTP/1.1 201");
			RecordingUpstream.Received received = last("/public/override" + port);
			assertThat(received.method()).isEqualTo("GET");
			assertThat(received.headers().keySet()).as("port %d", port)
				.noneMatch((name) -> name.toLowerCase(java.util.Locale.ROOT).contains("method"))
				.noneMatch((name) -> name.toLowerCase(java.util.Locale.ROOT).matches("x-(original|rewrite)-url"));
		}
	}

	@Test
	void forwardWhenOAuthParametersSignedInQueryBySignpostThenUpstreamNeverGetsThem() throws Exception {
		// the client's credentials at Keyway: an upstream's access log would hold a token usable as Bearer
		for (int port : new int[] { node.port(), loopPort() }) {
			OAuthConsumer consumer = new DefaultOAuthConsumer(stock.consumerKey(), stock.consumerSecret());
			consumer.setMessageSigner(new HmacSha256MessageSigner());
			consumer.setSigningStrategy(new QueryStringSigningStrategy());
			consumer.setTokenWithSecret(stock.accessToken(), stock.accessTokenSecret());
			String signed = consumer.sign("http://localhost:" + port + "/rest/V1/erp/stock/QUERY" + port + "?x=1");

			Http.Response response = node.http().get(signed);

			assertThat(signed).contains("oauth_token=");
			assertThat(response.status()).as(response.body()).isEqualTo(201);
			RecordingUpstream.Received received = last("/V1/erp/stock/QUERY" + port);
			assertThat(received.pathAndQuery()).isEqualTo("/V1/erp/stock/QUERY" + port + "?x=1");
			assertThat(received.header("X-Keyway-Signature")).isEqualTo(expectedSignature(received));
		}
	}

	@Test
	void forwardWhenOAuthParametersSignedInFormBodyByGoogleThenUpstreamNeverGetsThem() throws Exception {
		// RFC 5849 3.5.2: a client may send its oauth_* in a form body; they are its credentials at Keyway
		// (the access token is usable as Bearer) and must not reach the upstream, as in the query
		for (int port : new int[] { node.port(), loopPort() }) {
			String url = "http://localhost:" + port + "/rest/V1/erp/stock";
			String form = "sku=FORM" + port + "&qty=1";
			OAuthHmacSha256Signer signer = new OAuthHmacSha256Signer(stock.consumerSecret());
			signer.setTokenSecret(stock.accessTokenSecret());
			OAuthParameters oauth = new OAuthParameters();
			oauth.consumerKey = stock.consumerKey();
			oauth.token = stock.accessToken();
			oauth.signer = signer;
			oauth.computeNonce();
			oauth.computeTimestamp();
			// the form's parameters are signed like the query's (RFC 5849 3.4.1.3.1): sign them in the URL
			oauth.computeSignature("POST", new GenericUrl(url + "?" + form));
			String body = form + "&oauth_consumer_key=" + oauth.consumerKey + "&oauth_nonce=" + oauth.nonce
					+ "&oauth_signature_method=" + oauth.signatureMethod + "&oauth_timestamp=" + oauth.timestamp
					+ "&oauth_token=" + oauth.token + "&oauth_signature="
					+ URLEncoder.encode(oauth.signature, StandardCharsets.UTF_8);

			Http.Response response = new Http(port).post("/rest/V1/erp/stock", body, "Content-Type",
					"application/x-www-form-urlencoded");

			assertThat(response.status()).as(response.body()).isEqualTo(201);
			RecordingUpstream.Received received = upstream.receivedFor("/V1/erp/stock")
				.stream()
				.filter((item) -> item.body().contains("FORM" + port))
				.reduce((first, second) -> second)
				.orElseThrow();
			assertThat(received.body()).as("port %d", port).isEqualTo(form);
			assertThat(received.header("Content-Length")).isEqualTo(Integer.toString(form.length()));
		}
	}

	@Test
	void forwardWhenRequestTargetHasFragmentOrUnencodedCharacterThen400AndNothingForwarded() throws IOException {
		int before = upstream.received().size();
		for (int port : new int[] { node.port(), loopPort() }) {
			// '#' once made the listener authorize /V1/erp/public/5#/x and forward /public/5 (a review)
			for (String target : List.of("/rest/V1/erp/public/5#/x", "/rest/V1/erp/public/A|B?oauth_token=t0k3n",
					"/rest/V1/erp/public/A%22B?x=%22<", "/rest/V1/erp/public/5?q=a\\b")) {
				String answer = raw(port, "GET " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");

				assertThat(answer).as("port %d %s", port, target).startsWith("HTTP/1.1 400");
			}
			String named = raw(port, "GET /rest/V1/erp/public/A|B HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
			assertThat(named).as("port %d", port)
				.contains("{\"message\":\"The request target holds a character that must be percent-encoded: '|' at index 21\"}");
		}
		assertThat(upstream.received()).hasSize(before);
	}

	@Test
	void verifyWhenOriginalUriHasFragmentThen403NamingTheRule() {
		for (int port : new int[] { node.port(), loopPort() }) {
			Http.Response response = new Http(port).get("/auth/verify", "X-Original-Method", "GET", "X-Original-URI",
					"/rest/V1/erp/public/5#/x");

			assertThat(response.status()).as("port %d", port).isEqualTo(403);
			assertThat(response.header("X-Keyway-Error")).isEqualTo("400 X-Original-URI was rejected: The request target "
					+ "holds a character that must be percent-encoded: '#' at index 21");
		}
	}

	@Test
	void requestWhenTransferEncodingIsNotChunkedThen501AndTheBodyIsNeverReadAsARequest() throws IOException {
		int before = upstream.receivedFor("/public/te-smuggled").size();
		for (int port : new int[] { node.port(), loopPort() }) {
			for (String coding : List.of("gzip", "identity", "\"chunked\"", "x-chunked", "gzip, chunked")) {
				String answer = raw(port, "POST /rest/V1/erp/stock HTTP/1.1\r\nHost: localhost\r\n"
						+ "Content-Type: application/json\r\nTransfer-Encoding: " + coding + "\r\n\r\n"
						+ "GET /rest/V1/erp/public/te-smuggled HTTP/1.1\r\nHost: localhost\r\n\r\n");

				assertThat(answer).as("port %d %s", port, coding).matches("(?s)HTTP/1.1 (501|400).*");
				assertThat(answer.split("HTTP/1.1 ", -1)).as("port %d %s", port, coding).hasSize(2);
			}
		}
		assertThat(upstream.receivedFor("/public/te-smuggled")).hasSize(before);
	}

	@Test
	void forwardWhenHostIsNotHostAndPortThen400AndNeverPassedOnAsForwardedHost() throws IOException {
		int before = upstream.received().size();
		for (int port : new int[] { node.port(), loopPort() }) {
			for (String host : List.of("evil.example/x?y", "a@evil.example", "evil.example:80:81", "h h", "\"><svg>")) {
				String answer = raw(port, "GET /rest/V1/erp/public/host HTTP/1.1\r\nHost: " + host
						+ "\r\nConnection: close\r\n\r\n");

				assertThat(answer).as("port %d %s", port, host).startsWith("HTTP/1.1 400");
			}
		}
		assertThat(upstream.received()).hasSize(before);
	}

	@Test
	void requestWhenTwoDifferentContentLengthsThen400() throws IOException {
		String answer = raw("POST /rest/V1/erp/stock HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
				+ "Content-Length: 2\r\nContent-Length: 4\r\n\r\n{}{}");

		assertThat(answer).startsWith("HTTP/1.1 400");
	}

	/** Sends raw bytes and reads the whole answer until the server closes (or 3 s pass). */
	/**
	 * Issue 16.4: the upstream latency per upstream name, the gateway routes under their template, and
	 * every metric the Grafana dashboard queries exported by a node with a gateway file.
	 */
	@Test
	void prometheusWhenGatewayRoutesCalledThenUpstreamLatencyRouteAndEveryDashboardMetricExported() {
		Scrape before = Scrape.of(node.http(), admin);
		String url = node.url("/rest/V1/erp/stock/METRICS");
		String authorization = SignedRequests.sign(SignedRequests.sha256(stock.consumerKey(), stock.consumerSecret(),
				stock.accessToken(), stock.accessTokenSecret()), "GET", url);

		// a verify-only check first (its meters are recorded just after its answer), for the dashboard's
		// keyway_verifications_total whatever the tests' order
		assertThat(node.http().get("/auth/verify", "X-Original-Method", "GET", "X-Original-URI", "/rest/V1/erp/nothing")
			.status()).isEqualTo(403);
		assertThat(node.http().get(url, "Authorization", authorization).status()).isEqualTo(201);
		assertThat(node.http().get("/rest/V1/down/ping").status()).isEqualTo(502);

		Scrape after = Scrape.of(node.http(), admin);
		Map<String, String> answered = Map.of("upstream", "erp", "outcome", "answered");
		Map<String, String> failed = Map.of("upstream", "down", "outcome", "failed");
		Map<String, String> route = Map.of("route", "GET /V1/erp/stock/{sku}", "status", "201", "caller", "integration");
		assertThat(after.value("keyway_upstream_latency_seconds_count", answered))
			.isEqualTo(before.value("keyway_upstream_latency_seconds_count", answered) + 1);
		assertThat(after.value("keyway_upstream_latency_seconds_count", failed))
			.isEqualTo(before.value("keyway_upstream_latency_seconds_count", failed) + 1);
		assertThat(after.value("keyway_requests_total", route)).isEqualTo(before.value("keyway_requests_total", route) + 1);
		assertThat(after.names()).containsAll(GrafanaDashboard.queriedMetrics());
	}

	@Test
	void prometheusWhenProxiesAskTheVerifyOnlyEndpointsThenEachCheckCountedByEndpointRouteStatusAndCaller()
			throws InterruptedException {
		Scrape before = Scrape.of(node.http(), admin);
		String url = node.url("/rest/V1/erp/stock/VERIFIED");
		String authorization = SignedRequests.sign(SignedRequests.sha256(stock.consumerKey(), stock.consumerSecret(),
				stock.accessToken(), stock.accessTokenSecret()), "GET", url);
		String envoyUrl = node.url("/rest/V1/erp/stock/VERIFIED-ENVOY");
		String envoyAuthorization = SignedRequests.sign(SignedRequests.sha256(stock.consumerKey(), stock.consumerSecret(),
				stock.accessToken(), stock.accessTokenSecret()), "GET", envoyUrl);

		assertThat(node.http().get("/auth/verify", "Authorization", authorization, "X-Original-Method", "GET",
				"X-Original-URI", "/rest/V1/erp/stock/VERIFIED").status()).isEqualTo(200);
		assertThat(node.http().get("/auth/verify", "X-Original-Method", "GET", "X-Original-URI", "/rest/V1/erp/nothing")
			.status()).isEqualTo(403);
		assertThat(node.http().get("/auth/envoy/rest/V1/erp/stock/VERIFIED-ENVOY", "Authorization", envoyAuthorization)
			.status()).isEqualTo(200);

		Map<String, String> envoyUri = Map.of("uri", "/auth/envoy/**", "status", "200");
		// the meters of the last check may be recorded just after its answer left
		Scrape after = Scrape.of(node.http(), admin);
		for (int i = 0; i < 250 && after.value("http_server_requests_seconds_count", envoyUri) < before
			.value("http_server_requests_seconds_count", envoyUri) + 1; i++) {
			Thread.sleep(20);
			after = Scrape.of(node.http(), admin);
		}
		Map<String, String> approved = Map.of("endpoint", "nginx", "route", "GET /V1/erp/stock/{sku}", "status", "200",
				"caller", "integration");
		Map<String, String> noRoute = Map.of("endpoint", "nginx", "route", "unmatched", "status", "403", "caller",
				"anonymous");
		Map<String, String> envoy = Map.of("endpoint", "envoy", "route", "GET /V1/erp/stock/{sku}", "status", "200",
				"caller", "integration");
		assertThat(after.value("keyway_verifications_total", approved))
			.isEqualTo(before.value("keyway_verifications_total", approved) + 1);
		assertThat(after.value("keyway_verifications_total", noRoute))
			.isEqualTo(before.value("keyway_verifications_total", noRoute) + 1);
		assertThat(after.value("keyway_verifications_total", envoy))
			.isEqualTo(before.value("keyway_verifications_total", envoy) + 1);
		Map<String, String> nginxUri = Map.of("uri", "/auth/verify", "status", "200");
		assertThat(after.value("http_server_requests_seconds_count", nginxUri))
			.isEqualTo(before.value("http_server_requests_seconds_count", nginxUri) + 1);
		assertThat(after.value("http_server_requests_seconds_count", envoyUri))
			.isEqualTo(before.value("http_server_requests_seconds_count", envoyUri) + 1);
	}

	private static String raw(String request) throws IOException {
		return raw(node.port(), request);
	}

	private static int loopPort() {
		return node.context().getEnvironment().getRequiredProperty("local.keyway.event-loop.port", Integer.class);
	}

	/** Sends raw bytes to a port and reads the whole answer until the server closes (or 3 s pass). */
	private static String raw(int port, String request) throws IOException {
		try (Socket socket = new Socket("127.0.0.1", port)) {
			socket.setSoTimeout(3000);
			OutputStream out = socket.getOutputStream();
			out.write(request.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			java.io.ByteArrayOutputStream answer = new java.io.ByteArrayOutputStream();
			byte[] buffer = new byte[4096];
			try {
				for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
					answer.write(buffer, 0, n);
				}
			}
			catch (java.net.SocketTimeoutException ex) {
				answer.write("<still open>".getBytes(StandardCharsets.US_ASCII));
			}
			return answer.toString(StandardCharsets.US_ASCII);
		}
	}

	private static RecordingUpstream.Received last(String prefix) {
		List<RecordingUpstream.Received> all = upstream.receivedFor(prefix);
		assertThat(all).as("requests the upstream received for " + prefix).isNotEmpty();
		return all.get(all.size() - 1);
	}

	/** The scheme of docs/GATEWAY.md, computed here independently of Keyway's code. */
	private static String expectedSignature(RecordingUpstream.Received received) throws Exception {
		String header = received.header("X-Keyway-Signature");
		String timestamp = header.substring(2, header.indexOf(','));
		String base = String.join("\n", "v1", received.method(), received.pathAndQuery(), timestamp,
				orEmpty(received.header("X-Consumer-ID")), orEmpty(received.header("X-Consumer-Username")),
				orEmpty(received.header("X-Anonymous-Consumer")), orEmpty(received.header("X-Keyway-Caller-Type")),
				orEmpty(received.header("X-Keyway-Admin-Username")), orEmpty(received.header("X-Keyway-Store-Code")));
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
		return "t=" + timestamp + ",v1=" + HexFormat.of().formatHex(mac.doFinal(base.getBytes(StandardCharsets.UTF_8)));
	}

	private static String orEmpty(String value) {
		return (value != null) ? value : "";
	}

}
