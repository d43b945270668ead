package dev.keyway.gateway;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.keyway.testing.AdminApi;
import dev.keyway.testing.GoogleOAuthClient;
import dev.keyway.testing.Http;
import dev.keyway.testing.KeywayNode;
import dev.keyway.testing.OAuthClientCredentials;
import dev.keyway.testing.SignedCalls;
import dev.keyway.testing.SignedRequests;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real nginx (the Debian package, started here on a free port with a generated configuration) in
 * front of a small real upstream, with {@code auth_request} to Keyway's {@code /auth/verify}, and
 * Keyway's own reverse proxy to the same upstream (issue 15, "Tests that must exist"). The nginx
 * configuration is the snippet of docs/GATEWAY.md, so the test also checks what operators copy.
 */
class NginxGatewayTests {

	static RecordingUpstream upstream;

	static KeywayNode node;

	static ProxyProcess nginx;

	static ProxyProcess nginxOnLoop;

	static OAuthClientCredentials stock;

	static FrontedNode fronted;

	static long stockId;

	@BeforeAll
	static void start() throws Exception {
		upstream = new RecordingUpstream();
		fronted = FrontedNode.start(upstream.url(), "nginx stock");
		node = fronted.node();
		stock = fronted.stock();
		stockId = fronted.stockId();
		List<String> blocks = documentedSnippets();
		nginx = startNginx(blocks.get(0).replace("127.0.0.1:8080", "127.0.0.1:" + node.port()),
				blocks.get(1).replace("127.0.0.1:9000", upstream.url().substring("http://".length())));
		// the same snippet with its upstream on the event-loop listener, as the document suggests
		int loop = fronted.loopPort();
		nginxOnLoop = startNginx(blocks.get(0).replace("127.0.0.1:8080", "127.0.0.1:" + loop),
				blocks.get(1).replace("127.0.0.1:9000", upstream.url().substring("http://".length())));
	}

	@AfterAll
	static void stop() throws IOException {
		if (nginx != null) {
			nginx.close();
		}
		if (nginxOnLoop != null) {
			nginxOnLoop.close();
		}
		if (fronted != null) {
			fronted.close();
		}
		if (upstream != null) {
			upstream.close();
		}
	}

	@Test
	void nginxWhenCallSignedByGoogleForNginxUrlThenUpstreamGetsCallWithIdentityAndNoCredentials() throws Exception {
		Http.Response response = GoogleOAuthClient.call("GET", nginx.url("/rest/V1/erp/stock/NGINX-1?x=1"), stock,
				null);

		assertThat(response.status()).as(response.body() + nginx.log()).isEqualTo(201);
		assertThat(response.body()).isEqualTo("{\"upstream\":\"GET /V1/erp/stock/NGINX-1?x=1\",\"body\":null}");
		RecordingUpstream.Received received = only("/V1/erp/stock/NGINX-1");
		assertThat(received.headers().get("X-Consumer-ID")).containsExactly(Long.toString(stockId));
		assertThat(received.header("X-Consumer-Username")).isEqualTo("nginx stock");
		assertThat(received.header("X-Keyway-Caller-Type")).isEqualTo("integration");
		assertThat(received.header("X-Keyway-Store-Code")).isEqualTo("default");
		assertThat(received.header("X-Anonymous-Consumer")).isNull();
		assertThat(received.header("Authorization")).isNull();
	}

	@Test
	void nginxWhenSkuHasEscapesAnOrdinaryClientSendsThenCheckedAndForwardedAsSent() {
		// a space and an "é": nginx sends them escaped in X-Original-URI ($request_uri), and forwards them so
		for (ProxyProcess front : List.of(nginx, nginxOnLoop)) {
			String url = front.url("/rest/V1/erp/stock/AB%20C%C3%A9");
			String authorization = SignedRequests.sign(SignedRequests.sha256(stock.consumerKey(), stock.consumerSecret(),
					stock.accessToken(), stock.accessTokenSecret()), "GET", url);

			Http.Response response = front.http().get(url, "Authorization", authorization);

			assertThat(response.status()).as(response.body() + front.log()).isEqualTo(201);
			assertThat(response.body()).contains("\"upstream\":\"GET /V1/erp/stock/AB%20C%C3%A9\"");
		}
	}

