package dev.keyway.oauth;

import java.time.Duration;
import java.util.Optional;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;

import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * An access token used alone, as {@code Authorization: Bearer <token>} (SPEC 5.2), when the setting
 * "Allow OAuth Access Tokens to be used as standalone Bearer tokens" is Yes. Look-ups by token are
 * cached; any change of a consumer's credentials empties the cache.
 */
@Component
public class BearerAccessTokens {

	private final OAuthSettings settings;

	private final LoadingCache<String, Optional<Long>> consumerByToken;

	BearerAccessTokens(OAuthSettings settings, TokenStore tokens, TokenHasher hasher) {
		this.settings = settings;
		this.consumerByToken = Caffeine.newBuilder()
			.maximumSize(100_000)
			.expireAfterWrite(Duration.ofMinutes(10))
			.build((token) -> tokens.findByHash(hasher.candidates(token))
				.filter((row) -> row.type() == TokenType.ACCESS && !row.revoked())
				.map(TokenStore.Row::consumerId));
	}

	/** The consumer whose valid access token this is, when the setting allows Bearer use. */
	public Optional<Long> consumerOf(String token) {
		if (!this.settings.bearerAccessTokens() || token.length() != TokenGenerator.LENGTH) {
			return Optional.empty();
		}
		return this.consumerByToken.get(token);
	}

	@TransactionalEventListener(phase = TransactionPhase.AFTER_COMPLETION, fallbackExecution = true)
	void on(CredentialsChanged event) {
		evictAll();
	}

	void evictAll() {
		this.consumerByToken.invalidateAll();
	}

}
