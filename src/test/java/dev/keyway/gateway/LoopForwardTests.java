package dev.keyway.gateway;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.keyway.testing.Http;
import dev.keyway.testing.KeywayNode;
import dev.keyway.testing.TestDatabases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * The gateway's forward from the event-loop listener's event loop ({@link LoopUpstream}, {@link LoopExchange}):
 * every answer shape the upstream can send reaches the client as on Tomcat's port (where the forward blocks a
 * request thread), idle connections are kept and reused, and a kept connection the upstream dropped is retried
 * once for an idempotent call only. With PostgreSQL the listener runs calls on workers: the same answers, from a
 * request thread.
 */
class LoopForwardTests {

	static ScriptedUpstream upstream;

	/** An {@code https} upstream whose self-signed certificate no trust store holds. */
	static TlsUpstream untrusted;

	/** An {@code https} upstream whose self-signed certificate the gateway file names as its {@code ca_file}. */
	static TlsUpstream privateCa;

	static KeywayNode node;

	static int loop;

	@BeforeAll
	static void start() throws Exception {
		upstream = new ScriptedUpstream();
		untrusted = new TlsUpstream("localhost");
		privateCa = new TlsUpstream("localhost");
		Path file = Files.createTempFile("gateway-loop-", ".yml");
		Files.writeString(file, """
				upstreams:
				  - name: raw
				    url: %1$s
				    read_timeout: 700ms
				    routes:
				      - {method: GET,  path: "/V1/raw/:shape", resources: anonymous}
				      - {method: POST, path: "/V1/raw/:shape", resources: anonymous}
				  - name: patient
				    url: %1$s
				    read_timeout: 30s
				    routes:
				      - {method: GET, path: "/V1/patient/:shape", resources: anonymous, upstream_path: "/V1/raw/:shape"}
				  - name: named
				    url: %2$s
				    routes:
				      - {method: GET, path: "/V1/named/:shape", resources: anonymous, upstream_path: "/V1/raw/:shape"}
				  - name: signed
				    kind: magento
				    url: %1$s
				    consumer_key: "magento-consumer-key-0123456789ab"
				    consumer_secret: "magento-consumer-secret-0123456789"
				    access_token: "magento-access-token-0123456789abc"
				    access_token_secret: "magento-token-secret-0123456789abc"
				    routes:
				      - {method: GET, path: "/V1/signed/:shape", resources: anonymous, upstream_path: "/V1/raw/:shape"}
				  - name: untrusted
				    url: https://localhost:%3$d
				    routes:
				      - {method: GET, path: "/V1/untrusted/:shape", resources: anonymous}
				  - name: private-ca
				    url: https://localhost:%4$d
				    ca_file: "%5$s"
				    routes:
				      - {method: GET, path: "/V1/private-ca/:shape", resources: anonymous}
				  - name: private-ca-by-ip
				    url: https://127.0.0.1:%4$d
				    ca_file: "%5$s"
				    routes:
				      - {method: GET, path: "/V1/private-ca-by-ip/:shape", resources: anonymous}
				""".formatted(upstream.url(), upstream.url().replace("127.0.0.1", "localhost"), untrusted.port(),
				privateCa.port(), privateCa.certificate.certificate().getAbsolutePath()));
		byte[] key = new byte[32];
		new SecureRandom().nextBytes(key);
		node = KeywayNode.start(TestDatabases.newDatabase(), Base64.getEncoder().encodeToString(key),
				Map.of("keyway.gateway.file", file.toString()));
		loop = node.context().getEnvironment().getRequiredProperty("local.keyway.event-loop.port", Integer.class);
	}

	@AfterAll
	static void stop() throws IOException {
		if (node != null) {
			node.close();
		}
		if (upstream != null) {
			upstream.close();
		}
		if (untrusted != null) {
			untrusted.close();
		}
		if (privateCa != null) {
			privateCa.close();
		}
	}