	@Test
	void nginxWhenChecksGoToTheEventLoopListenerThenSignedCallForwardedAndItsReplayRefused() {
		String url = nginxOnLoop.url("/rest/V1/erp/stock/NGINX-LOOP");
		String authorization = SignedRequests.sign(SignedRequests.sha256(stock.consumerKey(), stock.consumerSecret(),
				stock.accessToken(), stock.accessTokenSecret()), "GET", url);

		Http.Response response = nginxOnLoop.http().get(url, "Authorization", authorization);
		Http.Response replay = nginxOnLoop.http().get(url, "Authorization", authorization);

		assertThat(response.status()).as(response.body() + nginxOnLoop.log()).isEqualTo(201);
		assertThat(only("/V1/erp/stock/NGINX-LOOP").headers().get("X-Consumer-ID"))
			.containsExactly(Long.toString(stockId));
		assertThat(replay.status()).isEqualTo(401);
		assertThat(upstream.receivedFor("/V1/erp/stock/NGINX-LOOP")).hasSize(1);
	}

	@Test
	void nginxWhenUriIsLongerThanNginxsDefaultBufferThenSignedCallCheckedAndForwarded() {
		// a Magento searchCriteria query of ~12 KB: nginx's default refuses a request line over 8k (414), and
		// Keyway's default 8 KB of headers would refuse the check; the document raises both
		String query = "?searchCriteria[filter_groups][0][filters][0][value]=" + "A".repeat(12_000);
		String url = nginx.url("/rest/V1/erp/stock/NGINX-LONG" + query);
		String authorization = SignedRequests.sign(SignedRequests.sha256(stock.consumerKey(), stock.consumerSecret(),
				stock.accessToken(), stock.accessTokenSecret()), "GET", url);

		Http.Response response = nginx.http().get(url, "Authorization", authorization);

		assertThat(response.status()).as(response.headers() + nginx.log()).isEqualTo(201);
		assertThat(only("/V1/erp/stock/NGINX-LONG").pathAndQuery()).hasSize("/V1/erp/stock/NGINX-LONG".length() + query.length());
	}

	@Test
	void nginxWhenKeywayCannotBeReachedThenFiveHundredAndNothingForwarded() throws Exception {
		List<String> blocks = documentedSnippets();
		try (ProxyProcess orphan = startNginx(
				blocks.get(0).replace("127.0.0.1:8080", "127.0.0.1:" + ProxyProcess.freePort()),
				blocks.get(1).replace("127.0.0.1:9000", upstream.url().substring("http://".length())))) {
			String url = orphan.url("/rest/V1/erp/stock/NGINX-NO-KEYWAY");
			String authorization = SignedRequests.sign(SignedRequests.sha256(stock.consumerKey(),
					stock.consumerSecret(), stock.accessToken(), stock.accessTokenSecret()), "GET", url);

			Http.Response response = orphan.http().get(url, "Authorization", authorization);

			assertThat(response.status()).as(response.body()).isEqualTo(500);
			assertThat(orphan.log()).contains("auth request unexpected status: 502");
		}
		assertThat(upstream.receivedFor("/V1/erp/stock/NGINX-NO-KEYWAY")).isEmpty();
	}

