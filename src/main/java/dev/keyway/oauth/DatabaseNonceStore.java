package dev.keyway.oauth;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Nonces as rows of {@code oauth_nonces}, one SELECT and one INSERT per request, as Magento does:
 * the baseline the benchmark compares {@link BatchingNonceStore} with
 * ({@code keyway.oauth.nonce-store=per-request}). The primary key refuses a second use.
 */
class DatabaseNonceStore implements NonceStore {

	private final JdbcClient jdbc;

	DatabaseNonceStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public boolean claim(long consumerId, String nonce, long expiresAtEpochSecond) {
		boolean used = this.jdbc.sql("SELECT 1 FROM oauth_nonces WHERE consumer_id = :consumer AND nonce = :nonce")
			.param("consumer", consumerId)
			.param("nonce", nonce)
			.query(Integer.class)
			.optional()
			.isPresent();
		if (used) {
			return false;
		}
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


}