	@Test
	void forwardWhenUpstreamAnswersInAnyShapeThenListenerAnswersAsTomcat() {
		for (String shape : List.of("plain", "chunked", "early", "close", "big", "chunked-big", "short", "slow",
				"long-headers", "upgrade", "not-modified")) {
			Http.Response onTomcat = node.http().get("/rest/V1/raw/" + shape);
			Http.Response onLoop = new Http(loop).get("/rest/V1/raw/" + shape);

			assertThat(onLoop.status()).as(shape + ": " + onLoop.body()).isEqualTo(onTomcat.status());
			assertThat(onLoop.body()).as(shape).isEqualTo(onTomcat.body());
			assertThat(onLoop.header("Content-Type")).as(shape).isEqualTo(onTomcat.header("Content-Type"));
			assertThat(onLoop.header("X-Hop")).as(shape + ": a header the upstream's Connection names").isNull();
			for (String name : List.of("Cache-Control", "Pragma", "Expires", "X-Frame-Options", "X-Content-Type-Options")) {
				assertThat(values(onLoop, name)).as(shape + ": " + name).isEqualTo(values(onTomcat, name));
			}
		}
		assertThat(new Http(loop).get("/rest/V1/raw/big").body()).hasSize(ScriptedUpstream.BIG);
		assertThat(new Http(loop).get("/rest/V1/raw/chunked").body()).isEqualTo("{\"path\":\"/V1/raw/chunked\"}");
		assertThat(new Http(loop).get("/rest/V1/raw/short").status()).isEqualTo(502);
		assertThat(new Http(loop).get("/rest/V1/raw/slow").status()).isEqualTo(504);
		assertThat(new Http(loop).get("/rest/V1/raw/long-headers").header("X-Policy")).hasSize(20_000);
		assertThat(new Http(loop).get("/rest/V1/raw/upgrade").status()).isEqualTo(502);
		assertThat(new Http(loop).get("/rest/V1/raw/not-modified").status()).isEqualTo(304);
		assertThat(values(new Http(loop).get("/rest/V1/raw/not-modified"), "Cache-Control"))
			.as("Spring Security's caching writer leaves a 304 alone").isEmpty();
	}

	@Test
	void forwardWhenUpstreamHeadersTooLongForTheClientThenBothPortsAnswer502() {
		// Tomcat's port answered 500 with an empty body and logged a stack trace as an answer that "broke off"
		Http.Response onTomcat = node.http().get("/rest/V1/raw/too-long-headers");
		Http.Response onLoop = new Http(loop).get("/rest/V1/raw/too-long-headers");

		assertThat(onTomcat.status()).as(onTomcat.body()).isEqualTo(502);
		assertThat(onLoop.status()).as(onLoop.body()).isEqualTo(502);
		assertThat(onTomcat.body()).isEqualTo(onLoop.body())
			.isEqualTo("{\"message\":\"The upstream service \\\"%1\\\" cannot be reached.\",\"parameters\":[\"raw\"]}");
		assertThat(onTomcat.header("X-Policy")).isNull();
	}

	@Test
	void forwardWhenUpstreamSendsItsOwnCachingAndSecurityHeadersThenBothPortsPassThemOnAlike() {
		Http.Response onTomcat = node.http().get("/rest/V1/raw/own-headers");
		Http.Response onLoop = new Http(loop).get("/rest/V1/raw/own-headers");

		for (String name : List.of("Cache-Control", "Pragma", "Expires", "X-Frame-Options", "X-Content-Type-Options",
				"X-XSS-Protection", "Set-Cookie")) {
			assertThat(values(onLoop, name)).as(name).isEqualTo(values(onTomcat, name));
		}
		assertThat(values(onLoop, "Cache-Control")).containsExactly("public, max-age=60");
		assertThat(values(onLoop, "Pragma")).isEmpty();
		assertThat(values(onLoop, "Set-Cookie")).containsExactly("a=1", "b=2");
		// Keyway's own defaults stay where the upstream sent none
		assertThat(values(new Http(loop).get("/rest/V1/raw/plain"), "Cache-Control")).hasSize(1);
	}

	private static List<String> values(Http.Response response, String name) {
		return response.headers()
			.entrySet()
			.stream()
			.filter((entry) -> entry.getKey().equalsIgnoreCase(name))
			.flatMap((entry) -> entry.getValue().stream())
			.toList();
	}

