package dev.keyway.gateway;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;

/**
 * A small real upstream on loopback (the JDK's HttpServer) that records every request it receives and
 * answers with what it saw; {@code /V1/erp/slow} answers after two seconds.
 */
final class RecordingUpstream implements AutoCloseable {

	/** One request as the upstream received it. */
	record Received(String method, String pathAndQuery, Headers headers, String body) {

		String header(String name) {
			return this.headers.getFirst(name);
		}

	}

	private final HttpServer server;

	private final List<Received> received = new CopyOnWriteArrayList<>();

	RecordingUpstream() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.server.setExecutor(Executors.newCachedThreadPool());
		this.server.createContext("/", (exchange) -> {
			String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
			String uri = exchange.getRequestURI().getRawPath()
					+ ((exchange.getRequestURI().getRawQuery() != null) ? "?" + exchange.getRequestURI().getRawQuery() : "");
			this.received.add(new Received(exchange.getRequestMethod(), uri, exchange.getRequestHeaders(), body));
			if (uri.startsWith("/V1/erp/slow")) {
				try {
					Thread.sleep(2000);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
			byte[] answer = ("{\"upstream\":\"" + exchange.getRequestMethod() + " " + uri + "\",\"body\":"
					+ (body.isEmpty() ? "null" : body) + "}").getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().add("Content-Type", "application/json");
			exchange.getResponseHeaders().add("X-Upstream", "erp");
			exchange.getResponseHeaders().add("Keep-Alive", "timeout=5");
			exchange.sendResponseHeaders(201, answer.length);
			exchange.getResponseBody().write(answer);
			exchange.close();
		});
		this.server.start();
	}

	String url() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	List<Received> received() {
		return this.received;
	}

	/** The requests received for a path (and query) prefix. */
	List<Received> receivedFor(String prefix) {
		return this.received.stream().filter((r) -> r.pathAndQuery().startsWith(prefix)).toList();
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

	static Map<String, String> none() {
		return Map.of();
	}

}
