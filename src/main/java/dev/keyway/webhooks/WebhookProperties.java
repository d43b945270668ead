package dev.keyway.webhooks;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import dev.keyway.outbound.OutboundPolicy;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Start-up configuration of the operator's webhooks (issue 17.5). Without {@code url} no event is
 * written for the operator (integrations that opted in still get theirs; the timings here apply to
 * them too). A malformed value stops start-up with the property and the rule (never the secret).
 *
 * @param url where every event is POSTed (http or https), e.g. {@code https://ops.example.com/keyway}
 * @param secret the HMAC-SHA256 key of {@code Keyway-Signature}; at least 32 characters
 * @param allowedNetworks non-public networks and host names the URL may reach (as
 * {@code keyway.callbacks.allowed-networks}, but for webhooks only)
 * @param expiringDays how many days before {@code access_expires_at} the {@code integration.expiring}
 * event is sent
 * @param pollInterval how often a node looks for due deliveries
 * @param expiryScanInterval how often a node looks for integrations expiring or expired
 * @param timeout the whole POST's deadline (connect, send, answer)
 * @param lease how long a node owns a claimed delivery; longer than {@code timeout}
 * @param initialBackoff the wait after the first failed attempt, doubled after each further one
 * @param maxBackoff the longest wait between two attempts
 * @param maxAttempts attempts before a delivery is given up as failed
 * @param retention how long delivered and failed rows stay (for the admin's list) before the
 * cleanup deletes them
 */
@ConfigurationProperties("keyway.webhooks")
public record WebhookProperties(String url, String secret, List<String> allowedNetworks,
		@DefaultValue("7") int expiringDays, @DefaultValue("PT2S") Duration pollInterval,
		@DefaultValue("PT5M") Duration expiryScanInterval, @DefaultValue("PT10S") Duration timeout,
		@DefaultValue("PT1M") Duration lease, @DefaultValue("PT2M") Duration initialBackoff,
		@DefaultValue("PT6H") Duration maxBackoff, @DefaultValue("10") int maxAttempts,
		@DefaultValue("P30D") Duration retention) {

	static final String ALLOWED_NETWORKS = "keyway.webhooks.allowed-networks";

	static final int SECRET_MIN = 32;

	public WebhookProperties {
		url = (url != null && !url.isBlank()) ? url.strip() : null;
		secret = (secret != null && !secret.isBlank()) ? secret : null;
		allowedNetworks = (allowedNetworks != null) ? List.copyOf(allowedNetworks) : List.of();
		OutboundPolicy.of(ALLOWED_NETWORKS, allowedNetworks);
		if (url != null) {
			checkUrl(url);
			if (secret == null || secret.length() < SECRET_MIN) {
				throw new IllegalArgumentException("keyway.webhooks.secret must be set, at least " + SECRET_MIN
						+ " characters, when keyway.webhooks.url is set (it has "
						+ ((secret != null) ? secret.length() : 0) + ")");
			}
		}
		positive("expiring-days", expiringDays, 1, 365);
		positive("max-attempts", maxAttempts, 1, 100);
		for (Duration duration : List.of(pollInterval, expiryScanInterval, timeout, lease, initialBackoff, maxBackoff,
				retention)) {
			if (duration.isNegative() || duration.isZero()) {
				throw new IllegalArgumentException("keyway.webhooks durations must be positive, not " + duration);
			}
		}
		if (lease.compareTo(timeout) <= 0) {
			throw new IllegalArgumentException("keyway.webhooks.lease (" + lease + ") must be longer than "
					+ "keyway.webhooks.timeout (" + timeout + "), or two nodes could send one delivery at once");
		}
	}

	/** True when the operator configured a URL: events are written and delivered. */
	boolean enabled() {
		return this.url != null;
	}

	OutboundPolicy policy() {
		return OutboundPolicy.of(ALLOWED_NETWORKS, this.allowedNetworks);
	}

	/** The URL as the admin sees it: scheme, host and port, no user info, path or query. */
	String shownTarget() {
		return (this.url != null) ? DeliveryWorker.shown(this.url) : null;
	}

	private static void checkUrl(String url) {
		URI uri;
		try {
			uri = URI.create(url);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("keyway.webhooks.url is not a URL: " + shown(url));
		}
		String scheme = String.valueOf(uri.getScheme());
		if (!(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https")) || uri.getHost() == null) {
			throw new IllegalArgumentException(
					"keyway.webhooks.url must be an absolute http or https URL with a host, not " + shown(url));
		}
	}

	/** The URL without user info and query, bounded: for messages. */
	private static String shown(String url) {
		String text = url.replaceFirst("//[^/@]*@", "//").replaceFirst("[?#].*$", "");
		return (text.length() <= 255) ? text : text.substring(0, 255) + "...";
	}

	private static void positive(String name, int value, int min, int max) {
		if (value < min || value > max) {
			throw new IllegalArgumentException(
					"keyway.webhooks." + name + " must be from " + min + " to " + max + ", not " + value);
		}
	}

}
