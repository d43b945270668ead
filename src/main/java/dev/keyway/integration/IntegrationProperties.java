package dev.keyway.integration;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

import dev.keyway.oauth.EchoedValue;
import dev.keyway.outbound.OutboundPolicy;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Start-up configuration the lifecycle needs.
 *
 * @param publicBaseUrl the URL third parties reach this server at; posted as {@code store_base_url}
 * (always with a trailing slash) and the base of the identity link's {@code success_call_back}
 * @param integrationsFile the operator's file of declared integrations (SPEC 2.7), or null
 * @param integrationsFileLockTimeout how long a starting node waits for another node that is applying the
 * integrations file (nodes started at once apply it one after the other); null for a minute. Applying takes
 * well under a second, so a node that held the lock for a minute is stuck, not slow
 */
@ConfigurationProperties("keyway")
public record IntegrationProperties(URI publicBaseUrl, Path integrationsFile, Duration integrationsFileLockTimeout) {

	private static final Duration LOCK_TIMEOUT_MIN = Duration.ofMillis(100);

	private static final Duration LOCK_TIMEOUT_MAX = Duration.ofHours(1);

	public IntegrationProperties {
		if (integrationsFileLockTimeout == null) {
			integrationsFileLockTimeout = Duration.ofMinutes(1);
		}
		if (integrationsFileLockTimeout.compareTo(LOCK_TIMEOUT_MIN) < 0
				|| integrationsFileLockTimeout.compareTo(LOCK_TIMEOUT_MAX) > 0) {
			throw new IllegalArgumentException("keyway.integrations-file-lock-timeout must be from 100ms to 1h; got "
					+ integrationsFileLockTimeout);
		}
		if (publicBaseUrl == null) {
			publicBaseUrl = URI.create("http://localhost:8080/");
		}
		String scheme = publicBaseUrl.getScheme();
		if (!publicBaseUrl.isAbsolute() || publicBaseUrl.getHost() == null
				|| !("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))) {
			throw new IllegalArgumentException("keyway.public-base-url must be an absolute http(s) URL such as "
					+ "https://shop.example.com/; got "
					+ EchoedValue.shown(OutboundPolicy.withoutUserInfo(publicBaseUrl.toString())));
		}
		if (!publicBaseUrl.toString().endsWith("/")) {
			publicBaseUrl = URI.create(publicBaseUrl + "/");
		}
	}

	/** The base URL as text, with its trailing slash. */
	public String baseUrl() {
		return this.publicBaseUrl.toString();
	}

}
