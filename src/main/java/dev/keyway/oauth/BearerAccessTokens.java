package dev.keyway.oauth;

import java.time.Clock;
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
 * An access token used alone, as {@code Authorization: Bearer <token>} (SPEC 5.2), when the setting
 * "Allow OAuth Access Tokens to be used as standalone Bearer tokens" is Yes. Look-ups by token are
 * cached; any change of a consumer's credentials empties the cache. A previous access token in its
 * reauthorization grace (issue 17.4) is accepted until the grace ends, compared with the clock on
 * every call (the cache keeps the end, not a verdict).
 */
@Component
public class BearerAccessTokens implements MeterBinder {

	private final OAuthSettings settings;

	/** Whose live access token a value is; {@code validUntil} is null for a current token. */
	private record Holder(long consumerId, Instant validUntil) {
	}

	/** Live access tokens only; unknown values go to {@link #unknownTokens}, so they cannot evict real ones. */
	private final LoadingCache<String, Holder> consumerByToken;

	private final MissCache<String> unknownTokens;

	private final Clock clock;

	@Autowired
	BearerAccessTokens(OAuthSettings settings, TokenStore tokens, PreviousTokenStore previous, TokenHasher hasher,
			CaffeineSpec cacheSpec, Clock clock) {
		this(settings, tokens, previous, hasher, cacheSpec, clock, 10_000);
	}

	BearerAccessTokens(OAuthSettings settings, TokenStore tokens, PreviousTokenStore previous, TokenHasher hasher,
			CaffeineSpec cacheSpec, Clock clock, long maximumUnknown) {
		this.settings = settings;
		this.clock = clock;
		this.consumerByToken = Caffeine.from(cacheSpec).build((token) -> {
			List<String> hashes = hasher.candidates(token);
			Optional<TokenStore.Row> current = tokens.findByHash(hashes);
			if (current.isPresent()) {
				TokenStore.Row row = current.get();
				return (row.type() == TokenType.ACCESS && !row.revoked()) ? new Holder(row.consumerId(), null) : null;
			}
			// a previous token past its grace is a miss like any unknown value
			return previous.findByHash(hashes)
				.filter((row) -> clock.instant().isBefore(row.validUntil()))
				.map((row) -> new Holder(row.consumerId(), row.validUntil()))
				.orElse(null);
		});
		this.unknownTokens = new MissCache<>(maximumUnknown, Duration.ofMinutes(1));
	}

	/**
	 * The consumer whose valid access token this is, when the setting allows Bearer use. A value
	 * that cannot be a token is answered without a query; an unknown one once per minute at most.
	 */
	public Optional<Long> consumerOf(String token) {
		if (!this.settings.bearerAccessTokens()) {
			return Optional.empty();
		}
		return ownerOf(token);
	}

	/**
	 * The consumer whose valid access token this is, whatever the setting says: only to tell the
	 * integration's health why its Bearer call was refused ({@code bearer_disabled}, SPEC 5.9), never to
	 * let it call. Same caches as {@link #consumerOf}.
	 */
	public Optional<Long> ownerOf(String token) {
		if (!TokenGenerator.isWellFormed(token)) {
			return Optional.empty();
		}
		Instant now = this.clock.instant();
		return this.unknownTokens.lookup(token, this.consumerByToken)
			.filter((holder) -> holder.validUntil() == null || now.isBefore(holder.validUntil()))
			.map(Holder::consumerId);
	}

	/**
	 * The consumer of a live access token this node has already looked up, without hashing or a query;
	 * empty when it is not cached (then ask {@link #consumerOf}) or when the setting forbids Bearer use.
	 */
	public Optional<Long> cachedConsumerOf(String token) {
		if (!this.settings.bearerAccessTokens()) {
			return Optional.empty();
		}
		Holder holder = this.consumerByToken.getIfPresent(token);
		if (holder == null || (holder.validUntil() != null && !this.clock.instant().isBefore(holder.validUntil()))) {
			return Optional.empty();
		}
		return Optional.of(holder.consumerId());
	}

	/** True when the setting lets integrations call with their access token as a Bearer token. */
	public boolean enabled() {
		return this.settings.bearerAccessTokens();
	}

	/** Live tokens cached (tests). */
	long cachedTokens() {
		this.consumerByToken.cleanUp();
		return this.consumerByToken.estimatedSize();
	}

	/** Unknown tokens remembered (tests). */
	long cachedUnknownTokens() {
		return this.unknownTokens.size();
	}

	@TransactionalEventListener(phase = TransactionPhase.AFTER_COMPLETION, fallbackExecution = true)
	void on(CredentialsChanged event) {
		evictAll();
	}

	void evictAll() {
		this.consumerByToken.invalidateAll();
		this.unknownTokens.invalidateAll();
	}

	/** Hits, misses, size and evictions of the cache as {@code cache.*} meters (issue 16.4). */
	@Override
	public void bindTo(MeterRegistry registry) {
		CaffeineCacheMetrics.monitor(registry, this.consumerByToken, "keyway_bearer_tokens");
	}

}
