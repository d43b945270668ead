package dev.keyway.account;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** JDBC store of {@code admin_users}, including the lock-out counter. */
@Repository
class AdminUserStore {

	/** An admin row as stored. */
	record Row(long id, String username, String passwordHash, int failures, Instant lockExpiresAt) {

		boolean lockedAt(Instant now) {
			return this.lockExpiresAt != null && this.lockExpiresAt.isAfter(now);
		}

	}

	private static final String COLUMNS = "id, username, password_hash, failures_count, lock_expires_at";

	private final JdbcClient jdbc;

	AdminUserStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void insert(String username, String passwordHash, Instant now) {
		this.jdbc.sql("""
				INSERT INTO admin_users (username, password_hash, failures_count, created_at)
				VALUES (:username, :hash, 0, :now)
				""")
			.param("username", username)
			.param("hash", passwordHash)
			.param("now", Timestamp.from(now))
			.update();
	}

	boolean isEmpty() {
		return this.jdbc.sql("SELECT id FROM admin_users FETCH FIRST 1 ROWS ONLY").query(Long.class).optional().isEmpty();
	}

	Optional<Row> findByUsername(String username) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM admin_users WHERE username = :username")
			.param("username", username)
			.query(AdminUserStore::map)
			.optional();
	}

	Optional<Row> findById(long id) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM admin_users WHERE id = :id")
			.param("id", id)
			.query(AdminUserStore::map)
			.optional();
	}

	/**
	 * Counts one failure in a single statement (concurrent failures all count). The failure that
	 * reaches {@code maxFailures} locks the account until {@code lockUntil} and restarts the count.
	 */
	void recordFailure(long id, int maxFailures, Instant lockUntil) {
		this.jdbc.sql("""
				UPDATE admin_users
				SET lock_expires_at = CASE WHEN :max > 0 AND failures_count + 1 >= :max THEN :until ELSE lock_expires_at END,
				    failures_count = CASE WHEN :max > 0 AND failures_count + 1 >= :max THEN 0 ELSE failures_count + 1 END
				WHERE id = :id
				""")
			.param("max", maxFailures)
			.param("until", Timestamp.from(lockUntil))
			.param("id", id)
			.update();
	}

	void clearFailures(long id) {
		this.jdbc.sql("UPDATE admin_users SET failures_count = 0, lock_expires_at = NULL WHERE id = :id")
			.param("id", id)
			.update();
	}

	void updatePassword(long id, String passwordHash) {
		this.jdbc.sql("UPDATE admin_users SET password_hash = :hash WHERE id = :id")
			.param("hash", passwordHash)
			.param("id", id)
			.update();
	}

	private static Row map(ResultSet rs, int row) throws SQLException {
		Timestamp lock = rs.getTimestamp("lock_expires_at");
		return new Row(rs.getLong("id"), rs.getString("username"), rs.getString("password_hash"),
				rs.getInt("failures_count"), (lock != null) ? lock.toInstant() : null);
	}

}
