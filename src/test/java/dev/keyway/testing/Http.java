package dev.keyway.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/** A small HTTP client for tests against the running server (the JDK's client; no redirects followed). */
public final class Http {

	/** An answer: status, body, headers. */
	public record Response(int status, String body, Map<String, java.util.List<String>> headers) {

		public String header(String name) {
			return this.headers.entrySet()
				.stream()
				.filter((entry) -> entry.getKey().equalsIgnoreCase(name))
				.findFirst()
				.map((entry) -> entry.getValue().get(0))
				.orElse(null);
		}

	}

	private static final HttpClient CLIENT = HttpClient.newBuilder()
		.followRedirects(HttpClient.Redirect.NEVER)
		.connectTimeout(Duration.ofSeconds(10))
		.build();

	private final String base;

	public Http(int port) {
		this.base = "http://localhost:" + port;
	}

	public String url(String path) {
		return this.base + path;
	}

	public Response get(String path, String... headers) {
		return send("GET", path, null, headers);
	}

	public Response delete(String path, String... headers) {
		return send("DELETE", path, null, headers);
	}

	public Response post(String path, String body, String... headers) {
		return send("POST", path, body, headers);
	}

	public Response put(String path, String body, String... headers) {
		return send("PUT", path, body, headers);
	}

	/** Sends a request; {@code headers} are name, value pairs. JSON content type unless given. */
	public Response send(String method, String path, String body, String... headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(path.startsWith("http") ? path : url(path)))
			.timeout(Duration.ofSeconds(30))
			.method(method, (body != null) ? HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)
					: HttpRequest.BodyPublishers.noBody());
		boolean contentType = false;
		for (int i = 0; i + 1 < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
			contentType |= headers[i].equalsIgnoreCase("Content-Type");
		}
		if (body != null && !contentType) {
			request.header("Content-Type", "application/json");
		}
		try {
			HttpResponse<String> response = CLIENT.send(request.build(),
					HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
			return new Response(response.statusCode(), response.body(), response.headers().map());
		}
		catch (IOException ex) {
			throw new IllegalStateException(method + " " + path + " failed: " + ex, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
