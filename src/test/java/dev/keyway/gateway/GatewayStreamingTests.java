package dev.keyway.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

import dev.keyway.KeywayApplication;
import dev.keyway.testing.Eventually;
import dev.keyway.testing.KeywayTestContextCustomizerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

/**
 * 100 MB streamed both ways through the reverse proxy of a node whose heap cannot hold it (issue 15):
 * the node runs in its own JVM with {@code -Xmx128m} and exits on an OutOfMemoryError, so a body held
 * in memory anywhere on the way fails the test; the max body size still applies (413). The database
 * plays no part, so this runs on H2 only.
 */
@DisabledIfSystemProperty(named = "keyway-test.database", matches = "postgres")
class GatewayStreamingTests {

	static final long HUNDRED_MB = 100L * 1024 * 1024;

	static final String HEAP = "-Xmx128m";

	static final int STREAMS_PER_ADDRESS = 2;

	static HttpServer upstream;

	static Process node;

	static Path log;

	static int port;

	static final Pattern STARTED = Pattern.compile("Tomcat started on port (\\d+)");

	/** The event-loop listener's port (issue 14.1: the test configuration opens it), as the node logs it. */
	static final Pattern LOOP = Pattern.compile("Event-loop listener on \\S*:(\\d+)");

	static int loopPort;