	/**
	 * A chunked upload the client breaks off reaches the upstream without its last chunk, on both ports (a security
	 * trial: HttpCore's chunked stream finished the message when it was closed after the failure, and the upstream
	 * answered 200 to half an upload while the client got 408). The body is longer than HttpCore's buffers
	 * (8 KiB), so the upstream has part of it when the client goes.
	 */
	@Test
	void forwardWhenClientsChunkedUploadBreaksOffThenUpstreamNeverGetsTheLastChunk() throws Exception {
		for (int port : new int[] { node.port(), loop }) {
			for (String rest : List.of("", "zz\r\n}\r\n0\r\n\r\n")) {
				try (Socket socket = new Socket("127.0.0.1", port)) {
					socket.setSoTimeout(10_000);
					socket.getOutputStream().write(("POST /rest/V1/raw/upload HTTP/1.1\r\nHost: localhost\r\n"
							+ "Content-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n"
							+ ("4e20\r\n" + "x".repeat(20_000) + "\r\n") + rest)
						.getBytes(StandardCharsets.US_ASCII));
					socket.shutdownOutput();
					String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
					assertThat(answer).as("port %d, %s", port, rest).doesNotStartWith("HTTP/1.1 200");
				}

				String upload = upstream.upload(10);

				assertThat(upload).as("port %d, after %s", port, rest).isNotNull().startsWith("incomplete ");
			}
		}
		assertThat(upstream.upload(1)).as("no other upload").isNull();
	}

	@Test
	void forwardWhenLongAnswerStallsPastReadTimeoutThenBothPortsBreakItOff() throws IOException {
		for (int port : new int[] { node.port(), loop }) {
			try (Socket socket = new Socket("127.0.0.1", port)) {
				socket.setSoTimeout(10_000);
				socket.getOutputStream().write("GET /rest/V1/raw/stall HTTP/1.1\r\nHost: localhost\r\n\r\n"
					.getBytes(StandardCharsets.US_ASCII));
				long started = System.nanoTime();
				byte[] all = socket.getInputStream().readAllBytes();
				long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
				String text = new String(all, StandardCharsets.ISO_8859_1);

				assertThat(text).as("port " + port).startsWith("HTTP/1.1 200");
				assertThat(text).as("port " + port).contains("Content-Length: " + ScriptedUpstream.HUGE);
				assertThat(all.length).as("port %d: the connection closes short of the length it announced", port)
					.isLessThan(ScriptedUpstream.HUGE);
				assertThat(seconds).as("port %d: closed after the 700 ms read timeout, before the upstream's 3 s", port)
					.isLessThan(3);
			}
		}
	}

	@Test
	void forwardWhenLongAnswerStreamedThenConnectionStaysInStep() throws IOException {
		try (Socket socket = new Socket("127.0.0.1", loop)) {
			Answer big = send(socket, "GET /rest/V1/raw/chunked-big HTTP/1.1\r\nHost: localhost\r\n\r\n");
			Answer next = send(socket, "GET /rest/V1/raw/plain HTTP/1.1\r\nHost: localhost\r\n\r\n");

			assertThat(big.status()).isEqualTo(200);
			assertThat(big.body()).hasSize(ScriptedUpstream.BIG).matches("y+");
			assertThat(next.body()).isEqualTo("{\"path\":\"/V1/raw/plain\"}");
		}
	}

	@Test
	void forwardWhenAnswerPausedTheUpstreamThenItsConnectionClosedNotKept() throws Exception {
		assumeThat(TestDatabases.postgres()).as("calls run on the event loop with the embedded database").isFalse();
		while (upstream.closedAfter(0) != null) {
			// connections closed by earlier tests
		}
		try (Socket socket = new Socket("127.0.0.1", loop)) {
			socket.getOutputStream().write("GET /rest/V1/raw/huge HTTP/1.1\r\nHost: localhost\r\n\r\n"
				.getBytes(StandardCharsets.US_ASCII));
			// the client does not read yet: more than a MiB waits in the pipe, which pauses the upstream's connection
			Thread.sleep(500);
			Answer huge = send(socket, "");
			Answer next = send(socket, "GET /rest/V1/raw/plain HTTP/1.1\r\nHost: localhost\r\n\r\n");

			assertThat(huge.body()).hasSize(ScriptedUpstream.HUGE);
			assertThat(next.status()).isEqualTo(200);
			assertThat(upstream.closedAfter(5)).as("the connection that carried the streamed answer").isEqualTo("/V1/raw/huge");
		}
	}

