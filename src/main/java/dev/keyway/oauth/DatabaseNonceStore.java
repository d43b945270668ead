package dev.keyway.oauth;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Nonces as rows of {@code oauth_nonces}; the primary key refuses a second use. */
@Repository
class DatabaseNonceStore implements NonceStore {

	private final JdbcClient jdbc;

	DatabaseNonceStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public boolean claim(long consumerId, String nonce, long expiresAtEpochSecond) {
		try {
			this.jdbc.sql("INSERT INTO oauth_nonces (consumer_id, nonce, expires_at) VALUES (:consumer, :nonce, :expires)")
				.param("consumer", consumerId)
				.param("nonce", nonce)
				.param("expires", expiresAtEpochSecond)
				.update();
			return true;
		}
		catch (DuplicateKeyException ex) {
			return false;
		}
	}

	@Override
	public void forget(long consumerId) {
		this.jdbc.sql("DELETE FROM oauth_nonces WHERE consumer_id = :consumer").param("consumer", consumerId).update();
	}

}
