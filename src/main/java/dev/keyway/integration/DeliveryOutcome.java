package dev.keyway.integration;

import java.util.Locale;

/**
 * How one POST of credentials to a callback URL ended (issue 16.5); the wire name is the metric
 * label and the stored value. Only {@code transport_error}, {@code tls_error} and
 * {@code refused_by_policy} fail the handshake step (SPEC 2.4 step 2): an HTTP error status is
 * recorded but, as in Magento, ignored.
 */
public enum DeliveryOutcome {

	/** The callback answered with a status below 400. */
	DELIVERED,
	/** The callback answered 4xx or 5xx. */
	HTTP_ERROR,
	/** Refused connection, DNS, timeout, no readable answer. */
	TRANSPORT_ERROR,
	/** The TLS handshake failed (certificate, protocol, a plain-HTTP server behind https://). */
	TLS_ERROR,
	/** The outbound policy (SPEC 2.11) refused the address or a redirect: nothing was sent there. */
	REFUSED_BY_POLICY;

	public String wireName() {
		return name().toLowerCase(Locale.ROOT);
	}

	static DeliveryOutcome ofWireName(String value) {
		return valueOf(value.toUpperCase(Locale.ROOT));
	}

}
