package dev.keyway.oauth;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.CaffeineSpec;
import com.github.benmanes.caffeine.cache.LoadingCache;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Consumers by key and token records by consumer, decrypted, for the verification path. Entries
 * are dropped after the transaction that changed them commits (so a concurrent load of the old row
 * is dropped too); a time-to-live bounds the harm of a lost cross-node notification.
 */
@Component
class CredentialCache implements MeterBinder {

	private static final Duration UNKNOWN_TTL = Duration.ofMinutes(1);

	/** Real consumers only; unknown keys go to {@link #unknownKeys}, so they cannot evict real ones. */
	private final LoadingCache<String, Consumer> consumersByKey;

	private final MissCache<String> unknownKeys;

	private final LoadingCache<Long, Optional<StoredToken>> tokensByConsumer;

	/** The previous access token of a consumer in its grace (issue 17.4); evicted with the token record. */
	private final LoadingCache<Long, Optional<PreviousToken>> previousByConsumer;

	/** The latest ended grace of a consumer (SPEC 2.5.1), for the hint only; evicted with the token record. */
	private final LoadingCache<Long, Optional<PreviousTokenStore.EndedGraceRow>> endedByConsumer;

	@Autowired
	CredentialCache(ConsumerStore consumers, TokenStore tokens, PreviousTokenStore previous, SecretCipher cipher,
			CaffeineSpec cacheSpec) {
		this(consumers, tokens, previous, cipher, cacheSpec, 10_000);
	}

	CredentialCache(ConsumerStore consumers, TokenStore tokens, PreviousTokenStore previous, SecretCipher cipher,
			CaffeineSpec cacheSpec, long maximumUnknownKeys) {
		this.endedByConsumer = Caffeine.from(cacheSpec).build((consumerId) -> previous.findEnded(consumerId));
		this.consumersByKey = Caffeine.from(cacheSpec).build((key) -> consumers.findByKey(key).map((row) -> decrypt(row, cipher)).orElse(null));
		this.unknownKeys = new MissCache<>(maximumUnknownKeys, UNKNOWN_TTL);
		// keyed by the ids of real consumers only, so unknown values cannot flood it
		this.tokensByConsumer = Caffeine.from(cacheSpec).build((consumerId) -> tokens.findByConsumer(consumerId).map((row) -> decrypt(row, cipher)));
		// loaded only when a consumer's signed call presents a token that is not its current one
		this.previousByConsumer = Caffeine.from(cacheSpec).build((consumerId) -> previous.findByConsumer(consumerId).map((row) -> decrypt(row, cipher)));
	}

	/** The consumer with this key; a value that cannot be a key is answered without a query. */
	Optional<Consumer> consumer(String key) {
		if (!TokenGenerator.isWellFormed(key)) {
			return Optional.empty();
		}
		return this.unknownKeys.lookup(key, this.consumersByKey);
	}

	/** Real consumers cached (tests). */
	long cachedConsumers() {
		this.consumersByKey.cleanUp();
		return this.consumersByKey.estimatedSize();
	}

	/** Unknown consumer keys remembered (tests). */
	long cachedUnknownKeys() {
		return this.unknownKeys.size();
	}

	boolean isCached(String key) {
		return this.consumersByKey.getIfPresent(key) != null;
	}

	Optional<StoredToken> token(long consumerId) {
		return this.tokensByConsumer.get(consumerId);
	}

	/** The consumer's previous access token, whatever its validity (the caller compares with the clock). */
	Optional<PreviousToken> previousToken(long consumerId) {
		return this.previousByConsumer.get(consumerId);
	}

	/**
	 * When the grace of the consumer's token with one of these hashes ended, once the cleanup removed
	 * it (kept 7 days). Cached per consumer like the previous token (loaded on an unknown token's
	 * refusal only, evicted with the credentials), so repeated unknown tokens cost no query.
	 */
	Optional<Instant> endedGrace(long consumerId, List<String> hashCandidates) {
		return this.endedByConsumer.get(consumerId)
			.filter((ended) -> hashCandidates.contains(ended.tokenHash()))
			.map(PreviousTokenStore.EndedGraceRow::endedAt);
	}

	@TransactionalEventListener(phase = TransactionPhase.AFTER_COMPLETION, fallbackExecution = true)
	void on(CredentialsChanged event) {
		evict(event.consumerId(), event.consumerKey());
	}

	void evict(long consumerId, String consumerKey) {
		SignatureMethod.forgetKeys();
		this.tokensByConsumer.invalidate(consumerId);
		this.previousByConsumer.invalidate(consumerId);
		this.endedByConsumer.invalidate(consumerId);
		if (consumerKey != null) {
			this.consumersByKey.invalidate(consumerKey);
			this.unknownKeys.invalidate(consumerKey);
		}
		else {
			this.consumersByKey.asMap().values().removeIf((c) -> c.id() == consumerId);
			this.unknownKeys.invalidateAll();
		}
	}

	void evictAll() {
		SignatureMethod.forgetKeys();
		this.consumersByKey.invalidateAll();
		this.unknownKeys.invalidateAll();
		this.tokensByConsumer.invalidateAll();
		this.previousByConsumer.invalidateAll();
		this.endedByConsumer.invalidateAll();
	}

	static Consumer decrypt(ConsumerStore.Row row, SecretCipher cipher) {
		return new Consumer(row.id(), row.key(), cipher.decrypt(row.secretEncrypted()),
				(row.exchangeStartedAt() != null) ? row.exchangeStartedAt() : row.createdAt());
	}

	static PreviousToken decrypt(PreviousTokenStore.Row row, SecretCipher cipher) {
		return new PreviousToken(row.consumerId(), cipher.decrypt(row.tokenEncrypted()),
				cipher.decrypt(row.secretEncrypted()), row.validUntil());
	}

	static StoredToken decrypt(TokenStore.Row row, SecretCipher cipher) {
		return new StoredToken(row.id(), row.consumerId(), row.type(),
				(row.tokenEncrypted() != null) ? cipher.decrypt(row.tokenEncrypted()) : null,
				(row.secretEncrypted() != null) ? cipher.decrypt(row.secretEncrypted()) : null,
				cipher.decrypt(row.verifierEncrypted()), row.revoked(), row.createdAt());
	}

	/** Hits, misses, size and evictions of the cache as {@code cache.*} meters (issue 16.4). */
	@Override
	public void bindTo(MeterRegistry registry) {
		CaffeineCacheMetrics.monitor(registry, this.consumersByKey, "keyway_consumers");
		CaffeineCacheMetrics.monitor(registry, this.tokensByConsumer, "keyway_tokens");
	}

}
