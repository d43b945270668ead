package dev.keyway.oauth;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

/** JDBC store of {@code oauth_consumers}. Secrets arrive and leave encrypted. */
@Repository
class ConsumerStore {

	/** A consumer row as stored. */
	record Row(long id, String key, String secretEncrypted, Instant exchangeStartedAt, Instant createdAt) {
	}

	private static final String COLUMNS = "id, consumer_key, secret_encrypted, exchange_started_at, created_at";

	private final JdbcClient jdbc;

	ConsumerStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	long insert(String key, String secretEncrypted, Instant now) {
		KeyHolder keys = new GeneratedKeyHolder();
		this.jdbc.sql("""
				INSERT INTO oauth_consumers (consumer_key, secret_encrypted, created_at)
				VALUES (:key, :secret, :now)
				""")
			.param("key", key)
			.param("secret", secretEncrypted)
			.param("now", Timestamp.from(now))
			.update(keys, "id");
		return keys.getKey().longValue();
	}

	Optional<Row> findByKey(String key) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM oauth_consumers WHERE consumer_key = :key")
			.param("key", key)
			.query(ConsumerStore::map)
			.optional();
	}

	Optional<Row> findById(long id) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM oauth_consumers WHERE id = :id")
			.param("id", id)
			.query(ConsumerStore::map)
			.optional();
	}

	List<Row> findAll() {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM oauth_consumers ORDER BY id").query(ConsumerStore::map).list();
	}

	void markExchangeStarted(long id, Instant at) {
		this.jdbc.sql("UPDATE oauth_consumers SET exchange_started_at = :at WHERE id = :id")
			.param("at", Timestamp.from(at))
			.param("id", id)
			.update();
	}

	void updateSecret(long id, String secretEncrypted) {
		this.jdbc.sql("UPDATE oauth_consumers SET secret_encrypted = :secret WHERE id = :id")
			.param("secret", secretEncrypted)
			.param("id", id)
			.update();
	}

	/** The consumer's nonce rows (database-backed nonce stores); in-memory entries simply expire. */
	void deleteNonces(long id) {
		this.jdbc.sql("DELETE FROM oauth_nonces WHERE consumer_id = :id").param("id", id).update();
	}

	boolean delete(long id) {
		return this.jdbc.sql("DELETE FROM oauth_consumers WHERE id = :id").param("id", id).update() > 0;
	}

	private static Row map(ResultSet rs, int row) throws SQLException {
		Timestamp started = rs.getTimestamp("exchange_started_at");
		return new Row(rs.getLong("id"), rs.getString("consumer_key"), rs.getString("secret_encrypted"),
				(started != null) ? started.toInstant() : null, rs.getTimestamp("created_at").toInstant());
	}

}
