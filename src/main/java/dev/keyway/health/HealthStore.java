package dev.keyway.health;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** The health tables (V37, V42): refusals kept per integration, hourly counts, counts since creation, the last use. */
@Component
class HealthStore {

	/** Refusals kept per integration; older ones are deleted in the transaction that adds new ones. */
	static final int KEPT_PER_INTEGRATION = 50;

	/** A stored refusal, as the health route shows it. */
	record RefusalRow(long refusedAt, String node, String method, String path, String sourceAddress, String reason,
			String hint, String baseString, String signatureMethod, Long skewSeconds) {
	}

	/** A refusal to store, attributed to an integration. */
	record NewRefusal(long integrationId, long refusedAt, String node, String method, String path, String sourceAddress,
			String reason, String hint, String baseString, String signatureMethod, Long skewSeconds) {
	}

	private final JdbcClient jdbc;

	HealthStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** Adds the refusals and keeps the newest {@value #KEPT_PER_INTEGRATION} of each integration touched. */
	@Transactional
	void addRefusals(List<NewRefusal> refusals) {
		for (NewRefusal refusal : refusals) {
			this.jdbc.sql("""
					INSERT INTO integration_refusals (integration_id, refused_at, node, method, path, source_address, reason,
					    hint, base_string, signature_method, skew_seconds)
					SELECT :integration, :at, :node, :method, :path, :source, :reason, :hint, :baseString, :signatureMethod, :skew
					WHERE EXISTS (SELECT 1 FROM integrations WHERE id = :integration)
					""")
				.param("integration", refusal.integrationId())
				.param("at", refusal.refusedAt())
				.param("node", refusal.node())
				.param("method", refusal.method())
				.param("path", refusal.path())
				.param("source", refusal.sourceAddress())
				.param("reason", refusal.reason())
				.param("hint", refusal.hint())
				.param("baseString", refusal.baseString())
				.param("signatureMethod", refusal.signatureMethod())
				.param("skew", refusal.skewSeconds())
				.update();
		}
		refusals.stream().map(NewRefusal::integrationId).distinct().forEach(this::trim);
	}

	private void trim(long integrationId) {
		this.jdbc.sql("""
				DELETE FROM integration_refusals WHERE integration_id = :integration AND id NOT IN (
				    SELECT id FROM (SELECT id FROM integration_refusals WHERE integration_id = :integration
				        ORDER BY refused_at DESC, id DESC LIMIT :kept) newest)
				""")
			.param("integration", integrationId)
			.param("kept", KEPT_PER_INTEGRATION)
			.update();
	}

	/** Adds to an hour's count of passed calls (update, else insert; a concurrent insert means update again). */
	void addRequests(long integrationId, long hourStart, long requests) {
		upsert("UPDATE integration_usage_hours SET requests = requests + :n WHERE integration_id = :integration AND hour_start = :hour",
				"""
				INSERT INTO integration_usage_hours (integration_id, hour_start, requests)
				SELECT :integration, :hour, :n WHERE EXISTS (SELECT 1 FROM integrations WHERE id = :integration)
				""", Map.of("integration", integrationId, "hour", hourStart, "n", requests));
	}

	void addRefusalCount(long integrationId, long hourStart, String reason, long refusals) {
		upsert("""
				UPDATE integration_refusal_hours SET refusals = refusals + :n
				WHERE integration_id = :integration AND hour_start = :hour AND reason = :reason
				""", """
				INSERT INTO integration_refusal_hours (integration_id, hour_start, reason, refusals)
				SELECT :integration, :hour, :reason, :n WHERE EXISTS (SELECT 1 FROM integrations WHERE id = :integration)
				""", Map.of("integration", integrationId, "hour", hourStart, "reason", reason, "n", refusals));
	}

	/** Adds to the calls that passed since the integration was created (V42). */
	void addRequestTotal(long integrationId, long requests) {
		upsert("UPDATE integration_request_totals SET requests = requests + :n WHERE integration_id = :integration",
				"""
				INSERT INTO integration_request_totals (integration_id, requests)
				SELECT :integration, :n WHERE EXISTS (SELECT 1 FROM integrations WHERE id = :integration)
				""", Map.of("integration", integrationId, "n", requests));
	}

	/** Adds to the refusals for a reason since the integration was created (V42). */
	void addRefusalTotal(long integrationId, String reason, long refusals) {
		upsert("""
				UPDATE integration_refusal_totals SET refusals = refusals + :n
				WHERE integration_id = :integration AND reason = :reason
				""", """
				INSERT INTO integration_refusal_totals (integration_id, reason, refusals)
				SELECT :integration, :reason, :n WHERE EXISTS (SELECT 1 FROM integrations WHERE id = :integration)
				""", Map.of("integration", integrationId, "reason", reason, "n", refusals));
	}

	/** The last use moves forward only (two nodes may flush out of order). */
	void markUsed(long integrationId, long usedAt, String sourceAddress) {
		Map<String, Object> params = new java.util.HashMap<>();
		params.put("integration", integrationId);
		params.put("at", usedAt);
		params.put("source", sourceAddress);
		upsert("""
				UPDATE integration_last_use SET used_at = :at, source_address = :source
				WHERE integration_id = :integration AND used_at < :at
				""", """
				INSERT INTO integration_last_use (integration_id, used_at, source_address)
				SELECT :integration, :at, :source WHERE EXISTS (SELECT 1 FROM integrations WHERE id = :integration)
				AND NOT EXISTS (SELECT 1 FROM integration_last_use WHERE integration_id = :integration)
				""", params);
	}

	private void upsert(String update, String insert, Map<String, ?> params) {
		for (int attempt = 0; attempt < 3; attempt++) {
			if (this.jdbc.sql(update).params(params).update() > 0) {
				return;
			}
			try {
				this.jdbc.sql(insert).params(params).update();
				return;
			}
			catch (DuplicateKeyException raced) {
				// another node inserted the row between our update and insert: update it
			}
		}
	}

	/** Drops hourly rows older than the given hour (the route reads 24 h). */
	void forgetHoursBefore(long hourStart) {
		this.jdbc.sql("DELETE FROM integration_usage_hours WHERE hour_start < :hour").param("hour", hourStart).update();
		this.jdbc.sql("DELETE FROM integration_refusal_hours WHERE hour_start < :hour").param("hour", hourStart).update();
	}

	long requestsSince(long integrationId, long hourStart) {
		return this.jdbc.sql("""
				SELECT COALESCE(SUM(requests), 0) FROM integration_usage_hours
				WHERE integration_id = :integration AND hour_start >= :hour
				""")
			.param("integration", integrationId)
			.param("hour", hourStart)
			.query(Long.class)
			.single();
	}

	Map<String, Long> refusalsSince(long integrationId, long hourStart) {
		Map<String, Long> counts = new java.util.TreeMap<>();
		this.jdbc.sql("""
				SELECT reason, SUM(refusals) AS total FROM integration_refusal_hours
				WHERE integration_id = :integration AND hour_start >= :hour GROUP BY reason
				""")
			.param("integration", integrationId)
			.param("hour", hourStart)
			.query((rs, n) -> counts.put(rs.getString("reason"), rs.getLong("total")))
			.list();
		return counts;
	}

	long requestTotal(long integrationId) {
		return this.jdbc.sql("SELECT requests FROM integration_request_totals WHERE integration_id = :integration")
			.param("integration", integrationId)
			.query(Long.class)
			.optional()
			.orElse(0L);
	}

	Map<String, Long> refusalTotals(long integrationId) {
		Map<String, Long> counts = new java.util.TreeMap<>();
		this.jdbc.sql("SELECT reason, refusals FROM integration_refusal_totals WHERE integration_id = :integration")
			.param("integration", integrationId)
			.query((rs, n) -> counts.put(rs.getString("reason"), rs.getLong("refusals")))
			.list();
		return counts;
	}

	/** Calls that passed and refusals since creation of each of these integrations (two queries for the page, for the grid). */
	record Totals(long requests, long refusals) {
	}

	Map<Long, Totals> totals(java.util.Collection<Long> integrationIds) {
		Map<Long, Totals> totals = new java.util.HashMap<>();
		if (integrationIds.isEmpty()) {
			return totals;
		}
		List<Long> ids = List.copyOf(integrationIds);
		Map<Long, Long> requests = new java.util.HashMap<>();
		this.jdbc.sql("SELECT integration_id, requests FROM integration_request_totals WHERE integration_id IN (:ids)")
			.param("ids", ids)
			.query((rs, n) -> requests.put(rs.getLong("integration_id"), rs.getLong("requests")))
			.list();
		Map<Long, Long> refusals = new java.util.HashMap<>();
		this.jdbc.sql("""
				SELECT integration_id, SUM(refusals) AS total FROM integration_refusal_totals
				WHERE integration_id IN (:ids) GROUP BY integration_id
				""")
			.param("ids", ids)
			.query((rs, n) -> refusals.put(rs.getLong("integration_id"), rs.getLong("total")))
			.list();
		for (Long id : ids) {
			if (requests.containsKey(id) || refusals.containsKey(id)) {
				totals.put(id, new Totals(requests.getOrDefault(id, 0L), refusals.getOrDefault(id, 0L)));
			}
		}
		return totals;
	}

	List<RefusalRow> recentRefusals(long integrationId) {
		return this.jdbc.sql("""
				SELECT refused_at, node, method, path, source_address, reason, hint, base_string, signature_method, skew_seconds
				FROM integration_refusals WHERE integration_id = :integration ORDER BY refused_at DESC, id DESC
				""")
			.param("integration", integrationId)
			.query((rs, n) -> new RefusalRow(rs.getLong("refused_at"), rs.getString("node"), rs.getString("method"), rs.getString("path"),
					rs.getString("source_address"), rs.getString("reason"), rs.getString("hint"),
					rs.getString("base_string"), rs.getString("signature_method"),
					(Long) rs.getObject("skew_seconds", Long.class)))
			.list();
	}

	/** Time and source address of the last call that passed. */
	record LastUse(long usedAt, String sourceAddress) {
	}

	/** The last use of each of these integrations that has one (one query, for the grid's page). */
	Map<Long, LastUse> lastUses(java.util.Collection<Long> integrationIds) {
		Map<Long, LastUse> uses = new java.util.HashMap<>();
		if (integrationIds.isEmpty()) {
			return uses;
		}
		this.jdbc.sql("SELECT integration_id, used_at, source_address FROM integration_last_use WHERE integration_id IN (:ids)")
			.param("ids", List.copyOf(integrationIds))
			.query((rs, n) -> uses.put(rs.getLong("integration_id"),
					new LastUse(rs.getLong("used_at"), rs.getString("source_address"))))
			.list();
		return uses;
	}

	Optional<LastUse> lastUse(long integrationId) {
		return this.jdbc.sql("SELECT used_at, source_address FROM integration_last_use WHERE integration_id = :integration")
			.param("integration", integrationId)
			.query((rs, n) -> new LastUse(rs.getLong("used_at"), rs.getString("source_address")))
			.optional();
	}

}
