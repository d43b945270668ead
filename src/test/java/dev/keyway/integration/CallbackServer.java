package dev.keyway.integration;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

/**
 * A third party's callback URL for tests: the JDK's HTTP server on a free local port that records
 * every request. Handlers answer per path; unknown paths get 200.
 */
final class CallbackServer implements AutoCloseable {

	/** One request as received. */
	record Received(String method, String path, String contentType, String body, String authorization) {

		/** The form fields of the body, in the order sent. */
		Map<String, String> form() {
			Map<String, String> fields = new LinkedHashMap<>();
			if (this.body.isEmpty()) {
				return fields;
			}
			for (String pair : this.body.split("&")) {
				int eq = pair.indexOf('=');
				fields.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
						URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
			}
			return fields;
		}

	}

	private final HttpServer server;

	private final List<Received> received = new CopyOnWriteArrayList<>();

	/** Released when the test ends, so that handlers that never answer stop waiting. */
	private final CountDownLatch closing = new CountDownLatch(1);

	CallbackServer() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.setExecutor(Executors.newCachedThreadPool());
		this.server.createContext("/", (exchange) -> respond(exchange, 200, null));
		this.server.start();
	}

	int port() {
		return this.server.getAddress().getPort();
	}

	String url(String path) {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + path;
	}

	/** Answers {@code path} with {@code status}, and a Location header when {@code location} is set. */
	CallbackServer answer(String path, int status, String location) {
		this.server.createContext(path, (exchange) -> respond(exchange, status, location));
		return this;
	}

	/** Records requests to {@code path} but never answers them (until the server closes). */
	CallbackServer hang(String path) {
		this.server.createContext(path, (exchange) -> {
			record(exchange);
			try {
				this.closing.await(60, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			exchange.close();
		});
		return this;
	}

	CallbackServer handle(String path, HttpHandler handler) {
		this.server.createContext(path, handler);
		return this;
	}

	List<Received> received() {
		return new ArrayList<>(this.received);
	}

	List<Received> received(String path) {
		return this.received.stream().filter((request) -> request.path().equals(path)).toList();
	}

	private void respond(HttpExchange exchange, int status, String location) throws IOException {
		record(exchange);
		if (location != null) {
			exchange.getResponseHeaders().add("Location", location);
		}
		byte[] body = "ignored by Keyway".getBytes(StandardCharsets.UTF_8);
		exchange.sendResponseHeaders(status, body.length);
		exchange.getResponseBody().write(body);
		exchange.close();
	}

	private void record(HttpExchange exchange) throws IOException {
		try (InputStream in = exchange.getRequestBody()) {
			String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
			this.received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
					exchange.getRequestHeaders().getFirst("Content-Type"), body,
					exchange.getRequestHeaders().getFirst("Authorization")));
		}
	}

	@Override
	public void close() {
		this.closing.countDown();
		this.server.stop(0);
		((java.util.concurrent.ExecutorService) this.server.getExecutor()).shutdownNow();
	}

}
