package dev.keyway.account;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.keyway.oauth.MissCache;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** JDBC store of {@code admin_tokens}: keyed hashes only, never the token. */
@Repository
class AdminTokenStore {

	/** A live admin token: whose it is and when it stops working. */
	record Live(long adminUserId, String username, Instant expiresAt) {
	}

	private final JdbcClient jdbc;

	/**
	 * Hashes with no live token, so a flood of unknown Bearer values costs one query each per
	 * minute at most; emptied when a token is issued (no one knows a token before it is returned).
	 */
	private final MissCache<List<String>> unknown = new MissCache<>(10_000, Duration.ofMinutes(1));

	AdminTokenStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void insert(long adminUserId, String tokenHash, Instant now, Instant expiresAt) {
		this.jdbc.sql("""
				INSERT INTO admin_tokens (admin_user_id, token_hash, created_at, expires_at)
				VALUES (:user, :hash, :now, :expires)
				""")
			.param("user", adminUserId)
			.param("hash", tokenHash)
			.param("now", Timestamp.from(now))
			.param("expires", Timestamp.from(expiresAt))
			.update();
		this.unknown.invalidateAll();
	}

	/** The live token with one of these hashes; hashes with none are remembered for a minute. */
	Optional<Live> findLive(List<String> hashCandidates, Instant now) {
		return this.unknown.lookup(List.copyOf(hashCandidates), (hashes) -> query(hashes, now).orElse(null));
	}

	/** Unknown hashes remembered (tests). */
	long cachedUnknown() {
		return this.unknown.size();
	}

	private Optional<Live> query(List<String> hashCandidates, Instant now) {
		return this.jdbc.sql("""
				SELECT t.admin_user_id, u.username, t.expires_at
				FROM admin_tokens t JOIN admin_users u ON u.id = t.admin_user_id
				WHERE t.token_hash IN (:hashes) AND t.expires_at > :now
				""")
			.param("hashes", hashCandidates)
			.param("now", Timestamp.from(now))
			.query((rs, row) -> new Live(rs.getLong("admin_user_id"), rs.getString("username"),
					rs.getTimestamp("expires_at").toInstant()))
			.optional();
	}

	int deleteExpired(Instant now) {
		return this.jdbc.sql("DELETE FROM admin_tokens WHERE expires_at <= :now")
			.param("now", Timestamp.from(now))
			.update();
	}

	int deleteForUser(long adminUserId) {
		return this.jdbc.sql("DELETE FROM admin_tokens WHERE admin_user_id = :user").param("user", adminUserId).update();
	}

}
