package dev.keyway.oauth;

import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Background cleanup, never on a request: expired nonce rows, and (Cleanup Settings, SPEC 2.8)
 * request tokens older than the cleanup Expiration Period, whose exchange was abandoned.
 */
@Component
class OAuthCleanup {

	private static final Logger log = LoggerFactory.getLogger(OAuthCleanup.class);

	private final JdbcClient jdbc;

	private final TokenStore tokens;

	private final OAuthSettings settings;

	private final Clock clock;

	private final BackgroundTaskLog task = new BackgroundTaskLog(OAuthCleanup.class, "OAuth cleanup");

	OAuthCleanup(JdbcClient jdbc, TokenStore tokens, OAuthSettings settings, Clock clock) {
		this.jdbc = jdbc;
		this.tokens = tokens;
		this.settings = settings;
		this.clock = clock;
	}

	@Scheduled(fixedDelayString = "${keyway.oauth.cleanup-interval:PT1M}", initialDelayString = "PT30S")
	void run() {
		this.task.run(this::clean);
	}

	/** One pass; throws what the database throws. */
	void clean() {
		int nonces = this.jdbc.sql("DELETE FROM oauth_nonces WHERE expires_at <= :now")
			.param("now", this.clock.instant().getEpochSecond())
			.update();
		int stale = 0;
		if (this.settings.cleanupEnabled()) {
			stale = this.tokens.deleteStalePreAuthorization(this.clock.instant().minus(this.settings.cleanupAge()));
		}
		if (nonces + stale > 0) {
			log.debug("Cleanup removed {} expired nonces and {} abandoned request tokens", nonces, stale);
		}
	}

}
