package dev.keyway.integration;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The record of credentials POSTs (issue 16.5, table {@code credentials_deliveries}, V43): the newest
 * {@value #KEPT_PER_INTEGRATION} per integration, and the metrics {@code keyway.credentials.posts}
 * (by outcome) and {@code keyway.credentials.post.duration}. The labels are the five outcomes,
 * never an integration.
 */
@Component
public class CredentialsDeliveries {

	static final int KEPT_PER_INTEGRATION = 20;

	static final int MAX_ERROR = 500;

	private final JdbcClient jdbc;

	private final Map<DeliveryOutcome, Counter> attempts = new EnumMap<>(DeliveryOutcome.class);

	private final Timer duration;

	CredentialsDeliveries(JdbcClient jdbc, MeterRegistry registry) {
		this.jdbc = jdbc;
		for (DeliveryOutcome outcome : DeliveryOutcome.values()) {
			this.attempts.put(outcome, Counter.builder("keyway.credentials.posts")
				.description("POSTs of credentials to callback URLs (handshake), by outcome")
				.tag("outcome", outcome.wireName())
				.register(registry));
		}
		this.duration = Timer.builder("keyway.credentials.post.duration")
			.description("Time a POST of credentials to a callback URL took, redirects included")
			.serviceLevelObjectives(Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
					Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
					Duration.ofSeconds(10))
			.register(registry);
	}

	/**
	 * Records one attempt in its own transaction (the lifecycle step that made it may fail and roll
	 * back; the record of the attempt must stay), keeping the newest {@value #KEPT_PER_INTEGRATION}.
	 */
	@Transactional(propagation = Propagation.REQUIRES_NEW)
	public void record(long integrationId, CredentialsDelivery delivery) {
		this.attempts.get(delivery.outcome()).increment();
		this.duration.record(Duration.ofMillis(delivery.durationMillis()));
		this.jdbc.sql("""
				INSERT INTO credentials_deliveries (integration_id, attempted_at, outcome, http_status, error, duration_ms)
				SELECT :integration, :at, :outcome, :status, :error, :duration
				WHERE EXISTS (SELECT 1 FROM integrations WHERE id = :integration)
				""")
			.param("integration", integrationId)
			.param("at", delivery.attemptedAt().toEpochMilli())
			.param("outcome", delivery.outcome().wireName())
			.param("status", delivery.httpStatus())
			.param("error", bounded(delivery.error()))
			.param("duration", Math.max(0, delivery.durationMillis()))
			.update();
		this.jdbc.sql("""
				DELETE FROM credentials_deliveries WHERE integration_id = :integration AND id NOT IN (
				    SELECT id FROM (SELECT id FROM credentials_deliveries WHERE integration_id = :integration
				        ORDER BY attempted_at DESC, id DESC LIMIT :kept) newest)
				""")
			.param("integration", integrationId)
			.param("kept", KEPT_PER_INTEGRATION)
			.update();
	}

	/** The integration's recorded attempts, newest first. */
	public List<CredentialsDelivery> recent(long integrationId) {
		return this.jdbc.sql("""
				SELECT attempted_at, outcome, http_status, error, duration_ms FROM credentials_deliveries
				WHERE integration_id = :integration ORDER BY attempted_at DESC, id DESC
				""")
			.param("integration", integrationId)
			.query((rs, row) -> new CredentialsDelivery(Instant.ofEpochMilli(rs.getLong(1)),
					DeliveryOutcome.ofWireName(rs.getString(2)), (Integer) rs.getObject(3, Integer.class), rs.getString(4),
					rs.getLong(5)))
			.list();
	}

	static String bounded(String error) {
		if (error == null) {
			return null;
		}
		return (error.length() <= MAX_ERROR) ? error : error.substring(0, MAX_ERROR - 1) + "…";
	}

}
