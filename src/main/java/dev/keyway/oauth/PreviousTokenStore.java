package dev.keyway.oauth;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * JDBC store of {@code oauth_previous_tokens} (issue 17.4): the access token a reauthorization
 * replaced, valid until {@code valid_until}; at most one per consumer (the primary key). Values
 * arrive and leave encrypted.
 */
@Repository
class PreviousTokenStore {

	/** A previous token as stored. */
	record Row(long consumerId, String tokenHash, String tokenEncrypted, String secretEncrypted, Instant validUntil,
			Instant replacedAt) {
	}

	private static final String COLUMNS = "consumer_id, token_hash, token_encrypted, secret_encrypted, valid_until, replaced_at";

	private final JdbcClient jdbc;

	PreviousTokenStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	Optional<Row> findByConsumer(long consumerId) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM oauth_previous_tokens WHERE consumer_id = :consumer")
			.param("consumer", consumerId)
			.query(PreviousTokenStore::map)
			.optional();
	}

	Optional<Row> findByHash(List<String> hashCandidates) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM oauth_previous_tokens WHERE token_hash IN (:hashes)")
			.param("hashes", hashCandidates)
			.query(PreviousTokenStore::map)
			.optional();
	}

	/** The end of the grace of each of these consumers that has a previous token still valid at {@code now}. */
	Map<Long, Instant> validUntilOf(Collection<Long> consumerIds, Instant now) {
		if (consumerIds.isEmpty()) {
			return Map.of();
		}
		return this.jdbc.sql("""
				SELECT consumer_id, valid_until FROM oauth_previous_tokens
				WHERE consumer_id IN (:consumers) AND valid_until > :now
				""")
			.param("consumers", consumerIds)
			.param("now", Timestamp.from(now))
			.query((rs, row) -> Map.entry(rs.getLong("consumer_id"), rs.getTimestamp("valid_until").toInstant()))
			.list()
			.stream()
			.collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
	}

	List<Row> findAll() {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM oauth_previous_tokens ORDER BY consumer_id")
			.query(PreviousTokenStore::map)
			.list();
	}

	/** Rows whose grace ended before {@code now}, oldest first, at most {@code limit}. */
	List<Row> findEnded(Instant now, int limit) {
		return this.jdbc.sql("SELECT " + COLUMNS
				+ " FROM oauth_previous_tokens WHERE valid_until <= :now ORDER BY valid_until LIMIT :limit")
			.param("now", Timestamp.from(now))
			.param("limit", limit)
			.query(PreviousTokenStore::map)
			.list();
	}

	void insert(long consumerId, String tokenHash, String tokenEncrypted, String secretEncrypted, Instant validUntil,
			Instant replacedAt) {
		this.jdbc.sql("""
				INSERT INTO oauth_previous_tokens (consumer_id, token_hash, token_encrypted, secret_encrypted,
				                                   valid_until, replaced_at)
				VALUES (:consumer, :hash, :token, :secret, :until, :at)
				""")
			.param("consumer", consumerId)
			.param("hash", tokenHash)
			.param("token", tokenEncrypted)
			.param("secret", secretEncrypted)
			.param("until", Timestamp.from(validUntil))
			.param("at", Timestamp.from(replacedAt))
			.update();
	}

	void updateCrypto(long consumerId, String tokenHash, String tokenEncrypted, String secretEncrypted) {
		this.jdbc.sql("""
				UPDATE oauth_previous_tokens
				SET token_hash = :hash, token_encrypted = :token, secret_encrypted = :secret
				WHERE consumer_id = :consumer
				""")
			.param("hash", tokenHash)
			.param("token", tokenEncrypted)
			.param("secret", secretEncrypted)
			.param("consumer", consumerId)
			.update();
	}

	/** @return true when the consumer had a previous token */
	boolean deleteByConsumer(long consumerId) {
		return this.jdbc.sql("DELETE FROM oauth_previous_tokens WHERE consumer_id = :consumer")
			.param("consumer", consumerId)
			.update() > 0;
	}

	/**
	 * Deletes the row only if it is still the one whose grace ended at {@code validUntil}.
	 * @return true for the one caller (of every node) that deleted it
	 */
	boolean deleteEnded(long consumerId, Instant validUntil) {
		return this.jdbc.sql("DELETE FROM oauth_previous_tokens WHERE consumer_id = :consumer AND valid_until = :until")
			.param("consumer", consumerId)
			.param("until", Timestamp.from(validUntil))
			.update() == 1;
	}

	// ---- oauth_ended_graces (V50): the hash of a token whose grace ended, kept 7 days for the hint ----

	/**
	 * Keeps the ended token's hash as the consumer's latest ended grace (one per consumer). Called only
	 * after this transaction's conditional delete of the consumer's one previous token succeeded, so two
	 * nodes never run it for one consumer at once: the delete and insert cannot meet a duplicate key.
	 */
	void keepEnded(long consumerId, String tokenHash, Instant endedAt) {
		this.jdbc.sql("DELETE FROM oauth_ended_graces WHERE consumer_id = :consumer").param("consumer", consumerId).update();
		this.jdbc.sql("INSERT INTO oauth_ended_graces (consumer_id, token_hash, ended_at) VALUES (:consumer, :hash, :at)")
			.param("consumer", consumerId)
			.param("hash", tokenHash)
			.param("at", Timestamp.from(endedAt))
			.update();
	}

	/** The consumer's latest ended grace, if it is still kept: the old token's hash and when it ended. */
	Optional<EndedGraceRow> findEnded(long consumerId) {
		return this.jdbc.sql("SELECT token_hash, ended_at FROM oauth_ended_graces WHERE consumer_id = :consumer")
			.param("consumer", consumerId)
			.query((rs, row) -> new EndedGraceRow(rs.getString("token_hash"), rs.getTimestamp("ended_at").toInstant()))
			.optional();
	}

	/** An ended grace as stored: the old token's keyed hash (never the token) and the end of its grace. */
	record EndedGraceRow(String tokenHash, Instant endedAt) {
	}

	void forgetEnded(long consumerId) {
		this.jdbc.sql("DELETE FROM oauth_ended_graces WHERE consumer_id = :consumer").param("consumer", consumerId).update();
	}

	int forgetEndedBefore(Instant before) {
		return this.jdbc.sql("DELETE FROM oauth_ended_graces WHERE ended_at < :before")
			.param("before", Timestamp.from(before))
			.update();
	}

	private static Row map(ResultSet rs, int row) throws SQLException {
		return new Row(rs.getLong("consumer_id"), rs.getString("token_hash"), rs.getString("token_encrypted"),
				rs.getString("secret_encrypted"), rs.getTimestamp("valid_until").toInstant(),
				rs.getTimestamp("replaced_at").toInstant());
	}

}