	@Test
	void nginxWhenClientSendsIdentityHeadersThenUpstreamGetsKeywaysOnly() {
		String url = nginx.url("/rest/V1/erp/stock/NGINX-SPOOF");
		String authorization = SignedRequests.sign(SignedRequests.sha256(stock.consumerKey(), stock.consumerSecret(),
				stock.accessToken(), stock.accessTokenSecret()), "GET", url);

		Http.Response response = nginx.http().get(url, "Authorization", authorization, "Cookie", "session=secret",
				"X-Consumer-ID", "999", "X-Consumer-Username", "admin", "X-Anonymous-Consumer", "true",
				"X-Keyway-Caller-Type", "admin", "X-Keyway-Admin-Username", "root", "X-Keyway-Store-Code", "other",
				"X-Keyway-Signature", "t=1,v1=00", "X-Forwarded-For", "6.6.6.6", "X-Forwarded-Host", "evil.example",
				"X_Consumer_ID", "998", "X_Keyway_Admin_Username", "root", "Forwarded", "for=6.6.6.6;host=evil.example",
				"X-Real-IP", "6.6.6.6", "X-Consumer-Groups", "admins", "X-Authenticated-Userid", "root",
				"X-Authenticated-Scope", "all", "X-Authenticated-Groups", "admins", "X-Credential-Username", "root",
				"X-Credential-Identifier", "key", "X-Consumer-Custom-ID", "7");

		assertThat(response.status()).as(response.body()).isEqualTo(201);
		RecordingUpstream.Received received = only("/V1/erp/stock/NGINX-SPOOF");
		assertThat(received.header("X-Keyway-Signature")).isNull();
		assertThat(received.headers().get("X-Forwarded-For")).containsExactly("127.0.0.1");
		assertThat(received.headers().get("X-Forwarded-Host")).doesNotContain("evil.example");
		// the client's own forwarding headers, which Keyway's reverse proxy removes (an operator trial:
		// the snippet replaced X-Forwarded-* but passed these, and frameworks read Forwarded first)
		assertThat(received.header("Forwarded")).isNull();
		assertThat(received.headers().get("X-Real-IP")).containsExactly("127.0.0.1");
		assertThat(received.headers().keySet()).noneMatch((name) -> name.contains("_"));
		assertThat(received.headers().get("X-Consumer-ID")).containsExactly(Long.toString(stockId));
		assertThat(received.headers().get("X-Consumer-Username")).containsExactly("nginx stock");
		assertThat(received.header("X-Anonymous-Consumer")).isNull();
		assertThat(received.headers().get("X-Keyway-Caller-Type")).containsExactly("integration");
		assertThat(received.header("X-Keyway-Admin-Username")).isNull();
		assertThat(received.headers().get("X-Keyway-Store-Code")).containsExactly("default");
		assertThat(received.header("Cookie")).isNull();
		for (String name : IdentityHeaders.KONG_OTHERS) {
			assertThat(received.header(name)).as(name).isNull();
		}
	}

	@Test
	void nginxWhenUnsignedOrSignedForAnotherUrlThen401AndNothingReachesUpstream() {
		String signedForKeyway = SignedRequests.sign(SignedRequests.sha256(stock.consumerKey(),
				stock.consumerSecret(), stock.accessToken(), stock.accessTokenSecret()), "GET",
				node.url("/rest/V1/erp/stock/NGINX-BAD"));

		Http.Response unsigned = nginx.http().get(nginx.url("/rest/V1/erp/stock/NGINX-BAD"));
		Http.Response wrongHost = nginx.http()
			.get(nginx.url("/rest/V1/erp/stock/NGINX-BAD"), "Authorization", signedForKeyway);

		assertThat(unsigned.status()).isEqualTo(401);
		assertThat(wrongHost.status()).isEqualTo(401);
		assertThat(upstream.receivedFor("/V1/erp/stock/NGINX-BAD")).isEmpty();
	}

	@Test
	void nginxWhenSameSignedRequestSentTwiceThenReplayRefusedAndUpstreamReachedOnce() {
		String url = nginx.url("/rest/V1/erp/stock/NGINX-REPLAY");
		String authorization = SignedRequests.sign(SignedRequests.sha256(stock.consumerKey(), stock.consumerSecret(),
				stock.accessToken(), stock.accessTokenSecret()), "GET", url);

		Http.Response first = nginx.http().get(url, "Authorization", authorization);
		Http.Response replay = nginx.http().get(url, "Authorization", authorization);

		assertThat(first.status()).isEqualTo(201);
		assertThat(replay.status()).isEqualTo(401);
		assertThat(upstream.receivedFor("/V1/erp/stock/NGINX-REPLAY")).hasSize(1);
	}

