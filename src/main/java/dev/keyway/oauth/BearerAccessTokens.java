package dev.keyway.oauth;

import java.time.Duration;
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
 * cached; any change of a consumer's credentials empties the cache.
 */
@Component
public class BearerAccessTokens implements MeterBinder {

	private final OAuthSettings settings;

	/** Live access tokens only; unknown values go to {@link #unknownTokens}, so they cannot evict real ones. */
	private final LoadingCache<String, Long> consumerByToken;

	private final MissCache<String> unknownTokens;

	@Autowired
	BearerAccessTokens(OAuthSettings settings, TokenStore tokens, TokenHasher hasher, CaffeineSpec cacheSpec) {
		this(settings, tokens, hasher, cacheSpec, 10_000);
	}

	BearerAccessTokens(OAuthSettings settings, TokenStore tokens, TokenHasher hasher, CaffeineSpec cacheSpec,
			long maximumUnknown) {
		this.settings = settings;
		this.consumerByToken = Caffeine.from(cacheSpec).build((token) -> tokens.findByHash(hasher.candidates(token))
				.filter((row) -> row.type() == TokenType.ACCESS && !row.revoked())
				.map(TokenStore.Row::consumerId)
				.orElse(null));
		this.unknownTokens = new MissCache<>(maximumUnknown, Duration.ofMinutes(1));
	}

	/**
	 * The consumer whose valid access token this is, when the setting allows Bearer use. A value
	 * that cannot be a token is answered without a query; an unknown one once per minute at most.
	 */
	public Optional<Long> consumerOf(String token) {
		if (!this.settings.bearerAccessTokens() || !TokenGenerator.isWellFormed(token)) {
			return Optional.empty();
		}
		return this.unknownTokens.lookup(token, this.consumerByToken);
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
