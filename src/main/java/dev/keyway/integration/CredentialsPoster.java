package dev.keyway.integration;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.util.Timeout;

import dev.keyway.outbound.OutboundPolicy;
import dev.keyway.outbound.OutboundRefusedException;
import dev.keyway.outbound.PinnedDnsResolver;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Posts the credentials to a third party's callback URL (SPEC 2.4 step 2) with Apache HttpClient.
 * The response's status and body are ignored: only a transport failure (refused, DNS, timeout,
 * unreadable or no response) fails. Before anything connects, the host is resolved once and checked
 * against the {@link OutboundPolicy} (public addresses, plus what {@code keyway.callbacks.allowed-networks}
 * lists); the connections then go to exactly the checked addresses ({@link PinnedDnsResolver}), with
 * the host name kept for the Host header, TLS SNI and the certificate check. Redirects are followed
 * by hand, up to the configured number, and only within the callback URL's origin: 307/308 repeat
 * the POST, 301/302/303 continue with a GET; a redirect to another origin fails the post, so the
 * consumer secret and verifier are never re-sent to another server (docs/DECISIONS.md, "Outbound
 * calls").
 */
@Component
class CredentialsPoster {

	private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

	/** Without a charset parameter, as before: the body is percent-encoded ASCII. */
	private static final ContentType FORM = ContentType.create("application/x-www-form-urlencoded");

	private final OutboundPolicy policy;

	@Autowired
	CredentialsPoster(CallbackProperties properties) {
		this(properties.policy());
	}

	CredentialsPoster(OutboundPolicy policy) {
		this.policy = policy;
	}

	/**
	 * Checks {@code url} against the policy without posting, so that a refused URL is reported before
	 * the lifecycle changes anything.
	 * @throws OutboundRefusedException when the policy refuses the URL
	 * @throws IOException when the host does not resolve
	 */
	void check(String url) throws IOException {
		this.policy.check(URI.create(url));
	}

	/**
	 * @throws OutboundRefusedException when the URL (or a redirect) is refused: nothing was sent there
	 * @throws IOException when the post did not reach the third party or no readable response came
	 * back within {@code timeout}
	 */
	void post(String url, Map<String, String> form, Duration timeout, int maxRedirects) throws IOException {
		long deadline = System.nanoTime() + timeout.toNanos();
		URI origin = URI.create(url);
		PinnedDnsResolver dns = new PinnedDnsResolver(this.policy);
		dns.pin(origin);
		try (CloseableHttpClient client = client(dns)) {
			URI target = origin;
			boolean post = true;
			for (int hop = 0;; hop++) {
				HttpUriRequestBase request = post ? new HttpPost(target) : new HttpGet(target);
				if (post) {
					request.setEntity(new StringEntity(encode(form), FORM));
				}
				Duration left = remaining(deadline);
				request.setConfig(RequestConfig.custom()
					.setConnectionRequestTimeout(Timeout.of(left))
					.setResponseTimeout(Timeout.of(left))
					.build());
				Answer answer = send(client, request, deadline);
				if (hop >= maxRedirects || !REDIRECTS.contains(answer.status()) || answer.location() == null) {
					return;
				}
				URI next = target.resolve(answer.location());
				String scheme = String.valueOf(next.getScheme()).toLowerCase(Locale.ROOT);
				if (!scheme.equals("http") && !scheme.equals("https")) {
					return;
				}
				if (!sameOrigin(origin, next)) {
					throw new OutboundRefusedException("The callback URL " + shown(url) + " redirected (" + answer.status()
							+ ") to " + shown(next) + ", another origin; Keyway sends credentials to the callback "
							+ "URL's origin only. Set the callback URL to the final address.");
				}
				target = next;
				post = post && (answer.status() == 307 || answer.status() == 308);
			}
		}
	}

	/** Status and Location of one response, whose body was read and dropped. */
	private record Answer(int status, String location) {
	}

	private static Answer send(CloseableHttpClient client, HttpUriRequestBase request, long deadline)
			throws IOException {
		// The per-read timeouts do not bound a slow trickle of bytes: the deadline aborts the exchange.
		CompletableFuture<Void> abort = new CompletableFuture<>();
		abort.completeOnTimeout(null, deadline - System.nanoTime(), TimeUnit.NANOSECONDS)
			.thenRun(request::cancel);
		try {
			return client.execute(request, (response) -> {
				EntityUtils.consume(response.getEntity());
				Header location = response.getFirstHeader("Location");
				return new Answer(response.getCode(), (location != null) ? location.getValue() : null);
			});
		}
		catch (IOException ex) {
			if (request.isCancelled()) {
				throw new IOException("no response within the credentials POST timeout", ex);
			}
			throw ex;
		}
		finally {
			abort.cancel(false);
		}
	}

	/**
	 * One client per post: its connections know only the hosts pinned for this post, and nothing
	 * (connection, cookie, authentication) outlives it.
	 */
	private static CloseableHttpClient client(PinnedDnsResolver dns) {
		return HttpClients.custom()
			.setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
				.setDnsResolver(dns)
				.setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(Timeout.ofSeconds(30)).build())
				.build())
			.disableRedirectHandling()
			.disableAutomaticRetries()
			.disableCookieManagement()
			.disableAuthCaching()
			.disableContentCompression()
			.build();
	}

	/** RFC 6454 origin: scheme, host and port (default ports filled in). */
	private static boolean sameOrigin(URI a, URI b) {
		return a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost() != null && b.getHost() != null
				&& a.getHost().equalsIgnoreCase(b.getHost()) && port(a) == port(b);
	}

	private static int port(URI uri) {
		if (uri.getPort() >= 0) {
			return uri.getPort();
		}
		return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
	}

	private static Duration remaining(long deadline) throws IOException {
		long left = deadline - System.nanoTime();
		if (left <= 0) {
			throw new IOException("no response within the credentials POST timeout");
		}
		return Duration.ofNanos(left);
	}

	private static String shown(Object value) {
		String text = Objects.toString(value);
		return (text.length() <= 255) ? text : text.substring(0, 255) + "...";
	}

	static String encode(Map<String, String> form) {
		StringJoiner body = new StringJoiner("&");
		form.forEach((name, value) -> body.add(URLEncoder.encode(name, StandardCharsets.UTF_8) + "="
				+ URLEncoder.encode(value, StandardCharsets.UTF_8)));
		return body.toString();
	}

}