	@Test
	void forwardWhenKeptConnectionOutlivedUpstreamsKeepAliveThenNewConnection() throws Exception {
		assumeThat(TestDatabases.postgres()).as("calls run on the event loop with the embedded database").isFalse();
		try (Socket socket = new Socket("127.0.0.1", loop)) {
			send(socket, "GET /rest/V1/raw/brief HTTP/1.1\r\nHost: localhost\r\n\r\n");
			int opened = upstream.connections();
			send(socket, "GET /rest/V1/raw/brief HTTP/1.1\r\nHost: localhost\r\n\r\n");
			assertThat(upstream.connections()).as("kept within its Keep-Alive: timeout=2 (less a second)").isEqualTo(opened);

			Thread.sleep(1300);
			Answer later = send(socket, "GET /rest/V1/raw/plain HTTP/1.1\r\nHost: localhost\r\n\r\n");

			assertThat(later.status()).isEqualTo(200);
			assertThat(upstream.connections()).as("a new connection after the kept one expired").isEqualTo(opened + 1);
		}
	}

	@Test
	void forwardWhenOnEventLoopThenCountedWhereItWaited() {
		MeterRegistry registry = node.bean(MeterRegistry.class);
		String where = TestDatabases.postgres() ? "request-thread" : "event-loop";
		double before = registry.get("keyway.upstream.forwards").tag("upstream", "raw").tag("thread", where).counter().count();

		assertThat(new Http(loop).get("/rest/V1/raw/plain").status()).isEqualTo(200);

		assertThat(registry.get("keyway.upstream.forwards").tag("upstream", "raw").tag("thread", where).counter().count())
			.isEqualTo(before + 1);
	}

	@Test
	void forwardWhenCallsFollowOnOneConnectionThenUpstreamConnectionReused() throws IOException {
		assumeThat(TestDatabases.postgres()).as("calls run on the event loop with the embedded database").isFalse();
		try (Socket socket = new Socket("127.0.0.1", loop)) {
			send(socket, "GET /rest/V1/raw/plain HTTP/1.1\r\nHost: localhost\r\n\r\n");
			int opened = upstream.connections();
			for (int i = 0; i < 5; i++) {
				assertThat(send(socket, "GET /rest/V1/raw/plain HTTP/1.1\r\nHost: localhost\r\n\r\n").status())
					.isEqualTo(200);
			}
			assertThat(upstream.connections()).as("connections the upstream accepted").isEqualTo(opened);
		}
	}

	@Test
	void forwardWhenKeptConnectionDroppedThenIdempotentCallRetriedOnNewOne() throws IOException {
		assumeThat(TestDatabases.postgres()).as("calls run on the event loop with the embedded database").isFalse();
		try (Socket socket = new Socket("127.0.0.1", loop)) {
			// the upstream answers this, keeps the connection, and closes it unanswered on its next request
			send(socket, "GET /rest/V1/raw/once HTTP/1.1\r\nHost: localhost\r\n\r\n");
			int opened = upstream.connections();

			Answer answer = send(socket, "GET /rest/V1/raw/plain HTTP/1.1\r\nHost: localhost\r\n\r\n");

			assertThat(answer.status()).as(answer.body()).isEqualTo(200);
			assertThat(upstream.connections()).isEqualTo(opened + 1);
		}
	}

	/** Its OAuth nonce is for one request: a copy would be a replay at the Magento (an operator trial). */
	@Test
	void forwardWhenKeptConnectionDroppedThenCallSignedForMagentoRetriedWithANewNonce() throws IOException {
		assumeThat(TestDatabases.postgres()).as("calls run on the event loop with the embedded database").isFalse();
		try (Socket socket = new Socket("127.0.0.1", loop)) {
			send(socket, "GET /rest/V1/signed/once HTTP/1.1\r\nHost: localhost\r\n\r\n");
			int opened = upstream.connections();
			upstream.authorizations();

			Answer answer = send(socket, "GET /rest/V1/signed/plain HTTP/1.1\r\nHost: localhost\r\n\r\n");

			assertThat(answer.status()).as(answer.body()).isEqualTo(200);
			assertThat(upstream.connections()).isEqualTo(opened + 1);
			List<String> sent = upstream.authorizations();
			assertThat(sent).as("the dropped request and its retry").hasSize(2).allMatch((line) -> line.startsWith("/V1/raw/plain OAuth "));
			assertThat(nonce(sent.get(1))).isNotEqualTo(nonce(sent.get(0)));
		}
	}

	private static String nonce(String authorization) {
		java.util.regex.Matcher nonce = java.util.regex.Pattern.compile("oauth_nonce=\"([^\"]+)\"").matcher(authorization);
		assertThat(nonce.find()).as(authorization).isTrue();
		return nonce.group(1);
	}

