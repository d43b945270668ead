package dev.keyway.oauth;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * JDBC store of {@code oauth_tokens}: one record per consumer (a unique constraint), found by
 * consumer or by the keyed hash of its token value. Values arrive and leave encrypted; stage
 * changes are conditional updates, so two racing exchanges cannot both win.
 */
@Repository
class TokenStore {

	/** A token row as stored. */
	record Row(long id, long consumerId, TokenType type, String tokenHash, String tokenEncrypted,
			String secretEncrypted, String verifierEncrypted, boolean revoked, Instant createdAt) {
	}

	private static final String COLUMNS = """
			id, consumer_id, token_type, token_hash, token_encrypted, secret_encrypted, verifier_encrypted,
			revoked, created_at""";

	private final JdbcClient jdbc;

	TokenStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	Optional<Row> findByConsumer(long consumerId) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM oauth_tokens WHERE consumer_id = :consumer")
			.param("consumer", consumerId)
			.query(TokenStore::map)
			.optional();
	}

	Optional<Row> findByHash(List<String> hashCandidates) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM oauth_tokens WHERE token_hash IN (:hashes)")
			.param("hashes", hashCandidates)
			.query(TokenStore::map)
			.optional();
	}

	List<Row> findAll() {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM oauth_tokens ORDER BY id").query(TokenStore::map).list();
	}

	void insert(long consumerId, TokenType type, String tokenHash, String tokenEncrypted, String secretEncrypted,
			String verifierEncrypted, Instant now) {
		this.jdbc.sql("""
				INSERT INTO oauth_tokens (consumer_id, token_type, token_hash, token_encrypted, secret_encrypted,
				                          verifier_encrypted, revoked, created_at)
				VALUES (:consumer, :type, :hash, :token, :secret, :verifier, FALSE, :now)
				""")
			.param("consumer", consumerId)
			.param("type", type.column())
			.param("hash", tokenHash)
			.param("token", tokenEncrypted)
			.param("secret", secretEncrypted)
			.param("verifier", verifierEncrypted)
			.param("now", Timestamp.from(now))
			.update();
	}

	/**
	 * Moves the record from {@code from} to {@code to} with a new token and secret.
	 * @return false when the record is no longer at stage {@code from} (someone else moved it)
	 */
	boolean promote(long tokenId, TokenType from, TokenType to, String tokenHash, String tokenEncrypted,
			String secretEncrypted, Instant now) {
		return this.jdbc.sql("""
				UPDATE oauth_tokens
				SET token_type = :to, token_hash = :hash, token_encrypted = :token, secret_encrypted = :secret,
				    created_at = :now
				WHERE id = :id AND token_type = :from
				""")
			.param("to", to.column())
			.param("hash", tokenHash)
			.param("token", tokenEncrypted)
			.param("secret", secretEncrypted)
			.param("now", Timestamp.from(now))
			.param("id", tokenId)
			.param("from", from.column())
			.update() == 1;
	}

	void updateCrypto(long id, String tokenHash, String tokenEncrypted, String secretEncrypted,
			String verifierEncrypted) {
		this.jdbc.sql("""
				UPDATE oauth_tokens
				SET token_hash = :hash, token_encrypted = :token, secret_encrypted = :secret, verifier_encrypted = :verifier
				WHERE id = :id
				""")
			.param("hash", tokenHash)
			.param("token", tokenEncrypted)
			.param("secret", secretEncrypted)
			.param("verifier", verifierEncrypted)
			.param("id", id)
			.update();
	}

	void revoke(long consumerId) {
		this.jdbc.sql("UPDATE oauth_tokens SET revoked = TRUE WHERE consumer_id = :consumer")
			.param("consumer", consumerId)
			.update();
	}

	boolean deleteByConsumer(long consumerId) {
		return this.jdbc.sql("DELETE FROM oauth_tokens WHERE consumer_id = :consumer")
			.param("consumer", consumerId)
			.update() > 0;
	}

	int deleteStalePreAuthorization(Instant createdBefore) {
		return this.jdbc.sql("DELETE FROM oauth_tokens WHERE token_type = 'request' AND created_at < :before")
			.param("before", Timestamp.from(createdBefore))
			.update();
	}

	private static Row map(ResultSet rs, int row) throws SQLException {
		return new Row(rs.getLong("id"), rs.getLong("consumer_id"), TokenType.ofColumn(rs.getString("token_type")),
				rs.getString("token_hash"), rs.getString("token_encrypted"), rs.getString("secret_encrypted"),
				rs.getString("verifier_encrypted"), rs.getBoolean("revoked"), rs.getTimestamp("created_at").toInstant());
	}

}
