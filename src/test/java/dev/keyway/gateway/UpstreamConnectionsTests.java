package dev.keyway.gateway;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.message.BasicClassicHttpRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UpstreamConnectionsTests {

	/** A raw HTTP/1.1 upstream that counts its connections; {@code /big} announces 10 MB and sends 5 bytes. */
	private ServerSocket server;

	private final AtomicInteger accepted = new AtomicInteger();

	private final List<String> requestLines = new CopyOnWriteArrayList<>();

	private UpstreamConnections connections;

	@BeforeEach
	void start() throws IOException {
		this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		Thread acceptor = new Thread(() -> {
			while (!this.server.isClosed()) {
				try {
					Socket socket = this.server.accept();
					this.accepted.incrementAndGet();
					Thread connection = new Thread(() -> serve(socket));
					connection.setDaemon(true);
					connection.start();
				}
				catch (IOException ex) {
					return;
				}
			}
		});
		acceptor.setDaemon(true);
		acceptor.start();
		this.connections = new UpstreamConnections("test", URI.create("http://127.0.0.1:" + this.server.getLocalPort()),
				Duration.ofSeconds(2), Duration.ofSeconds(2));
	}

	private void serve(Socket socket) {
		try (socket) {
			BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
			OutputStream out = socket.getOutputStream();
			for (String line = in.readLine(); line != null; line = in.readLine()) {
				this.requestLines.add(line);
				while (!in.readLine().isEmpty()) {
					// headers: the requests here have no body
				}
				if (line.startsWith("GET /big ")) {
					out.write("HTTP/1.1 200 OK\r\nContent-Length: 10485760\r\n\r\nstart".getBytes(StandardCharsets.ISO_8859_1));
					out.flush();
					continue;
				}
				out.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.ISO_8859_1));
				out.flush();
			}
		}
		catch (IOException ex) {
			// the client closed the connection
		}
	}

	@AfterEach
	void stop() throws IOException {
		this.connections.close();
		this.server.close();
	}

	private String exchange(String path) throws IOException {
		try (UpstreamConnections.Exchange exchange = this.connections
			.send(new BasicClassicHttpRequest("GET", this.connections.target(), path))) {
			ClassicHttpResponse response = exchange.response();
			String body = new String(response.getEntity().getContent().readAllBytes(), StandardCharsets.UTF_8);
			exchange.completed();
			return response.getCode() + " " + body;
		}
	}

	@Test
	void sendWhenEveryAnswerIsReadToItsEndThenOneConnectionServesEveryCall() throws IOException {
		for (int i = 0; i < 5; i++) {
			assertThat(exchange("/V1/item?i=" + i)).isEqualTo("200 ok");
		}
		assertThat(this.accepted).hasValue(1);
		assertThat(this.requestLines).containsExactly("GET /V1/item?i=0 HTTP/1.1", "GET /V1/item?i=1 HTTP/1.1",
				"GET /V1/item?i=2 HTTP/1.1", "GET /V1/item?i=3 HTTP/1.1", "GET /V1/item?i=4 HTTP/1.1");
	}

	/** Draining the announced 10 MB that never come would block until the 2-minute read timeout. */
	@Test
	@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
	void closeWhenTheAnswerWasNotReadToItsEndThenTheConnectionIsDroppedNotDrained() throws IOException {
		this.connections.close();
		this.connections = new UpstreamConnections("patient", URI.create("http://127.0.0.1:" + this.server.getLocalPort()),
				Duration.ofSeconds(2), Duration.ofMinutes(2));
		try (UpstreamConnections.Exchange exchange = this.connections
			.send(new BasicClassicHttpRequest("GET", this.connections.target(), "/big"))) {
			InputStream body = exchange.response().getEntity().getContent();
			assertThat(body.readNBytes(5)).asString(StandardCharsets.UTF_8).isEqualTo("start");
			// the client went away here: the exchange is closed without completed()
		}
		assertThat(exchange("/V1/item")).isEqualTo("200 ok");
		assertThat(this.accepted).as("the unfinished connection is not reused").hasValue(2);
	}

	@Test
	void sendWhenNothingListensThenTheFailureIsAnIoExceptionAndNoConnectionIsKept() throws IOException {
		int port;
		try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			port = closed.getLocalPort();
		}
		try (UpstreamConnections nowhere = new UpstreamConnections("nowhere", URI.create("http://127.0.0.1:" + port),
				Duration.ofSeconds(1), Duration.ofSeconds(1))) {
			assertThatThrownBy(() -> nowhere.send(new BasicClassicHttpRequest("GET", nowhere.target(), "/V1/item")))
				.isInstanceOf(IOException.class)
				.isNotInstanceOf(InterruptedIOException.class);
		}
	}

	@Test
	void sendWhenTheUpstreamIsHttpsThenTheConnectionStartsWithATlsHandshake() throws Exception {
		try (ServerSocket tls = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
				UpstreamConnections secure = new UpstreamConnections("secure",
						URI.create("https://127.0.0.1:" + tls.getLocalPort()), Duration.ofSeconds(2), Duration.ofSeconds(2))) {
			java.util.concurrent.CompletableFuture<Integer> first = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
				try (Socket socket = tls.accept()) {
					return socket.getInputStream().read();
				}
				catch (IOException ex) {
					return -2;
				}
			});
			assertThatThrownBy(() -> secure.send(new BasicClassicHttpRequest("GET", secure.target(), "/V1/item")))
				.isInstanceOf(IOException.class);
			assertThat(first.get(10, java.util.concurrent.TimeUnit.SECONDS)).as("a TLS handshake record, not \"GET\"")
				.isEqualTo(0x16);
		}
	}


	@Test
	void sendWhenTheTlsHandshakeNeverEndsThenConnectTimedOutWithinTheConnectTimeout() throws Exception {
		try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
				UpstreamConnections secure = new UpstreamConnections("silent",
						URI.create("https://127.0.0.1:" + silent.getLocalPort()), Duration.ofMillis(700),
						Duration.ofSeconds(30))) {
			java.util.concurrent.CompletableFuture.runAsync(() -> {
				try (Socket socket = silent.accept()) {
					Thread.sleep(10_000);
				}
				catch (IOException | InterruptedException ex) {
					// the test ended
				}
			});
			long start = System.nanoTime();
			assertThatThrownBy(() -> secure.send(new BasicClassicHttpRequest("GET", secure.target(), "/V1/item")))
				.as("the handshake counts in the connect timeout, as on the event loop's path")
				.isInstanceOf(ConnectTimedOut.class);
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
		}
	}

}
