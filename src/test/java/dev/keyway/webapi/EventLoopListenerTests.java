package dev.keyway.webapi;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.IntFunction;

import com.github.scribejava.core.model.Verb;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.keyway.testing.AdminApi;
import dev.keyway.testing.FakeThirdParty;
import dev.keyway.testing.GoogleOAuthClient;
import dev.keyway.testing.Http;
import dev.keyway.testing.KeywayIntegrationTest;
import dev.keyway.testing.OAuthClientCredentials;
import dev.keyway.testing.RestoreSettings;
import dev.keyway.testing.ScribeOAuthClient;
import dev.keyway.testing.SignedCalls;
import dev.keyway.testing.SignedRequests;
import dev.keyway.testing.SignpostOAuthClient;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The event-loop listener (issue 14.1) answers every call shape of the Web API and the verify-only endpoint as
 * Tomcat's port does: the same call, signed afresh by an independent OAuth library for each port (the port is
 * part of what is signed), gets the same status, body and headers on both — but for the headers each server
 * frames the answer with ({@code Date}, {@code Connection}, {@code Keep-Alive}).
 */
@ExtendWith(RestoreSettings.class)
@KeywayIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EventLoopListenerTests {

	private static final Set<String> FRAMING = Set.of("date", "connection", "keep-alive", "content-length", "transfer-encoding");

	@LocalServerPort
	int tomcat;

	@Value("${" + EventLoopListener.LOCAL_PORT + "}")
	int loop;

	AdminApi admin;

	OAuthClientCredentials all;

	OAuthClientCredentials products;

	@BeforeAll
	void integrations() {
		this.admin = new AdminApi(new Http(this.tomcat));
		this.all = SignedCalls.integration(this.admin, "loop all", null);
		this.products = SignedCalls.integration(this.admin, "loop products", List.of("Magento_Catalog::products"));
	}

	/** A call shape: given the port, makes the call (signing for that port) and answers what came back. */
	record Shape(String name, IntFunction<Http.Response> call) {

		@Override
		public String toString() {
			return this.name;
		}

	}

	List<Shape> shapes() {
		OAuthClientCredentials all = this.all;
		OAuthClientCredentials products = this.products;
		String adminToken = this.admin.token();
		List<Shape> shapes = new ArrayList<>();
		shapes.add(new Shape("signed GET, google-oauth-client HMAC-SHA256", (port) -> signed(port, all,
				"/rest/V1/store/storeConfigs")));
		shapes.add(new Shape("signed GET with a query, ScribeJava HMAC-SHA1", (port) -> SignedCalls
			.call(SignedCalls.Library.SCRIBE, "GET", url(port, "/rest/V1/products?searchCriteria[pageSize]=2"), all, null)));
		shapes.add(new Shape("signed GET, signpost", (port) -> {
			try {
				return SignpostOAuthClient.call("GET", url(port, "/rest/V1/cmsPage/1"), all, null);
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		}));
		shapes.add(new Shape("signed GET with a store code and a fields filter", (port) -> signed(port, all,
				"/rest/default/V1/products/SP-JK-001?fields=sku,name")));
		shapes.add(new Shape("signed GET of a resource the integration lacks: 401 naming it",
				(port) -> signed(port, products, "/rest/V1/orders")));
		shapes.add(new Shape("replayed nonce: 401 after the refusal delay", (port) -> {
			String url = url(port, "/rest/V1/store/storeConfigs");
			String authorization = SignedRequests.sign(SignedRequests.sha256(all.consumerKey(), all.consumerSecret(),
					all.accessToken(), all.accessTokenSecret()), "GET", url);
			new Http(port).get(url, "Authorization", authorization);
			return new Http(port).get(url, "Authorization", authorization);
		}));
		shapes.add(new Shape("wrong token secret: 401", (port) -> signed(port,
				new OAuthClientCredentials(all.consumerKey(), all.consumerSecret(), all.accessToken(), "wrong"),
				"/rest/V1/store/storeConfigs")));
		shapes.add(new Shape("unknown consumer: 401", (port) -> signed(port,
				new OAuthClientCredentials("nosuchconsumerkey0000000000000000", "s", "t", "u"),
				"/rest/V1/store/storeConfigs")));
		shapes.add(new Shape("no credentials, guest switch closed: 401",
				(port) -> new Http(port).get("/rest/V1/products/SP-JK-001")));
		shapes.add(new Shape("admin token as Bearer", (port) -> new Http(port).get("/rest/V1/integrations?searchCriteria"
				+ "[pageSize]=1&searchCriteria[filter_groups][0][filters][0][field]=name&searchCriteria[filter_groups]"
				+ "[0][filters][0][value]=nothing-matches-this", "Authorization", "Bearer " + adminToken)));
		shapes.add(new Shape("unknown Bearer token: 401", (port) -> new Http(port).get("/rest/V1/store/storeConfigs",
				"Authorization", "Bearer 0123456789abcdef0123456789abcdef")));
		shapes.add(new Shape("unknown route: 404", (port) -> signed(port, all, "/rest/V1/nothing/here")));
		shapes.add(new Shape("JSON body that is not JSON: 400", (port) -> new Http(port)
			.post("/rest/V1/integration/admin/token", "{not json")));
		shapes.add(new Shape("declared body over the limit: 413", (port) -> raw(port, "POST /rest/V1/products HTTP/1.1\r\n"
				+ "Host: localhost:" + port + "\r\nContent-Type: application/json\r\nContent-Length: 99999999\r\n"
				+ "Connection: close\r\n\r\n{}")));
		shapes.add(new Shape("dot segment: refused by the firewall", (port) -> raw(port,
				"GET /rest/V1/store/../storeConfigs HTTP/1.1\r\nHost: localhost:" + port + "\r\nConnection: close\r\n\r\n")));
		shapes.add(new Shape("header value with a C1 control character: 400 in Magento's shape, value not echoed",
				(port) -> raw(port, "GET /rest/V1/store/storeConfigs HTTP/1.1\r\nHost: localhost:" + port
						+ "\r\nAuthorization: Bearer secret\u0085value\r\nConnection: close\r\n\r\n")));
		shapes.add(new Shape("encoded backslash: the firewall's 400 in Magento's shape, not Tomcat's HTML page",
				(port) -> raw(port, "GET /rest/V1/products/AB%5C12 HTTP/1.1\r\nHost: localhost:" + port
						+ "\r\nConnection: close\r\n\r\n")));
		shapes.add(new Shape("encoded slash in a SKU: the same answer, not Tomcat's HTML page",
				(port) -> raw(port, "GET /rest/V1/products/AB%2F12 HTTP/1.1\r\nHost: localhost:" + port
						+ "\r\nConnection: close\r\n\r\n")));
		shapes.add(new Shape("verify-only endpoint, signed original call", (port) -> {
			String original = "http://localhost:" + port + "/rest/V1/store/storeConfigs";
			String authorization = SignedRequests.sign(SignedRequests.sha256(all.consumerKey(), all.consumerSecret(),
					all.accessToken(), all.accessTokenSecret()), "GET", original);
			return new Http(port).get("/auth/verify", "Authorization", authorization, "X-Original-Method", "GET",
					"X-Original-URI", "/rest/V1/store/storeConfigs");
		}));
		shapes.add(new Shape("verify-only endpoint, guest", (port) -> new Http(port).get("/auth/verify",
				"X-Original-Method", "GET", "X-Original-URI", "/rest/V1/products/SP-JK-001")));
		shapes.add(new Shape("token endpoint, unknown consumer", (port) -> new Http(port).post("/oauth/token/request",
				"", "Authorization", SignedRequests.sign(SignedRequests.sha256("nosuchconsumerkey0000000000000000", "s",
						null, null), "POST", url(port, "/oauth/token/request")))));
		shapes.add(new Shape("token endpoint, no OAuth parameters", (port) -> new Http(port)
			.post("/oauth/token/access", "a=b", "Content-Type", "application/x-www-form-urlencoded")));
		shapes.add(new Shape("token endpoint, wrong method: 405 in the endpoints' form", (port) -> new Http(port)
			.get("/oauth/token/request")));
		shapes.add(new Shape("token endpoint, unknown path under /oauth", (port) -> new Http(port)
			.post("/oauth/token/nothing", "")));
		shapes.add(new Shape("Envoy's check, signed original call under the prefix", (port) -> {
			String authorization = SignedRequests.sign(SignedRequests.sha256(all.consumerKey(), all.consumerSecret(),
					all.accessToken(), all.accessTokenSecret()), "GET", url(port, "/rest/V1/store/storeConfigs"));
			return new Http(port).get("/auth/envoy/rest/V1/store/storeConfigs", "Authorization", authorization);
		}));
		shapes.add(new Shape("Envoy's check, guest", (port) -> new Http(port)
			.get("/auth/envoy/rest/V1/products/SP-JK-001")));
		shapes.add(new Shape("verify-only endpoint, form body it cannot check: 403 saying why", (port) -> new Http(port)
			.get("/auth/verify", "Content-Type", "application/x-www-form-urlencoded", "X-Original-Method", "POST",
					"X-Original-URI", "/rest/V1/products")));
		shapes.add(new Shape("HEAD of a signed resource", (port) -> {
			String url = url(port, "/rest/V1/store/storeConfigs");
			String authorization = SignedRequests.sign(SignedRequests.sha256(all.consumerKey(), all.consumerSecret(),
					all.accessToken(), all.accessTokenSecret()), "HEAD", url);
			return new Http(port).send("HEAD", url, null, "Authorization", authorization);
		}));
		return shapes;
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("shapes")
	void callWhenSentToEventLoopListenerThenSameAnswerAsTomcat(Shape shape) {
		Http.Response onTomcat = shape.call().apply(this.tomcat);
		Http.Response onLoop = shape.call().apply(this.loop);

		assertThat(onLoop.status()).as("status; Tomcat answered %s", onTomcat).isEqualTo(onTomcat.status());
		assertThat(withoutTimestamp(onLoop.body())).isEqualTo(withoutTimestamp(onTomcat.body()));
		assertThat(headers(onLoop)).isEqualTo(headers(onTomcat));
	}

	@Test
	void callWhenSignedPostCreatesProductThenEventLoopListenerAnswersItAndTheProductExists() throws Exception {
		String sku = "LOOP-" + System.nanoTime();
		Http.Response created = ScribeOAuthClient.call(Verb.POST, url(this.loop, "/rest/V1/products"), this.all,
				"{\"product\":{\"sku\":\"" + sku + "\",\"name\":\"Loop Mix\",\"price\":2.5,\"type_id\":\"simple\","
						+ "\"attribute_set_id\":4}}");

		assertThat(created.status()).as(created.body()).isEqualTo(200);
		assertThat(AdminApi.field(created.body(), "sku")).isEqualTo(sku);
		Http.Response read = signed(this.tomcat, this.all, "/rest/V1/products/" + sku);
		assertThat(AdminApi.field(read.body(), "name")).isEqualTo("Loop Mix");
		assertThat(this.admin.delete("/rest/V1/products/" + sku).body()).isEqualTo("true");
	}

	@Test
	void callWhenPipelinedOnOneConnectionThenAnswersComeInOrder() throws IOException {
		String one = "GET /rest/V1/nothing/one HTTP/1.1\r\nHost: localhost\r\n\r\n";
		String two = "GET /rest/V1/store/storeConfigs HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";

		List<Http.Response> answers = answers(this.loop, one + two, 2);

		assertThat(answers.get(0).status()).isEqualTo(404);
		assertThat(answers.get(1).status()).isEqualTo(401);
		assertThat(answers.get(1).body()).contains("Magento_Backend::store");
	}

	@ParameterizedTest(name = "{0}")
	@org.junit.jupiter.params.provider.ValueSource(strings = { "GET /rest/V1/store/storeConfigs HTTP/1.1\r\n",
			"GET http://evil.example/rest/V1/store/storeConfigs HTTP/1.1\r\nHost: localhost\r\n",
			"GET /rest/V1/store/storeConfigs HTTP/1.1\r\nHost: localhost\r\nHost: evil.example\r\n" })
	void callWhenHostMissingOrNotTheTargetsThenBothPortsRefuseWith400(String head) {
		for (int port : new int[] { this.tomcat, this.loop }) {
			Http.Response answer = raw(port, head + "Connection: close\r\n\r\n");

			assertThat(answer.status()).as("port %d: %s", port, answer.body()).isEqualTo(400);
		}
	}

	@ParameterizedTest(name = "{0}")
	@org.junit.jupiter.params.provider.ValueSource(strings = { "Content-Length: 2\r\nTransfer-Encoding: chunked",
			"Content-Length: 2\r\nContent-Length: 3" })
	void callWhenFramingIsAmbiguousThenBothPortsRefuseWith400(String framing) {
		for (int port : new int[] { this.tomcat, this.loop }) {
			Http.Response answer = raw(port, "POST /rest/V1/integration/admin/token HTTP/1.1\r\nHost: localhost\r\n"
					+ "Content-Type: application/json\r\n" + framing + "\r\nConnection: close\r\n\r\n2\r\n{}\r\n0\r\n\r\n");

			assertThat(answer.status()).as("port %d: %s", port, answer.body()).isEqualTo(400);
		}
	}

	@Test
	void callWhenPipelinedBehindAnotherWithABodyThatStreamsThenEveryAnswerInOrder() {
		// a JSON body over 64 KiB (white space is JSON too): it streams to a worker while it arrives
		String sku = "LOOP-BIG-" + System.nanoTime();
		String json = "{\"product\":{\"sku\":\"" + sku + "\",\"name\":\"Big\",\"price\":1,\"type_id\":\"simple\","
				+ "\"attribute_set_id\":4}" + " ".repeat(100_000) + "}";
		String host = "localhost:" + this.loop;
		String get = "GET /rest/V1/store/storeConfigs HTTP/1.1\r\nHost: " + host + "\r\nAuthorization: "
				+ sign("GET", "/rest/V1/store/storeConfigs") + "\r\n\r\n";
		String post = "POST /rest/V1/products HTTP/1.1\r\nHost: " + host + "\r\nAuthorization: "
				+ sign("POST", "/rest/V1/products") + "\r\nContent-Type: application/json\r\nContent-Length: "
				+ json.length() + "\r\n\r\n" + json;
		String last = "GET /rest/V1/store/storeConfigs HTTP/1.1\r\nHost: " + host + "\r\nAuthorization: "
				+ sign("GET", "/rest/V1/store/storeConfigs") + "\r\nConnection: close\r\n\r\n";

		List<Http.Response> answers = answers(this.loop, get + post + last, 3);

		assertThat(answers).extracting(Http.Response::status).as(answers.get(1).body()).containsExactly(200, 200, 200);
		assertThat(answers.get(1).body()).contains("\"sku\":\"" + sku + "\"");
		assertThat(this.admin.delete("/rest/V1/products/" + sku).body()).isEqualTo("true");
	}

	@Test
	void callWhenRefusedWithoutReadingItsWholeArrivedBodyThenTheConnectionServesTheNextCall() {
		String body = "{}" + " ".repeat(100_000);
		String post = "POST /rest/V1/products HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
				+ "Content-Length: " + body.length() + "\r\n\r\n" + body;
		String next = "GET /rest/V1/nothing/here HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";

		List<Http.Response> answers = answers(this.loop, post + next, 2);

		assertThat(answers).extracting(Http.Response::status).containsExactly(401, 404);
		assertThat(answers.get(0).headers()).doesNotContainKey("connection");
	}

	private String sign(String method, String path) {
		return SignedRequests.sign(SignedRequests.sha256(this.all.consumerKey(), this.all.consumerSecret(),
				this.all.accessToken(), this.all.accessTokenSecret()), method, url(this.loop, path));
	}

	@Test
	void callWhenPathIsNotServedOnEventLoopListenerThen404SaysWhere() {
		Http.Response admin = new Http(this.loop).get("/admin/integrations");

		assertThat(admin.status()).isEqualTo(404);
		assertThat(admin.body()).contains("/oauth").contains("the admin and the rest are on port " + this.tomcat);
	}

	@Test
	void handshakeWhenThirdPartyExchangesTokensOnEventLoopListenerThenItsCallsThereSucceed() throws Exception {
		try (FakeThirdParty party = FakeThirdParty.start()) {
			long id = this.admin.createIntegration("{\"name\":\"loop handshake " + System.nanoTime() + "\",\"endpoint\":\""
					+ party.callbackUrl() + "\",\"identity_link_url\":\"" + party.identityLinkUrl()
					+ "\",\"resources\":[\"Magento_Backend::store\"]}");
			assertThat(this.admin.post("/rest/V1/integrations/" + id + "/activate", "{}").status()).isEqualTo(200);
			FakeThirdParty.Post post = party.awaitPost(java.time.Duration.ofSeconds(5));

			OAuthClientCredentials credentials = GoogleOAuthClient.exchange(url(this.loop, "/"),
					post.get("oauth_consumer_key"), post.get("oauth_consumer_secret"), post.get("oauth_verifier"));

			assertThat(credentials.accessToken()).matches("[0-9a-z]{32}");
			assertThat(AdminApi.field(this.admin.get("/rest/V1/integrations/" + id).body(), "status")).isEqualTo("1");
			Http.Response call = signed(this.loop, credentials, "/rest/V1/store/storeConfigs");
			assertThat(call.status()).as(call.body()).isEqualTo(200);
		}
	}

	@Test
	void callWhenTokenEndpointCalledOnEventLoopListenerThenCountedAsOnTomcat() throws InterruptedException {
		double before = settled(this::tokenCalls);

		Http.Response refused = new Http(this.loop).post("/oauth/token/request", "",
				"Authorization", "OAuth oauth_consumer_key=\"nosuchkey\"");

		assertThat(refused.status()).isEqualTo(400);
		assertThat(settled(this::tokenCalls)).isEqualTo(before + 1);
		assertThat(this.registry.find("http.server.requests").tag("uri", "/oauth/token/request").tag("status", "400")
			.timer()).isNotNull();
	}

	private double tokenCalls() {
		return this.registry.find("keyway.requests").tag("route", "POST /oauth/token/request")
			.counters()
			.stream()
			.mapToDouble((counter) -> counter.count())
			.sum();
	}

	@Test
	void callWhenMetricsScrapedThenEventLoopCallsAreCountedLikeTomcatOnes() throws InterruptedException {
		double counted = settled(this::count);

		Http.Response onLoop = new Http(this.loop).get("/rest/V1/store/storeConfigs", "Authorization",
				"Bearer " + this.admin.token());

		assertThat(onLoop.status()).isEqualTo(200);
		assertThat(settled(this::count)).isEqualTo(counted + 1);
	}

	/**
	 * The count once it stops moving: a server records a call after its answer may have left, so an earlier
	 * test's call can still be on its way into the meter.
	 */
	private static double settled(java.util.function.DoubleSupplier meter) throws InterruptedException {
		double last = meter.getAsDouble();
		for (int i = 0; i < 40; i++) {
			Thread.sleep(50);
			double now = meter.getAsDouble();
			if (now == last && i >= 3) {
				return now;
			}
			last = now;
		}
		return last;
	}

	@org.springframework.beans.factory.annotation.Autowired
	io.micrometer.core.instrument.MeterRegistry registry;

	private double count() {
		return this.registry.find("http.server.requests").tag("uri", "/rest/V1/store/storeConfigs")
			.timers()
			.stream()
			.mapToDouble((timer) -> timer.count())
			.sum();
	}

	/** Spring Boot's error page has the time of the answer. */
	private static String withoutTimestamp(String body) {
		return body.replaceFirst("\"timestamp\":\"[^\"]*\"", "\"timestamp\":\"…\"");
	}

	private static Map<String, List<String>> headers(Http.Response response) {
		Map<String, List<String>> headers = new TreeMap<>();
		response.headers().forEach((name, values) -> {
			String lower = name.toLowerCase(Locale.ROOT);
			if (!FRAMING.contains(lower) && !lower.startsWith(":")) {
				headers.put(lower, values);
			}
		});
		return headers;
	}

	private static String url(int port, String path) {
		return "http://localhost:" + port + path;
	}

	private static Http.Response signed(int port, OAuthClientCredentials credentials, String path) {
		try {
			return GoogleOAuthClient.call("GET", url(port, path), credentials, null);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Bytes as written, for shapes an HTTP client would not send: the first answer. */
	private static Http.Response raw(int port, String request) {
		return answers(port, request, 1).get(0);
	}

	/** Sends the bytes on one connection and reads {@code count} answers (Content-Length or chunked framing). */
	private static List<Http.Response> answers(int port, String request, int count) {
		try (Socket socket = new Socket("127.0.0.1", port)) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			out.write(request.getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			InputStream in = new java.io.BufferedInputStream(socket.getInputStream());
			List<Http.Response> answers = new ArrayList<>();
			for (int i = 0; i < count; i++) {
				answers.add(answer(in));
			}
			return answers;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static Http.Response answer(InputStream in) throws IOException {
		String status = line(in);
		Map<String, List<String>> headers = new TreeMap<>();
		for (String line = line(in); !line.isEmpty(); line = line(in)) {
			int colon = line.indexOf(':');
			headers.computeIfAbsent(line.substring(0, colon).toLowerCase(Locale.ROOT), (k) -> new ArrayList<>())
				.add(line.substring(colon + 1).strip());
		}
		java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
		if (headers.containsKey("content-length")) {
			body.write(in.readNBytes(Integer.parseInt(headers.get("content-length").get(0))));
		}
		else if (headers.containsKey("transfer-encoding")) {
			for (int size = Integer.parseInt(line(in).strip(), 16); size > 0; size = Integer.parseInt(line(in).strip(), 16)) {
				body.write(in.readNBytes(size));
				line(in);
			}
			line(in);
		}
		headers.remove("transfer-encoding");
		return new Http.Response(Integer.parseInt(status.substring(9, 12)), body.toString(StandardCharsets.UTF_8), headers);
	}

	private static String line(InputStream in) throws IOException {
		StringBuilder line = new StringBuilder();
		for (int c = in.read(); c != '\n'; c = in.read()) {
			if (c < 0) {
				throw new java.io.EOFException("connection closed after " + Shown.shown(line.toString()));
			}
			if (c != '\r') {
				line.append((char) c);
			}
		}
		return line.toString();
	}

}