	@Test
	void nginxWhenSignedPathWouldDecodeIntoUndeclaredPathThenRefusedAndUpstreamNeverReached() {
		String url = nginx.url("/rest/V1/erp/stock/..%2Fsecret");
		String authorization = SignedRequests.sign(SignedRequests.sha256(stock.consumerKey(), stock.consumerSecret(),
				stock.accessToken(), stock.accessTokenSecret()), "GET", url);

		Http.Response response = nginx.http().get(url, "Authorization", authorization);

		assertThat(response.status()).as(response.body()).isEqualTo(403);
		assertThat(response.header("X-Keyway-Error")).startsWith("400 X-Original-URI was rejected: ");
		assertThat(upstream.receivedFor("/V1/erp/secret")).isEmpty();
		assertThat(upstream.receivedFor("/V1/erp/stock/..%2Fsecret")).isEmpty();
	}

	@Test
	void nginxWhenCallIsForKeywaysOwnRoutesThen404AndNeitherCallNorBodyReachesUpstream() {
		Http.Response token = nginx.http().post(nginx.url("/rest/V1/integration/admin/token"),
				"{\"username\":\"admin\",\"password\":\"not-for-the-upstream\"}", "Content-Type", "application/json");
		Http.Response catalog = nginx.http().get(nginx.url("/rest/V1/store/storeConfigs"));

		assertThat(token.status()).isEqualTo(404);
		assertThat(catalog.status()).isEqualTo(404);
		assertThat(upstream.receivedFor("/V1/integration/admin/token")).isEmpty();
		assertThat(upstream.receivedFor("/V1/store/storeConfigs")).isEmpty();
	}

	@Test
	void reverseProxyWhenSameCallSignedByScribeThenSameUpstreamGetsSameRequest() {
		Http.Response direct = SignedCalls.call(SignedCalls.Library.SCRIBE, "GET",
				node.url("/rest/V1/erp/stock/BOTH?x=1"), stock, null);
		Http.Response throughNginx = SignedCalls.call(SignedCalls.Library.SCRIBE, "GET",
				nginx.url("/rest/V1/erp/stock/BOTH?x=1"), stock, null);

		assertThat(direct.status()).as(direct.body()).isEqualTo(201);
		assertThat(throughNginx.status()).as(throughNginx.body()).isEqualTo(201);
		assertThat(throughNginx.body()).isEqualTo(direct.body());
		List<RecordingUpstream.Received> both = upstream.receivedFor("/V1/erp/stock/BOTH");
		assertThat(both).hasSize(2);
		for (String name : List.of("X-Consumer-ID", "X-Consumer-Username", "X-Keyway-Caller-Type",
				"X-Keyway-Store-Code")) {
			assertThat(both.get(1).header(name)).as(name).isEqualTo(both.get(0).header(name)).isNotNull();
		}
	}

