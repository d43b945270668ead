package dev.keyway.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A third party for handshake tests: an HTTP server (the JDK's) with a callback URL that records
 * every credentials post, and an identity link URL that answers a small page.
 */
public final class FakeThirdParty implements AutoCloseable {

	/** One received credentials post. */
	public record Post(String contentType, String rawBody, Map<String, String> form) {

		public String get(String name) {
			return this.form.get(name);
		}

	}

	private final HttpServer server;

	private final LinkedBlockingQueue<Post> posts = new LinkedBlockingQueue<>();

	private final List<String> identityLinkRequests = new CopyOnWriteArrayList<>();

	private volatile int callbackStatus = 200;

	private FakeThirdParty(HttpServer server) {
		this.server = server;
	}

	public static FakeThirdParty start() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			FakeThirdParty party = new FakeThirdParty(server);
			server.createContext("/callback", party::callback);
			server.createContext("/link", party::link);
			server.start();
			return party;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public String callbackUrl() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/callback";
	}

	public String identityLinkUrl() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/link";
	}

	/** The status the callback answers with (the response is ignored by Keyway anyway). */
	public void answerCallbackWith(int status) {
		this.callbackStatus = status;
	}

	public Post awaitPost(Duration timeout) {
		try {
			Post post = this.posts.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
			if (post == null) {
				throw new AssertionError("No credentials were posted to " + callbackUrl() + " within " + timeout);
			}
			return post;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	public List<String> identityLinkRequests() {
		return this.identityLinkRequests;
	}

	private void callback(HttpExchange exchange) throws IOException {
		byte[] body;
		try (InputStream in = exchange.getRequestBody()) {
			body = in.readAllBytes();
		}
		String raw = new String(body, StandardCharsets.UTF_8);
		this.posts.add(new Post(exchange.getRequestHeaders().getFirst("Content-Type"), raw, parse(raw)));
		exchange.sendResponseHeaders(this.callbackStatus, -1);
		exchange.close();
	}

	private void link(HttpExchange exchange) throws IOException {
		this.identityLinkRequests.add(exchange.getRequestURI().toString());
		byte[] page = "<html><body>Linked</body></html>".getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", "text/html");
		exchange.sendResponseHeaders(200, page.length);
		exchange.getResponseBody().write(page);
		exchange.close();
	}

	static Map<String, String> parse(String form) {
		Map<String, String> values = new LinkedHashMap<>();
		for (String pair : form.split("&")) {
			if (!pair.isEmpty()) {
				int eq = pair.indexOf('=');
				values.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
						URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
			}
		}
		return values;
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