	static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	@BeforeAll
	static void start() throws Exception {
		upstream = streamingUpstream();
		Path file = Files.createTempFile("gateway-stream-", ".yml");
		Files.writeString(file, """
				upstreams:
				  - name: big
				    url: http://127.0.0.1:%d
				    read_timeout: 30s
				    routes:
				      - {method: GET,  path: "/V1/big/down", resources: anonymous}
				      - {method: POST, path: "/V1/big/up",   resources: anonymous}
				      - {method: GET,  path: "/V1/big/broken", resources: anonymous}
				""".formatted(upstream.getAddress().getPort()));
		byte[] key = new byte[32];
		new SecureRandom().nextBytes(key);
		log = Files.createTempFile("gateway-stream-node-", ".log");
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				// C1 only and the serial collector, as in the surefire forks (pom.xml): a cold node starts in
				// about half the CPU time; the heap limit is the same
				HEAP, "-XX:+ExitOnOutOfMemoryError", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
				KeywayApplication.class.getName(), "--server.port=0",
				"--spring.datasource.url=jdbc:h2:mem:keyway-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
				"--spring.datasource.username=sa", "--spring.datasource.password=",
				"--keyway.crypto.master-keys=" + Base64.getEncoder().encodeToString(key),
				"--keyway.admin.username=" + KeywayTestContextCustomizerFactory.ADMIN_USERNAME,
				"--keyway.admin.password=" + KeywayTestContextCustomizerFactory.ADMIN_PASSWORD,
				"--keyway.data-dir=" + Files.createTempDirectory("keyway-stream-"),
				"--keyway.gateway.file=" + file, "--keyway.webapi.max-body-size=" + HUNDRED_MB + "B",
				// a small per-address cap, for the trickled uploads' test (the other tests upload one at a time)
				"--keyway.server.event-loop.max-streamed-bodies-per-address=" + STREAMS_PER_ADDRESS));
		node = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		// the node picks its own port and logs it: a port chosen here and handed over could be taken by
		// another server in between, which then answers in the node's place
		Eventually.within(Duration.ofSeconds(180), "the streaming node logging its port", () -> {
			assertThat(node.isAlive()).as("node stopped: " + tail()).isTrue();
			Matcher started = STARTED.matcher(output());
			if (started.find()) {
				port = Integer.parseInt(started.group(1));
			}
			Matcher loop = LOOP.matcher(output());
			if (loop.find()) {
				loopPort = Integer.parseInt(loop.group(1));
			}
			return port > 0 && loopPort > 0;
		});
		Eventually.within(Duration.ofSeconds(60), "the streaming node answering on " + port, () -> {
			assertThat(node.isAlive()).as("node stopped: " + tail()).isTrue();
			try {
				return send(HttpRequest.newBuilder(uri("/rest/V1/big/nothing")).GET()).statusCode() == 404;
			}
			catch (IOException ex) {
				return false;
			}
		});
	}

	@AfterAll
	static void stop() throws InterruptedException {
		if (node != null) {
			node.destroy();
			if (!node.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
				node.destroyForcibly();
			}
		}
		if (upstream != null) {
			upstream.stop(0);
		}
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "tomcat", "event-loop" })
	void proxyWhenHundredMegabytesUploadedThenUpstreamReceivesAllWithNodeHeapBelowIt(String listener) throws Exception {
		HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(uri(listener, "/rest/V1/big/up"))
			.header("Content-Type", "application/octet-stream")
			.POST(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> zeros(HUNDRED_MB)),
					HUNDRED_MB))
			.build(), HttpResponse.BodyHandlers.ofString());

		assertThat(response.statusCode()).as(response.body() + tail()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("received " + HUNDRED_MB);
		assertThat(node.isAlive()).as(tail()).isTrue();
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "tomcat", "event-loop" })
	void proxyWhenUpstreamAnswersHundredMegabytesThenClientReceivesAllWithNodeHeapBelowIt(String listener) throws Exception {
		HttpResponse<InputStream> response = CLIENT.send(HttpRequest.newBuilder(uri(listener, "/rest/V1/big/down")).GET().build(),
				HttpResponse.BodyHandlers.ofInputStream());

		long received = 0;
		try (InputStream in = response.body()) {
			byte[] buffer = new byte[64 * 1024];
			for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
				received += n;
			}
		}

		assertThat(response.statusCode()).as(tail()).isEqualTo(200);
		assertThat(received).isEqualTo(HUNDRED_MB);
		assertThat(node.isAlive()).as(tail()).isTrue();
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "tomcat", "event-loop" })
	void proxyWhenUpstreamBreaksOffMidAnswerThenClientSeesTheAnswerIncompleteNotWhole(String listener) throws Exception {
		HttpResponse<InputStream> response = CLIENT.send(HttpRequest.newBuilder(uri(listener, "/rest/V1/big/broken")).GET()
			.build(), HttpResponse.BodyHandlers.ofInputStream());

		assertThat(response.statusCode()).isEqualTo(200);
		assertThatIOException().isThrownBy(() -> {
			try (InputStream in = response.body()) {
				in.readAllBytes();
			}
		});
		assertThat(node.isAlive()).as(tail()).isTrue();
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "tomcat", "event-loop" })
	void proxyWhenUploadOneByteOverMaxBodySizeThen413(String listener) throws Exception {
		HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(uri(listener, "/rest/V1/big/up"))
			.header("Content-Type", "application/octet-stream")
			.POST(HttpRequest.BodyPublishers.fromPublisher(
					HttpRequest.BodyPublishers.ofInputStream(() -> zeros(HUNDRED_MB + 1)), HUNDRED_MB + 1))
			.build(), HttpResponse.BodyHandlers.ofString());

		assertThat(response.statusCode()).as(response.body() + tail()).isEqualTo(413);
		assertThat(response.body()).contains("keyway.webapi.max-body-size");
	}

	private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException {
		try {
			return CLIENT.send(request.timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException(ex);
		}
	}

	private static URI uri(String path) {
		return URI.create("http://127.0.0.1:" + port + path);
	}

	/** Tomcat's port, or the event-loop listener's, whose streamed bodies and answers must hold as little. */
	private static URI uri(String listener, String path) {
		return URI.create("http://127.0.0.1:" + ("tomcat".equals(listener) ? port : loopPort) + path);
	}

	/** A stream of {@code size} zero bytes, generated as it is read (never held). */
	private static InputStream zeros(long size) {
		return new InputStream() {

			private long left = size;

			@Override
			public int read() {
				if (this.left == 0) {
					return -1;
				}
				this.left--;
				return 0;
			}

			@Override
			public int read(byte[] buffer, int offset, int length) {
				if (this.left == 0) {
					return -1;
				}
				int n = (int) Math.min(length, this.left);
				java.util.Arrays.fill(buffer, offset, offset + n, (byte) 0);
				this.left -= n;
				return n;
			}

		};
	}

	/** An upstream that counts what it receives and answers 100 MB generated as it is written. */
	@Test
	void proxyWhenAddressTricklesTheMostUploadsThenOneMoreRefusedUntilOneEnds() throws Exception {
		// the forward reads a trickled body on a second worker, after the call's first worker is free: the
		// address's share is held until the body is over, not until the first worker returns
		List<Socket> held = new ArrayList<>();
		try {
			for (int i = 0; i < STREAMS_PER_ADDRESS; i++) {
				held.add(trickle());
			}
			Thread.sleep(500);
			Socket refused = trickle();
			held.add(refused);
			refused.setSoTimeout(10_000);
			String answer = new String(refused.getInputStream().readNBytes(4096), StandardCharsets.ISO_8859_1);
			assertThat(answer).startsWith("HTTP/1.1 503 ").contains("has " + STREAMS_PER_ADDRESS
					+ " (keyway.server.event-loop.max-streamed-bodies-per-address)");
			for (int i = 0; i < STREAMS_PER_ADDRESS; i++) {
				assertThat(held.get(i).getInputStream().available()).as("a call within the cap still streams").isZero();
			}

			// one upload ends: the upstream answers it, and the address may stream one more
			held.get(0).getOutputStream().write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
			held.get(0).setSoTimeout(10_000);
			assertThat(new String(held.get(0).getInputStream().readNBytes(12), StandardCharsets.ISO_8859_1))
				.isEqualTo("HTTP/1.1 200");
			Eventually.within(Duration.ofSeconds(5), "a new upload let in once one has ended", () -> letIn(held));
		}
		finally {
			for (Socket socket : held) {
				socket.close();
			}
		}
	}

	@Test
	void proxyWhenAddressReadsTheMostAnswersSlowlyThenOneMoreRefusedUntilOneEnds() throws Exception {
		// each answer is written by a worker that waits for its client to read: the address's share is held from the
		// worker's first wait until it has done, so a client reading nothing cannot hold every worker
		List<Socket> held = new ArrayList<>();
		try {
			for (int i = 0; i < STREAMS_PER_ADDRESS; i++) {
				held.add(unreadDownload());
			}
			// once both workers have filled their connections' buffers and wait
			String answer = refusedDownload();
			assertThat(answer).startsWith("HTTP/1.1 503 ")
				.contains("Too many answers to one address are being written at once: \\\"127.0.0.1\\\" has "
						+ STREAMS_PER_ADDRESS + " (keyway.server.event-loop.max-streamed-bodies-per-address)")
				.contains("Connection: close");

			// one slow client goes away: its worker ends, and the address may be answered one more
			held.get(0).close();
			held.add(unreadDownload());
			assertThat(output()).contains("The answer to GET \"/rest/V1/big/down\" was refused: Too many answers");
		}
		finally {
			for (Socket socket : held) {
				socket.close();
			}
		}
		// the next test's download must not find the shares of these still held: once one is let in, they are back
		unreadDownload().close();
		Thread.sleep(500);
	}

	/**
	 * The answer of a download refused by the cap, up to the closing of its connection: tried again for up to 10 s
	 * while the workers of the address's unread downloads have not yet had to wait (each try let in is closed).
	 */
	private static String refusedDownload() throws IOException, InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (true) {
			try (Socket socket = download()) {
				String status = new String(socket.getInputStream().readNBytes(12), StandardCharsets.ISO_8859_1);
				if (status.equals("HTTP/1.1 503")) {
					// the whole answer, then the end of the connection (a 10 s read timeout otherwise)
					return status + new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
				}
				assertThat(System.nanoTime()).as("a download refused within 10 s; the last began " + status)
					.isLessThan(deadline);
			}
			Thread.sleep(100);
		}
	}

	/**
	 * A download begun on the listener's port whose answer has begun to stream, and which reads no more: tried again
	 * for up to 10 s while the address's earlier answers (other tests', a closed one's) are still ending.
	 */
	private static Socket unreadDownload() throws IOException, InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (true) {
			Socket socket = download();
			String status = new String(socket.getInputStream().readNBytes(12), StandardCharsets.ISO_8859_1);
			if (status.equals("HTTP/1.1 200")) {
				return socket;
			}
			socket.close();
			assertThat(System.nanoTime()).as("an answer let in within 10 s; the last began " + status).isLessThan(deadline);
			Thread.sleep(100);
		}
	}

	/** A GET of the upstream's 100 MB answer on the listener's port. */
	private static Socket download() throws IOException {
		Socket socket = new Socket("127.0.0.1", loopPort);
		socket.setSoTimeout(10_000);
		socket.setReceiveBufferSize(4096);
		socket.getOutputStream().write(("GET /rest/V1/big/down HTTP/1.1\r\nHost: 127.0.0.1:" + loopPort + "\r\n\r\n")
			.getBytes(StandardCharsets.US_ASCII));
		socket.getOutputStream().flush();
		return socket;
	}

	/** Whether one more trickled upload is still waiting for its body 300 ms after it began (not refused). */
	private static boolean letIn(List<Socket> held) {
		try {
			Socket next = trickle();
			held.add(next);
			Thread.sleep(300);
			return next.getInputStream().available() == 0;
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** A chunked upload to the gateway route on the listener's port whose body has begun and does not end. */
	private static Socket trickle() throws IOException {
		Socket socket = new Socket("127.0.0.1", loopPort);
		socket.getOutputStream().write(("POST /rest/V1/big/up HTTP/1.1\r\nHost: 127.0.0.1:" + loopPort
				+ "\r\nContent-Type: application/octet-stream\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n")
			.getBytes(StandardCharsets.US_ASCII));
		socket.getOutputStream().flush();
		return socket;
	}

	private static HttpServer streamingUpstream() throws IOException {
		HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		server.setExecutor(Executors.newCachedThreadPool());
		server.createContext("/V1/big/up", (exchange) -> {
			long count = 0;
			try (InputStream in = exchange.getRequestBody()) {
				byte[] buffer = new byte[64 * 1024];
				for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
					count += n;
				}
			}
			byte[] answer = ("received " + count).getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(200, answer.length);
			exchange.getResponseBody().write(answer);
			exchange.close();
		});
		server.createContext("/V1/big/down", (exchange) -> {
			exchange.getResponseHeaders().add("Content-Type", "application/octet-stream");
			exchange.sendResponseHeaders(200, HUNDRED_MB);
			try (InputStream in = zeros(HUNDRED_MB); OutputStream out = exchange.getResponseBody()) {
				in.transferTo(out);
			}
			exchange.close();
		});
		server.createContext("/V1/big/broken", (exchange) -> {
			// announces a megabyte, sends a fifth of it, then the connection breaks
			exchange.sendResponseHeaders(200, 1024 * 1024);
			OutputStream out = exchange.getResponseBody();
			out.write(new byte[200 * 1024]);
			out.flush();
			throw new IOException("the upstream breaks off");
		});
		server.start();
		return server;
	}

	/** The end of the node's output, for failure messages. */
	private static String tail() {
		try {
			String text = Files.readString(log);
			return "\nnode output:\n" + text.substring(Math.max(0, text.length() - 3000));
		}
		catch (IOException ex) {
			return "\n(node output unreadable: " + ex + ")";
		}
	}

	private static String output() {
		try {
			return Files.readString(log);
		}
		catch (IOException ex) {
			return "";
		}
	}

}