	@Test
	void nginxWhenClientSendsItsOwnXForwardedHeadersThenKeywayChecksNginxsValuesNotTheClients() {
		// an operator trial: /_keyway passed the client's own X-Forwarded-For and X-Forwarded-Proto to the check,
		// and with server.forward-headers-strategy=native Keyway believed them: a client claiming an address in
		// an integration's ip_allowlist passed it, and the scheme of the checked URL was the client's choice
		AdminApi admin = new AdminApi(node.http());
		long id = admin.createIntegration("{\"name\":\"nginx allowlisted\",\"resources\":[\"Acme_Erp::stock\"],"
				+ "\"ip_allowlist\":[\"10.9.9.9/32\"]}");
		Http.Response activation = admin.post("/rest/V1/integrations/" + id + "/activate", "{}");
		OAuthClientCredentials allowlisted = new OAuthClientCredentials(AdminApi.field(activation.body(), "consumer_key"),
				AdminApi.field(activation.body(), "consumer_secret"), AdminApi.field(activation.body(), "access_token"),
				AdminApi.field(activation.body(), "access_token_secret"));
		String url = nginx.url("/rest/V1/erp/stock/NGINX-XFF");
		String claimingAddress = SignedRequests.sign(SignedRequests.sha256(allowlisted.consumerKey(),
				allowlisted.consumerSecret(), allowlisted.accessToken(), allowlisted.accessTokenSecret()), "GET", url);
		String https = url.replaceFirst("^http:", "https:");
		String claimingScheme = SignedRequests.sign(SignedRequests.sha256(stock.consumerKey(), stock.consumerSecret(),
				stock.accessToken(), stock.accessTokenSecret()), "GET", https);

		Http.Response address = nginx.http().get(url, "Authorization", claimingAddress, "X-Forwarded-For", "10.9.9.9");
		Http.Response scheme = nginx.http().get(url, "Authorization", claimingScheme, "X-Forwarded-Proto", "https",
				"X-Forwarded-Port", "443");

		assertThat(address.status()).as(address.header("X-Keyway-Error")).isIn(401, 403);
		assertThat(scheme.status()).as(scheme.header("X-Keyway-Error")).isEqualTo(401);
		assertThat(upstream.receivedFor("/V1/erp/stock/NGINX-XFF")).isEmpty();
	}

	private static RecordingUpstream.Received only(String prefix) {
		List<RecordingUpstream.Received> all = upstream.receivedFor(prefix);
		assertThat(all).as("requests the upstream received for " + prefix).hasSize(1);
		return all.get(0);
	}

	/** The two nginx blocks of docs/GATEWAY.md (the http context's, the server context's), as an operator copies them. */
	private static List<String> documentedSnippets() throws IOException {
		Matcher block = Pattern.compile("```nginx\n(.*?)```", Pattern.DOTALL)
			.matcher(Files.readString(Path.of("docs/GATEWAY.md")));
		List<String> blocks = new java.util.ArrayList<>();
		while (block.find()) {
			blocks.add(block.group(1));
		}
		assertThat(blocks).as("the nginx blocks in docs/GATEWAY.md").hasSize(2);
		return blocks;
	}

	/**
	 * nginx started in the foreground with everything (pid, logs, temp files) in a temp prefix; {@code http} goes
	 * into the http context, {@code locations} into the one server's.
	 */
	static ProxyProcess startNginx(String http, String locations) throws IOException {
		String nginx = ProxyProcess.executable("nginx");
		Path prefix = Files.createTempDirectory("keyway-nginx-");
		int port = ProxyProcess.freePort();
		// the master runs as the test's user; as root, nginx would switch its workers to nobody
		String user = "root".equals(System.getProperty("user.name")) ? "user root;\n" : "";
		Path conf = prefix.resolve("nginx.conf");
		Files.writeString(conf, user + """
				worker_processes 1;
				pid %1$s/nginx.pid;
				error_log %1$s/error.log;
				events { worker_connections 64; }
				http {
					access_log off;
					client_body_temp_path %1$s/body;
					proxy_temp_path %1$s/proxy;
					fastcgi_temp_path %1$s/fastcgi;
					uwsgi_temp_path %1$s/uwsgi;
					scgi_temp_path %1$s/scgi;
				%4$s
					server {
						listen 127.0.0.1:%2$d;
				%3$s
					}
				}
				""".formatted(prefix, port, locations, http));
		ProcessBuilder builder = new ProcessBuilder(nginx, "-p", prefix.toString(), "-e",
				prefix.resolve("error.log").toString(), "-c", conf.toString(), "-g", "daemon off;")
			.redirectErrorStream(true)
			.redirectOutput(prefix.resolve("stdout.log").toFile());
		return ProxyProcess.start("nginx", builder, prefix, prefix.resolve("error.log"), port);
	}

}
