package dev.keyway.webapi;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import javax.sql.DataSource;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import dev.keyway.integration.RateLimit;
import dev.keyway.oauth.DatabaseProduct;
import dev.keyway.settings.RuntimeSettings;
import dev.keyway.settings.Setting;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Keeps integrations within their rate limits (issue 17.2, SPEC 5.12). Each node holds a lease of
 * tokens per integration, taken from a {@link TokenSource} (PostgreSQL: one shared row per integration;
 * H2: memory) and spent one per call; once the source has refused, the node refuses the integration
 * without asking again until a token can be there: a limited call costs no query.
 */
@Component
class RateLimiter {

	/** A refused call: the limit, the window that refused, when to retry. */
	record Limited(RateLimit limit, TokenBucket.Window window, long retryAfterSeconds) {
	}

	/** One integration's tokens on this node. */
	private static final class Lease {

		int tokens;

		long validUntilMs;

		long blockedUntilMs;

		TokenBucket.Window window;

		long lastHitMs = -TokenBucket.MINUTE_MS;

	}

	private final TokenSource source;

	private final RuntimeSettings settings;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	private final Cache<Long, Lease> leases = Caffeine.newBuilder().expireAfterAccess(Duration.ofMinutes(10)).build();

	/** The default limit and the settings' snapshot it was read from. */
	private record Defaults(Map<Setting, String> of, RateLimit limit) {
	}

	private volatile Defaults defaults = new Defaults(Map.of(), RateLimit.unlimited());

	@Autowired
	RateLimiter(DataSource dataSource, JdbcClient jdbc, RuntimeSettings settings, ApplicationEventPublisher events,
			Clock clock) {
		this(DatabaseProduct.isPostgres(dataSource) ? new PostgresTokenSource(jdbc) : new MemoryTokenSource(), settings,
				events, clock);
	}

	RateLimiter(TokenSource source, RuntimeSettings settings, ApplicationEventPublisher events, Clock clock) {
		this.source = source;
		this.settings = settings;
		this.events = events;
		this.clock = clock;
	}

	/**
	 * Spends one of the integration's tokens.
	 * @param own the integration's own limit, or null for the default of the runtime settings
	 * @return null when the call may go on, else why not
	 */
	Limited spend(long integrationId, String name, RateLimit own) {
		RateLimit limit = (own != null) ? own : defaults();
		if (limit.isUnlimited()) {
			return null;
		}
		Lease lease = this.leases.get(integrationId, (id) -> new Lease());
		long now = this.clock.millis();
		boolean firstHit;
		Limited limited;
		synchronized (lease) {
			if (now >= lease.blockedUntilMs) {
				if (lease.tokens > 0 && now < lease.validUntilMs) {
					lease.tokens--;
					return null;
				}
				TokenBucket.Grant grant = this.source.take(integrationId, limit, this.source.chunk(limit), now);
				if (grant.granted() > 0) {
					lease.tokens = grant.granted() - 1;
					lease.validUntilMs = grant.untilMs();
					return null;
				}
				lease.tokens = 0;
				lease.blockedUntilMs = grant.untilMs();
				lease.window = grant.window();
			}
			limited = new Limited(limit, lease.window, Math.max(1, (lease.blockedUntilMs - now + 999) / 1000));
			firstHit = now - lease.lastHitMs >= TokenBucket.MINUTE_MS;
			if (firstHit) {
				lease.lastHitMs = now;
			}
		}
		if (firstHit) {
			this.events.publishEvent(new RateLimitHit(integrationId, name, Instant.ofEpochMilli(now)));
		}
		return limited;
	}

	/** The settings' default, read again only when the settings' snapshot changed. */
	private RateLimit defaults() {
		Map<Setting, String> current = this.settings.all();
		Defaults known = this.defaults;
		if (current != known.of()) {
			known = new Defaults(current, new RateLimit(Integer.parseInt(current.get(Setting.RATE_LIMIT_PER_SECOND)),
					Integer.parseInt(current.get(Setting.RATE_LIMIT_PER_MINUTE)),
					Integer.parseInt(current.get(Setting.RATE_LIMIT_BURST))));
			this.defaults = known;
		}
		return known.limit();
	}

}
