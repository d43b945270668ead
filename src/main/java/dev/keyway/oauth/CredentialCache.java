package dev.keyway.oauth;

import java.time.Duration;
import java.util.Optional;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;

import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Consumers by key and token records by consumer, decrypted, for the verification path. Entries
 * are dropped after the transaction that changed them commits (so a concurrent load of the old row
 * is dropped too); a time-to-live bounds the harm of a lost cross-node notification.
 */
@Component
class CredentialCache {

	private static final Duration SAFETY_TTL = Duration.ofMinutes(10);

	private final LoadingCache<String, Optional<Consumer>> consumersByKey;

	private final LoadingCache<Long, Optional<StoredToken>> tokensByConsumer;

	CredentialCache(ConsumerStore consumers, TokenStore tokens, SecretCipher cipher) {
		this.consumersByKey = Caffeine.newBuilder()
			.maximumSize(500_000)
			.expireAfterWrite(SAFETY_TTL)
			.build((key) -> consumers.findByKey(key).map((row) -> decrypt(row, cipher)));
		this.tokensByConsumer = Caffeine.newBuilder()
			.maximumSize(500_000)
			.expireAfterWrite(SAFETY_TTL)
			.build((consumerId) -> tokens.findByConsumer(consumerId).map((row) -> decrypt(row, cipher)));
	}

	Optional<Consumer> consumer(String key) {
		return this.consumersByKey.get(key);
	}

	Optional<StoredToken> token(long consumerId) {
		return this.tokensByConsumer.get(consumerId);
	}

	@TransactionalEventListener(phase = TransactionPhase.AFTER_COMPLETION, fallbackExecution = true)
	void on(CredentialsChanged event) {
		evict(event.consumerId(), event.consumerKey());
	}

	void evict(long consumerId, String consumerKey) {
		this.tokensByConsumer.invalidate(consumerId);
		if (consumerKey != null) {
			this.consumersByKey.invalidate(consumerKey);
		}
		else {
			this.consumersByKey.asMap().values().removeIf((c) -> c.isPresent() && c.get().id() == consumerId);
		}
	}

	void evictAll() {
		this.consumersByKey.invalidateAll();
		this.tokensByConsumer.invalidateAll();
	}

	static Consumer decrypt(ConsumerStore.Row row, SecretCipher cipher) {
		return new Consumer(row.id(), row.key(), cipher.decrypt(row.secretEncrypted()),
				(row.exchangeStartedAt() != null) ? row.exchangeStartedAt() : row.createdAt());
	}

	static StoredToken decrypt(TokenStore.Row row, SecretCipher cipher) {
		return new StoredToken(row.id(), row.consumerId(), row.type(),
				(row.tokenEncrypted() != null) ? cipher.decrypt(row.tokenEncrypted()) : null,
				(row.secretEncrypted() != null) ? cipher.decrypt(row.secretEncrypted()) : null,
				cipher.decrypt(row.verifierEncrypted()), row.revoked(), row.createdAt());
	}

}
