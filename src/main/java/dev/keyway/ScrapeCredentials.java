package dev.keyway;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

import dev.keyway.account.AdminAccounts;
import dev.keyway.oauth.TokenGenerator;

import org.springframework.stereotype.Component;

/**
 * Who may read {@code /actuator/prometheus}: the holder of the scrape token
 * ({@code keyway.metrics.token}) or of an admin token. The scrape token is compared in constant time.
 */
@Component
class ScrapeCredentials {

	private final byte[] scrapeToken;

	private final AdminAccounts admins;

	ScrapeCredentials(MetricsProperties properties, AdminAccounts admins) {
		this.scrapeToken = (properties.token() != null) ? properties.token().getBytes(StandardCharsets.UTF_8) : null;
		this.admins = admins;
	}

	/** The name of the caller the Bearer value belongs to, or empty. */
	Optional<String> principal(String bearer) {
		if (bearer == null || bearer.isEmpty()) {
			return Optional.empty();
		}
		if (this.scrapeToken != null
				&& MessageDigest.isEqual(this.scrapeToken, bearer.getBytes(StandardCharsets.UTF_8))) {
			return Optional.of("metrics-scraper");
		}
		if (!TokenGenerator.isWellFormed(bearer)) {
			return Optional.empty();
		}
		return this.admins.findByToken(bearer).map((admin) -> "admin:" + admin.username());
	}

}
