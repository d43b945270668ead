package dev.keyway.integration;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.springframework.stereotype.Component;

/**
 * Posts the credentials to a third party's callback URL (SPEC 2.4 step 2) with the JDK's HTTP
 * client. The response's status and body are ignored: only a transport failure (refused, DNS,
 * timeout, unreadable or no response) fails. Redirects are followed by hand, up to the configured
 * number, because the JDK client has no per-request redirect limit: 307/308 repeat the POST,
 * 301/302/303 continue with a GET, as browsers and Magento's client do.
 */
@Component
class CredentialsPoster {

	private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

	/** Made on first use: building it loads the TLS stack, which start-up does not need. */
	private volatile HttpClient client;

	/**
	 * @throws IOException when the post did not reach the third party or no readable response came
	 * back within {@code timeout}
	 */
	void post(String url, Map<String, String> form, Duration timeout, int maxRedirects) throws IOException {
		long deadline = System.nanoTime() + timeout.toNanos();
		URI target = URI.create(url);
		String method = "POST";
		for (int hop = 0;; hop++) {
			HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(remaining(deadline));
			if ("POST".equals(method)) {
				request.header("Content-Type", "application/x-www-form-urlencoded")
					.POST(HttpRequest.BodyPublishers.ofString(encode(form)));
			}
			else {
				request.GET();
			}
			HttpResponse<Void> response = send(request.build(), deadline);
			String location = response.headers().firstValue("Location").orElse(null);
			if (hop >= maxRedirects || !REDIRECTS.contains(response.statusCode()) || location == null) {
				return;
			}
			target = target.resolve(location);
			if (!"http".equalsIgnoreCase(target.getScheme()) && !"https".equalsIgnoreCase(target.getScheme())) {
				return;
			}
			if (response.statusCode() != 307 && response.statusCode() != 308) {
				method = "GET";
			}
		}
	}

	private HttpResponse<Void> send(HttpRequest request, long deadline) throws IOException {
		CompletableFuture<HttpResponse<Void>> future = client().sendAsync(request,
				HttpResponse.BodyHandlers.discarding());
		try {
			return future.get(remaining(deadline).toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException ex) {
			future.cancel(true);
			throw new IOException("no response within the credentials POST timeout", ex);
		}
		catch (ExecutionException ex) {
			Throwable cause = ex.getCause();
			throw (cause instanceof IOException io) ? io : new IOException(String.valueOf(cause), cause);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			future.cancel(true);
			throw new IOException("interrupted while posting credentials", ex);
		}
	}

	private HttpClient client() {
		HttpClient current = this.client;
		if (current == null) {
			synchronized (this) {
				current = this.client;
				if (current == null) {
					current = HttpClient.newBuilder()
						.followRedirects(HttpClient.Redirect.NEVER)
						.connectTimeout(Duration.ofSeconds(30))
						.build();
					this.client = current;
				}
			}
		}
		return current;
	}

	private static Duration remaining(long deadline) throws IOException {
		long left = deadline - System.nanoTime();
		if (left <= 0) {
			throw new IOException("no response within the credentials POST timeout");
		}
		return Duration.ofNanos(left);
	}

	static String encode(Map<String, String> form) {
		StringJoiner body = new StringJoiner("&");
		form.forEach((name, value) -> body.add(URLEncoder.encode(name, StandardCharsets.UTF_8) + "="
				+ URLEncoder.encode(value, StandardCharsets.UTF_8)));
		return body.toString();
	}

}
