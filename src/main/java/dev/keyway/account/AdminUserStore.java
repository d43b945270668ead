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
	 * Counts one attempt BEFORE its password is checked, in a single statement, and tells whether the
	 * attempt may go on: false when the account is locked. The attempt that reaches {@code maxFailures}
	 * locks the account until {@code lockUntil} and restarts the count; its own password is still
	 * checked, and a right one unlocks ({@link #clearFailures}). Parallel attempts thus get at most
	 * {@code maxFailures} password checks between them (the statement commits on its own, so the next
	 * attempt sees it; the database serialises the updates of the row, and PostgreSQL and H2 re-check the
	 * condition on the row as the previous update left it). An attempt cut short (crash, lost connection)
	 * stays counted as a failure, which is the safe side.
	 */
	boolean countAttempt(long id, int maxFailures, Instant now, Instant lockUntil) {
		return this.jdbc.sql("""
				UPDATE admin_users
				SET lock_expires_at = CASE WHEN :max > 0 AND failures_count + 1 >= :max THEN :until ELSE lock_expires_at END,
				    failures_count = CASE WHEN :max > 0 AND failures_count + 1 >= :max THEN 0
				                          WHEN failures_count < 1000000 THEN failures_count + 1 ELSE failures_count END
				WHERE id = :id AND (lock_expires_at IS NULL OR lock_expires_at <= :now)
				""")
			.param("max", maxFailures)
			.param("until", Timestamp.from(lockUntil))
			.param("now", Timestamp.from(now))
			.param("id", id)
			.update() == 1;
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