	@Test
	void forwardWhenKeptConnectionDroppedThenPostNotRetried() throws IOException {
		assumeThat(TestDatabases.postgres()).as("calls run on the event loop with the embedded database").isFalse();
		try (Socket socket = new Socket("127.0.0.1", loop)) {
			send(socket, "GET /rest/V1/raw/once HTTP/1.1\r\nHost: localhost\r\n\r\n");

			Answer answer = send(socket, "POST /rest/V1/raw/plain HTTP/1.1\r\nHost: localhost\r\nContent-Type: "
					+ "application/json\r\nContent-Length: 2\r\n\r\n{}");

			assertThat(answer.status()).isEqualTo(502);
			assertThat(answer.body()).isEqualTo("{\"message\":\"The upstream service \\\"%1\\\" cannot be reached.\","
					+ "\"parameters\":[\"raw\"]}");
		}
	}

	@Test
	void forwardWhenClientLeavesWhileUpstreamThinksThenUpstreamConnectionClosed() throws Exception {
		assumeThat(TestDatabases.postgres()).as("calls run on the event loop with the embedded database").isFalse();
		try (Socket socket = new Socket("127.0.0.1", loop)) {
			socket.getOutputStream().write("GET /rest/V1/patient/hold HTTP/1.1\r\nHost: localhost\r\n\r\n"
				.getBytes(StandardCharsets.US_ASCII));
			assertThat(upstream.held(5)).as("the call reached the upstream").isEqualTo("/V1/raw/hold");
		}

		assertThat(upstream.dropped(5)).as("the upstream saw its connection closed long before the 30 s read timeout")
			.isEqualTo("/V1/raw/hold");
	}

	@Test
	void keepAliveWhenUpstreamNamesTimeoutThenKeptASecondLessElseThreeMinutesOrClosed() {
		assertThat(LoopUpstream.keepAliveNanos(answer("Keep-Alive", "timeout=5, max=100")))
			.isEqualTo(Duration.ofSeconds(4).toNanos());
		assertThat(LoopUpstream.keepAliveNanos(answer("Keep-Alive", "timeout=1"))).as("closed at once").isZero();
		assertThat(LoopUpstream.keepAliveNanos(answer("X-Other", "1"))).isEqualTo(Duration.ofMinutes(3).toNanos());
		assertThat(LoopUpstream.keepAliveNanos(answer("Connection", "close"))).isNegative();
	}

	private static io.netty.handler.codec.http.HttpResponse answer(String name, String value) {
		io.netty.handler.codec.http.HttpResponse answer = new io.netty.handler.codec.http.DefaultHttpResponse(
				io.netty.handler.codec.http.HttpVersion.HTTP_1_1, io.netty.handler.codec.http.HttpResponseStatus.OK);
		answer.headers().set(name, value);
		return answer;
	}

	@Test
	void forwardWhenUpstreamNamedByDnsNameThenFromEventLoopOnceTheNameResolved() {
		MeterRegistry registry = node.bean(MeterRegistry.class);
		String where = TestDatabases.postgres() ? "request-thread" : "event-loop";
		// the first call finds no address yet: it starts the look-up (off the loop) and goes to a worker
		double onWorkers = forwards(registry, "named", "request-thread");
		assertThat(new Http(loop).get("/rest/V1/named/plain").body()).isEqualTo("{\"path\":\"/V1/raw/plain\"}");
		assertThat(forwards(registry, "named", "request-thread")).isEqualTo(onWorkers + 1);

		untilForwardedFromLoop("named", "/rest/V1/named/chunked",
				(answer) -> assertThat(answer.body()).isEqualTo("{\"path\":\"/V1/raw/chunked\"}"));
	}

	/**
	 * Calls {@code path} on the listener until a call is counted as forwarded from the event loop (from a request
	 * thread on PostgreSQL, where the listener runs calls on workers): the first calls to an upstream named by a
	 * DNS name go to a worker while its look-up runs. Every answer meets {@code expected}.
	 */
	private static void untilForwardedFromLoop(String upstream, String path,
			java.util.function.Consumer<Http.Response> expected) {
		MeterRegistry registry = node.bean(MeterRegistry.class);
		String where = TestDatabases.postgres() ? "request-thread" : "event-loop";
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		boolean fromLoop = false;
		while (!fromLoop && System.nanoTime() < deadline) {
			double before = forwards(registry, upstream, where);
			expected.accept(new Http(loop).get(path));
			fromLoop = forwards(registry, upstream, where) == before + 1;
		}
		assertThat(fromLoop).as(upstream + " forwarded from " + where).isTrue();
	}

