package dev.keyway.integration;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

	/**
	 * The error of a post whose deadline passed (or whose answer did not come in time): recognised in the record
	 * ({@link CredentialsDelivery#timedOut}), since such a post may have reached the third party all the same.
	 */
	static final String TIMED_OUT = "no response within the credentials POST timeout";


	private static final Logger log = LoggerFactory.getLogger(CredentialsPoster.class);

	private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

	/** Without a charset parameter, as before: the body is percent-encoded ASCII. */
	private static final ContentType FORM = ContentType.create("application/x-www-form-urlencoded");

	private final OutboundPolicy policy;

	private final CredentialsDeliveries deliveries;

	private final Clock clock;

	@Autowired
	CredentialsPoster(CallbackProperties properties, CredentialsDeliveries deliveries, Clock clock) {
		this.policy = properties.policy();
		this.deliveries = deliveries;
		this.clock = clock;
	}

	/** A poster that records nothing (tests of the transport alone). */
	CredentialsPoster(OutboundPolicy policy) {
		this.policy = policy;
		this.deliveries = null;
		this.clock = Clock.systemUTC();
	}

	/**
	 * {@link #post}, with the attempt recorded for the integration (issue 16.5): its outcome, the
	 * final status, the error (bounded) and the duration; the metrics count it by outcome. A failure to
	 * record is logged, never the post's failure.
	 * @throws OutboundRefusedException as {@link #post}
	 * @throws IOException as {@link #post}
	 */
	void deliver(long integrationId, String url, Map<String, String> form, Duration timeout, int maxRedirects)
			throws IOException {
		Instant at = this.clock.instant();
		long start = System.nanoTime();
		try {
			int status = post(url, form, timeout, maxRedirects);
			record(integrationId, new CredentialsDelivery(at,
					(status >= 400) ? DeliveryOutcome.HTTP_ERROR : DeliveryOutcome.DELIVERED, status, null, millisSince(start)));
		}
		catch (IOException | RuntimeException ex) {
			record(integrationId, new CredentialsDelivery(at, outcomeOf(ex), null, ex.toString(), millisSince(start)));
			throw ex;
		}
	}

	/** The outcome of a failed post: the policy's refusal, a TLS failure anywhere in the causes, else transport. */
	static DeliveryOutcome outcomeOf(Exception failure) {
		if (failure instanceof OutboundRefusedException) {
			return DeliveryOutcome.REFUSED_BY_POLICY;
		}
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof SSLException) {
				return DeliveryOutcome.TLS_ERROR;
			}
		}
		return DeliveryOutcome.TRANSPORT_ERROR;
	}

	private void record(long integrationId, CredentialsDelivery delivery) {
		if (this.deliveries == null) {
			return;
		}
		try {
			this.deliveries.record(integrationId, delivery);
		}
		catch (RuntimeException ex) {
			log.warn("Recording the credentials POST of integration {} failed: {}", integrationId, ex.toString());
		}
	}

	private static long millisSince(long startNanos) {
		return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
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
	 * @return the status of the last answer (the response's status is otherwise ignored, SPEC 2.4)
	 */
	int post(String url, Map<String, String> form, Duration timeout, int maxRedirects) throws IOException {
		long deadline = System.nanoTime() + timeout.toNanos();
		URI given = URI.create(url);
		// user info in the URL (user:password@) is sent as Basic authentication, as Magento's HTTP client does,
		// to the callback URL's origin only; HttpClient 5 refuses a request URI that still holds it
		String basic = basic(given);
		URI origin = withoutUserInfo(given);
		PinnedDnsResolver dns = new PinnedDnsResolver(this.policy);
		dns.pin(origin);
		try (CloseableHttpClient client = client(dns)) {
			URI target = origin;
			boolean post = true;
			for (int hop = 0;; hop++) {
				HttpUriRequestBase request = post ? new HttpPost(target) : new HttpGet(target);
				if (basic != null) {
					request.setHeader("Authorization", basic);
				}
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
					return answer.status();
				}
				URI next = withoutUserInfo(target.resolve(answer.location()));
				String scheme = String.valueOf(next.getScheme()).toLowerCase(Locale.ROOT);
				if (!scheme.equals("http") && !scheme.equals("https")) {
					return answer.status();
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

	/** {@code Basic …} of a URL's user info (percent-decoded, UTF-8), or null when it has none. */
	static String basic(URI url) {
		String userInfo = url.getRawUserInfo();
		if (userInfo == null) {
			return null;
		}
		String decoded = java.net.URLDecoder.decode(userInfo.replace("+", "%2B"), StandardCharsets.UTF_8);
		return "Basic " + java.util.Base64.getEncoder().encodeToString(decoded.getBytes(StandardCharsets.UTF_8));
	}

	/** The URL without its user info (the rest exactly as written). */
	static URI withoutUserInfo(URI url) {
		if (url.getRawUserInfo() == null) {
			return url;
		}
		String authority = url.getRawAuthority();
		return URI.create(url.getScheme() + "://" + authority.substring(authority.lastIndexOf('@') + 1)
				+ ((url.getRawPath() != null) ? url.getRawPath() : "")
				+ ((url.getRawQuery() != null) ? "?" + url.getRawQuery() : ""));
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
				throw new IOException(TIMED_OUT, ex);
			}
			throw ex;
		}
		catch (IllegalStateException ex) {
			// a cancel that lands while HttpClient connects surfaces as "Endpoint not acquired / already released"
			if (request.isCancelled()) {
				throw new IOException(TIMED_OUT, ex);
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
			throw new IOException(TIMED_OUT);
		}
		return Duration.ofNanos(left);
	}

	private static String shown(Object value) {
		String text = OutboundPolicy.withoutUserInfo(Objects.toString(value));
		return (text.length() <= 255) ? text : text.substring(0, 255) + "...";
	}

	static String encode(Map<String, String> form) {
		StringJoiner body = new StringJoiner("&");
		form.forEach((name, value) -> body.add(URLEncoder.encode(name, StandardCharsets.UTF_8) + "="
				+ URLEncoder.encode(value, StandardCharsets.UTF_8)));
		return body.toString();
	}

}
