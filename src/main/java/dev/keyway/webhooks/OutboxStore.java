package dev.keyway.webhooks;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code webhook_outbox} table (V40). Claiming is a compare-and-set on {@code locked_until}
 * that both H2 and PostgreSQL run alike: of two nodes that read the same due row, the second
 * one's UPDATE finds it leased and changes nothing (docs/DECISIONS.md, "Webhooks").
 */
@Repository
class OutboxStore {

	static final String DEDUPE_CONSTRAINT = "uq_webhook_outbox_dedupe";

	/** One row as written: what the worker needs to send it. */
	record Pending(long id, UUID eventId, String type, long integrationId, String target, String payload, int attempts) {
	}

	private static final String COLUMNS = """
			id, event_id, type, integration_id, integration_name, payload, target, status, created_at,
			next_attempt_at, attempts, last_status, last_error, delivered_at""";

	private final JdbcClient jdbc;

	OutboxStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void insert(UUID eventId, String type, long integrationId, String name, String payload, String target,
			Instant now, String dedupeKey) {
		this.jdbc.sql("""
				INSERT INTO webhook_outbox (event_id, type, integration_id, integration_name, payload, target, status,
				    created_at, next_attempt_at, attempts, dedupe_key)
				VALUES (:eventId, :type, :integrationId, :name, :payload, :target, 'pending', :now, :now, 0, :dedupeKey)
				""")
			.param("eventId", eventId)
			.param("type", type)
			.param("integrationId", integrationId)
			.param("name", name)
			.param("payload", payload)
			.param("target", target)
			.param("now", Timestamp.from(now))
			.param("dedupeKey", dedupeKey)
			.update();
	}

	/**
	 * Ids of pending rows due at {@code now} and not leased, oldest due first; the operator's rows only
	 * when {@code operator} (without the operator's URL they wait, as they did before V48).
	 */
	List<Long> due(Instant now, int limit, boolean operator) {
		return this.jdbc.sql("""
				SELECT id FROM webhook_outbox
				WHERE status = 'pending' AND next_attempt_at <= :now AND (locked_until IS NULL OR locked_until <= :now)
				  AND (:operator = TRUE OR target = 'integration')
				ORDER BY next_attempt_at, id LIMIT :limit
				""")
			.param("now", Timestamp.from(now))
			.param("limit", limit)
			.param("operator", operator)
			.query(Long.class)
			.list();
	}

	/** Leases row {@code id} to {@code node} until {@code until}; empty when another node got it first. */
	Optional<Pending> claim(long id, String node, Instant now, Instant until) {
		int claimed = this.jdbc.sql("""
				UPDATE webhook_outbox SET locked_by = :node, locked_until = :until
				WHERE id = :id AND status = 'pending' AND next_attempt_at <= :now
				  AND (locked_until IS NULL OR locked_until <= :now)
				""")
			.param("node", node)
			.param("until", Timestamp.from(until))
			.param("id", id)
			.param("now", Timestamp.from(now))
			.update();
		if (claimed == 0) {
			return Optional.empty();
		}
		return this.jdbc.sql("""
				SELECT id, event_id, type, integration_id, target, payload, attempts FROM webhook_outbox WHERE id = :id
				""")
			.param("id", id)
			.query((rs, n) -> new Pending(rs.getLong("id"), rs.getObject("event_id", UUID.class), rs.getString("type"),
					rs.getLong("integration_id"), rs.getString("target"), rs.getString("payload"), rs.getInt("attempts")))
			.optional();
	}

	/** Records an attempt's outcome, if {@code node} still holds the lease. */
	boolean recordAttempt(long id, String node, String status, Integer httpStatus, String error, Instant now,
			Instant nextAttempt) {
		return this.jdbc.sql("""
				UPDATE webhook_outbox SET status = :status, attempts = attempts + 1, last_status = :httpStatus,
				    last_error = :error, next_attempt_at = :next,
				    delivered_at = CASE WHEN :status = 'delivered' THEN :now ELSE delivered_at END,
				    locked_by = NULL, locked_until = NULL
				WHERE id = :id AND locked_by = :node
				""")
			.param("status", status)
			.param("httpStatus", httpStatus)
			.param("error", error)
			.param("next", Timestamp.from(nextAttempt))
			.param("now", Timestamp.from(now))
			.param("id", id)
			.param("node", node)
			.update() == 1;
	}

	/** Puts a delivery back in the queue, due now, with a fresh count of attempts; false when none. */
	boolean requeue(long id, Instant now) {
		return this.jdbc.sql("""
				UPDATE webhook_outbox SET status = 'pending', attempts = 0, next_attempt_at = :now, delivered_at = NULL,
				    locked_by = NULL, locked_until = NULL
				WHERE id = :id
				""").param("now", Timestamp.from(now)).param("id", id).update() == 1;
	}

	/**
	 * Deletes delivered and failed rows whose last attempt was before {@code cutoff} (a finished row's
	 * {@code next_attempt_at} is the time of its last attempt), at most {@code limit} of them; pending
	 * rows stay whatever their age. Answers how many went.
	 */
	int deleteFinishedBefore(Instant cutoff, int limit) {
		return this.jdbc.sql("""
				DELETE FROM webhook_outbox WHERE id IN (
				    SELECT id FROM webhook_outbox
				    WHERE status IN ('delivered', 'failed') AND next_attempt_at < :cutoff
				    ORDER BY next_attempt_at LIMIT :limit)
				""").param("cutoff", Timestamp.from(cutoff)).param("limit", limit).update();
	}

	Optional<WebhookDelivery> find(long id) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM webhook_outbox WHERE id = :id")
			.param("id", id)
			.query(OutboxStore::delivery)
			.optional();
	}

	/** Newest first, filtered by what {@code filter} sets. */
	List<WebhookDelivery> list(DeliveryFilter filter, int limit, int offset) {
		StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM webhook_outbox WHERE 1 = 1");
		if (filter.status() != null) {
			sql.append(" AND status = :status");
		}
		if (filter.type() != null) {
			sql.append(" AND type = :type");
		}
		if (filter.integrationId() != null) {
			sql.append(" AND integration_id = :integrationId");
		}
		sql.append(" ORDER BY created_at DESC, id DESC LIMIT :limit OFFSET :offset");
		JdbcClient.StatementSpec spec = this.jdbc.sql(sql.toString()).param("limit", limit).param("offset", offset);
		if (filter.status() != null) {
			spec = spec.param("status", filter.status());
		}
		if (filter.type() != null) {
			spec = spec.param("type", filter.type());
		}
		if (filter.integrationId() != null) {
			spec = spec.param("integrationId", filter.integrationId());
		}
		return spec.query(OutboxStore::delivery).list();
	}

	private static WebhookDelivery delivery(ResultSet rs, int n) throws SQLException {
		Timestamp delivered = rs.getTimestamp("delivered_at");
		Integer lastStatus = rs.getObject("last_status", Integer.class);
		return new WebhookDelivery(rs.getLong("id"), rs.getObject("event_id", UUID.class), rs.getString("type"),
				rs.getLong("integration_id"), rs.getString("integration_name"), rs.getString("target"),
				rs.getString("status"), rs.getTimestamp("created_at").toInstant(), rs.getInt("attempts"),
				lastStatus, rs.getString("last_error"),
				rs.getTimestamp("next_attempt_at").toInstant(), (delivered != null) ? delivered.toInstant() : null);
	}

}