	@Test
	void forwardWhenHttpsUpstreamsCertificateIsNotTrustedThenBothPortsAnswer502AndNothingIsSent() {
		assertThat(node.http().get("/rest/V1/untrusted/x").status()).isEqualTo(502);
		untilForwardedFromLoop("untrusted", "/rest/V1/untrusted/x", (answer) -> {
			assertThat(answer.status()).isEqualTo(502);
			assertThat(answer.body()).contains("cannot be reached");
		});
		assertThat(untrusted.requests).as("no request passed an unverified TLS connection").isZero();
	}

	@Test
	void forwardWhenHttpsUpstreamsCertificateIsInItsCaFileThenBothPortsForwardOverTls() {
		Http.Response onTomcat = node.http().get("/rest/V1/private-ca/x");
		assertThat(onTomcat.status()).as(onTomcat.body()).isEqualTo(200);
		assertThat(onTomcat.body()).isEqualTo("{\"tls\":\"/V1/private-ca/x\"}");
		untilForwardedFromLoop("private-ca", "/rest/V1/private-ca/x", (answer) -> {
			assertThat(answer.status()).as(answer.body()).isEqualTo(200);
			assertThat(answer.body()).isEqualTo(onTomcat.body());
		});
	}

	@Test
	void forwardWhenCaFileTrustsTheCertificateButItNamesAnotherHostThenBothPorts502() {
		// the certificate names localhost only: reached at 127.0.0.1, host name verification still refuses it
		int before = privateCa.requests;
		assertThat(node.http().get("/rest/V1/private-ca-by-ip/x").status()).isEqualTo(502);
		for (int i = 0; i < 5; i++) {
			assertThat(new Http(loop).get("/rest/V1/private-ca-by-ip/x").status()).isEqualTo(502);
		}
		assertThat(privateCa.requests).as("nothing sent over an unverified connection").isEqualTo(before);
	}

	private static double forwards(MeterRegistry registry, String upstream, String thread) {
		io.micrometer.core.instrument.Counter counter = registry.find("keyway.upstream.forwards")
			.tag("upstream", upstream)
			.tag("thread", thread)
			.counter();
		return (counter == null) ? 0 : counter.count();
	}

	@Test
	void usableWhenUpstreamNamedByAddressThenAtOnceOverHttpAndTls() {
		assertThat(usable("http://127.0.0.1:9000")).isTrue();
		assertThat(usable("http://[::1]:9000")).isTrue();
		assertThat(usable("http://10.1.2.3")).isTrue();
		assertThat(usable("https://127.0.0.1:9443")).isTrue();
		assertThat(usable("ftp://127.0.0.1")).isFalse();
	}

	private static Upstream upstream(String url) {
		return new Upstream("u", URI.create(url), Duration.ofSeconds(1), Duration.ofSeconds(1), null, false, List.of(),
				"test", null, null);
	}

	private static boolean usable(String url) {
		try (LoopUpstream loopUpstream = new LoopUpstream(null, upstream(url), null, null)) {
			return loopUpstream.usable();
		}
	}

	record Answer(int status, Map<String, String> headers, String body) {
	}

	/** Sends one request on the connection and reads its answer (by length or chunks). */
	private static Answer send(Socket socket, String request) throws IOException {
		socket.setSoTimeout(5000);
		socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
		socket.getOutputStream().flush();
		InputStream in = new BufferedInputStream(socket.getInputStream(), 1);
		String status = line(in);
		Map<String, String> headers = new java.util.HashMap<>();
		for (String header = line(in); !header.isEmpty(); header = line(in)) {
			int colon = header.indexOf(':');
			headers.put(header.substring(0, colon).toLowerCase(Locale.ROOT), header.substring(colon + 1).strip());
		}
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		if (headers.containsKey("content-length")) {
			body.write(in.readNBytes(Integer.parseInt(headers.get("content-length"))));
		}
		else if ("chunked".equals(headers.get("transfer-encoding"))) {
			for (int size = Integer.parseInt(line(in), 16); size > 0; size = Integer.parseInt(line(in), 16)) {
				body.write(in.readNBytes(size));
				line(in);
			}
			line(in);
		}
		return new Answer(Integer.parseInt(status.split(" ")[1]), headers, body.toString(StandardCharsets.UTF_8));
	}

	private static String line(InputStream in) throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) {
			line.write(b);
		}
		return line.toString(StandardCharsets.ISO_8859_1).stripTrailing();
	}

}
