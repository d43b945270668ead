package dev.keyway.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** JDBC store of {@code audit_log}; append-only. */
@Repository
class AuditStore {

	private final JdbcClient jdbc;

	AuditStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void insert(Instant at, Actor actor, String action, String subjectType, String subjectId, String subjectName,
			String before, String after) {
		this.jdbc.sql("""
				INSERT INTO audit_log (occurred_at, actor_type, actor_id, actor_name, source_address, action,
				                       subject_type, subject_id, subject_name, before_state, after_state)
				VALUES (:at, :actorType, :actorId, :actorName, :source, :action, :subjectType, :subjectId,
				        :subjectName, :before, :after)
				""")
			.param("at", Timestamp.from(at))
			.param("actorType", actor.kind().column())
			.param("actorId", actor.id())
			.param("actorName", truncate(actor.name(), 255))
			.param("source", truncate(actor.sourceAddress(), 64))
			.param("action", action)
			.param("subjectType", subjectType)
			.param("subjectId", subjectId)
			.param("subjectName", truncate(subjectName, 255))
			.param("before", truncate(before, 16000))
			.param("after", truncate(after, 16000))
			.update();
	}

	List<AuditEntry> find(String subjectType, String subjectId, int limit, int offset) {
		StringBuilder sql = new StringBuilder("""
				SELECT id, occurred_at, actor_type, actor_id, actor_name, source_address, action, subject_type,
				       subject_id, subject_name, before_state, after_state
				FROM audit_log
				""");
		if (subjectType != null) {
			sql.append(" WHERE subject_type = :subjectType");
			if (subjectId != null) {
				sql.append(" AND subject_id = :subjectId");
			}
		}
		sql.append(" ORDER BY id DESC LIMIT :limit OFFSET :offset");
		JdbcClient.StatementSpec statement = this.jdbc.sql(sql.toString())
			.param("limit", limit)
			.param("offset", offset);
		if (subjectType != null) {
			statement = statement.param("subjectType", subjectType);
			if (subjectId != null) {
				statement = statement.param("subjectId", subjectId);
			}
		}
		return statement.query(AuditStore::map).list();
	}

	private static AuditEntry map(ResultSet rs, int row) throws SQLException {
		long actorId = rs.getLong("actor_id");
		Long actor = rs.wasNull() ? null : actorId;
		return new AuditEntry(rs.getLong("id"), rs.getTimestamp("occurred_at").toInstant(), rs.getString("actor_type"),
				actor, rs.getString("actor_name"), rs.getString("source_address"), rs.getString("action"),
				rs.getString("subject_type"), rs.getString("subject_id"), rs.getString("subject_name"),
				rs.getString("before_state"), rs.getString("after_state"));
	}

	private static String truncate(String value, int max) {
		return (value == null || value.length() <= max) ? value : value.substring(0, max - 1) + "…";
	}

}
