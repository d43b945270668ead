package dev.keyway;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Start-up configuration of the metrics endpoint.
 *
 * @param token a scrape token for {@code /actuator/prometheus} (sent as {@code Authorization: Bearer
 * <token>}), at least 32 characters; empty: only admin tokens are accepted
 */
@ConfigurationProperties("keyway.metrics")
record MetricsProperties(String token) {

	static final int MIN_TOKEN_LENGTH = 32;

	MetricsProperties {
		token = (token == null || token.isBlank()) ? null : token.strip();
		if (token != null && token.length() < MIN_TOKEN_LENGTH) {
			throw new IllegalArgumentException("keyway.metrics.token must have at least " + MIN_TOKEN_LENGTH
					+ " characters; got " + token.length());
		}
	}

}
