package dev.keyway.webhooks;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.keyway.oauth.BackgroundTaskLog;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Emits {@code integration.expiring} ({@code expiring-days} before an Active integration's
 * {@code access_expires_at}, V38) and {@code integration.expired} (once it has passed), each once
 * per expiry value: the once-key holds the integration id and the expiry instant, and the outbox's
 * unique constraint lets one node's row in. Moving the expiry makes a new occasion. Expiries more
 * than {@link #LOOK_BACK} in the past are no longer reported (a node down that long has bigger news).
 *
 * <p>Reads {@code integrations} directly, read-only: the integration module has no query by expiry,
 * and this scan is the only reader (docs/DECISIONS.md, "Webhooks").
 */
@Component
class ExpiryWebhooks {

	static final Duration LOOK_BACK = Duration.ofDays(30);

	record Expiring(long id, String name, Instant expiresAt) {
	}

	private final JdbcClient jdbc;

	private final WebhookOutbox outbox;

	private final WebhookProperties properties;

	private final Clock clock;

	private final BackgroundTaskLog task = new BackgroundTaskLog(ExpiryWebhooks.class, "Webhook expiry scan");

	ExpiryWebhooks(JdbcClient jdbc, WebhookOutbox outbox, WebhookProperties properties, Clock clock) {
		this.jdbc = jdbc;
		this.outbox = outbox;
		this.properties = properties;
		this.clock = clock;
	}

	@Scheduled(fixedDelayString = "${keyway.webhooks.expiry-scan-interval:PT5M}", initialDelayString = "PT10S")
	void scanQuietly() {
		// also without the operator's URL: an integration may have opted in to its own (V48)
		this.task.run(this::scan);
	}

	/** Queues what is due; answers how many events this call queued. */
	int scan() {
		Instant now = this.clock.instant();
		Instant horizon = now.plus(Duration.ofDays(this.properties.expiringDays()));
		List<Expiring> candidates = this.jdbc.sql("""
				SELECT id, name, access_expires_at FROM integrations
				WHERE status = 1 AND access_expires_at IS NOT NULL
				  AND access_expires_at > :since AND access_expires_at <= :horizon
				""")
			.param("since", Timestamp.from(now.minus(LOOK_BACK)))
			.param("horizon", Timestamp.from(horizon))
			.query((rs, n) -> new Expiring(rs.getLong("id"), rs.getString("name"),
					rs.getTimestamp("access_expires_at").toInstant()))
			.list();
		if (candidates.isEmpty()) {
			return 0;
		}
		// an optimization only (the unique constraint decides): skip occasions already queued
		Set<String> sent = new HashSet<>(this.jdbc.sql("""
				SELECT dedupe_key FROM webhook_outbox
				WHERE type IN ('integration.expiring', 'integration.expired') AND dedupe_key IS NOT NULL
				  AND created_at > :since
				""")
			.param("since", Timestamp.from(now.minus(LOOK_BACK).minus(Duration.ofDays(this.properties.expiringDays()))))
			.query(String.class)
			.list());
		int queued = 0;
		for (Expiring integration : candidates) {
			boolean expired = !integration.expiresAt().isAfter(now);
			String type = expired ? WebhookTypes.EXPIRED : WebhookTypes.EXPIRING;
			String key = type + ":" + integration.id() + ":" + integration.expiresAt().getEpochSecond();
			if (sent.contains(key)) {
				continue;
			}
			if (this.outbox.enqueueOnce(type, integration.id(), integration.name(),
					Map.of("expires_at", integration.expiresAt().toString()), key)) {
				queued++;
			}
		}
		return queued;
	}

}
