package dev.keyway.oauth;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import com.github.benmanes.caffeine.cache.CaffeineSpec;

import dev.keyway.testing.KeywayIntegrationTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Unknown consumer keys and Bearer tokens (issue 11.6 item 5): kept apart from real entries, so a
 * flood of them evicts none; a value that cannot be a credential costs no query. Caches are built
 * here with small bounds on the context's stores, wrapped to count queries.
 */
@KeywayIntegrationTest
class UnknownCredentialsCachingTests {

	private static final int FLOOD = 500;

	/** Room for 20 real entries, so a flood of unknown values would evict them if it could. */
	private static final CaffeineSpec SMALL = CaffeineSpec.parse("maximumSize=20,expireAfterWrite=10m");

	@Autowired
	JdbcClient jdbc;

	@Autowired
	ConsumerService consumers;

	@Autowired
	TokenStore tokens;

	@Autowired
	SecretCipher cipher;

	@Autowired
	TokenHasher hasher;

	private final TokenGenerator generator = new TokenGenerator();

	@Test
	void consumerWhenFloodedWithUnknownKeysThenRealConsumerStaysCachedAndIsNotQueriedAgain() {
		NewConsumer real = this.consumers.register();
		CountingConsumerStore store = new CountingConsumerStore(this.jdbc);
		CredentialCache cache = new CredentialCache(store, this.tokens, new PreviousTokenStore(this.jdbc), this.cipher, SMALL, 50);
		assertThat(cache.consumer(real.key())).get().extracting(Consumer::id).isEqualTo(real.id());

		for (int i = 0; i < FLOOD; i++) {
			assertThat(cache.consumer(this.generator.next())).isEmpty();
		}

		assertThat(cache.isCached(real.key())).isTrue();
		assertThat(cache.cachedConsumers()).isEqualTo(1);
		assertThat(cache.cachedUnknownKeys()).isBetween(1L, 50L);
		int queries = store.queries.get();
		assertThat(queries).isEqualTo(1 + FLOOD);
		assertThat(cache.consumer(real.key())).isPresent();
		assertThat(store.queries.get()).isEqualTo(queries);
	}

	@Test
	void consumerWhenUnknownKeyAskedTwiceThenOneQueryAndForgottenWhenCredentialsChange() {
		CountingConsumerStore store = new CountingConsumerStore(this.jdbc);
		CredentialCache cache = new CredentialCache(store, this.tokens, new PreviousTokenStore(this.jdbc), this.cipher, SMALL, 50);
		String unknown = this.generator.next();
		assertThat(cache.consumer(unknown)).isEmpty();
		assertThat(cache.consumer(unknown)).isEmpty();
		assertThat(store.queries.get()).isEqualTo(1);
		cache.evict(0, unknown);
		assertThat(cache.consumer(unknown)).isEmpty();
		assertThat(store.queries.get()).isEqualTo(2);
	}

	@Test
	void consumerWhenValueCannotBeAKeyThenEmptyWithoutQuery() {
		CountingConsumerStore store = new CountingConsumerStore(this.jdbc);
		CredentialCache cache = new CredentialCache(store, this.tokens, new PreviousTokenStore(this.jdbc), this.cipher, SMALL, 50);
		for (String value : List.of("", "short", "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345", "abcdefghijklmnopqrstuvwxyz01234-",
				"abcdefghijklmnopqrstuvwxyz0123456")) {
			assertThat(cache.consumer(value)).as(value).isEmpty();
		}
		assertThat(store.queries.get()).isZero();
		assertThat(cache.cachedUnknownKeys()).isZero();
	}

	@Test
	void consumerOfWhenFloodedWithUnknownBearerTokensThenRealTokenStaysCachedAndMalformedCostNoQuery() {
		NewConsumer real = this.consumers.register();
		OAuthCredentials credentials = this.consumers.issueDirectly(real.id());
		CountingTokenStore store = new CountingTokenStore(this.jdbc);
		BearerAccessTokens bearer = new BearerAccessTokens(new BearerAllowed(), store, new PreviousTokenStore(this.jdbc), this.hasher, SMALL,
				java.time.Clock.systemUTC(), 50);
		assertThat(bearer.consumerOf(credentials.accessToken())).contains(real.id());

		for (int i = 0; i < FLOOD; i++) {
			assertThat(bearer.consumerOf(this.generator.next())).isEmpty();
		}
		assertThat(bearer.cachedTokens()).isEqualTo(1);
		assertThat(bearer.cachedUnknownTokens()).isBetween(1L, 50L);
		int queries = store.queries.get();
		assertThat(bearer.consumerOf(credentials.accessToken())).contains(real.id());
		assertThat(bearer.consumerOf(credentials.accessToken().toUpperCase())).isEmpty();
		assertThat(bearer.consumerOf("not a token")).isEmpty();
		assertThat(store.queries.get()).isEqualTo(queries);
	}

	static final class CountingConsumerStore extends ConsumerStore {

		final AtomicInteger queries = new AtomicInteger();

		CountingConsumerStore(JdbcClient jdbc) {
			super(jdbc);
		}

		@Override
		Optional<Row> findByKey(String key) {
			this.queries.incrementAndGet();
			return super.findByKey(key);
		}

	}

	static final class CountingTokenStore extends TokenStore {

		final AtomicInteger queries = new AtomicInteger();

		CountingTokenStore(JdbcClient jdbc) {
			super(jdbc);
		}

		@Override
		Optional<Row> findByHash(List<String> hashCandidates) {
			this.queries.incrementAndGet();
			return super.findByHash(hashCandidates);
		}

	}

	/** Settings with Bearer use allowed; the other settings are not read by Bearer look-ups. */
	static final class BearerAllowed implements OAuthSettings {

		@Override
		public Duration timestampWindow() {
			return Duration.ofMinutes(10);
		}

		@Override
		public boolean hmacSha1Allowed() {
			return true;
		}

		@Override
		public Duration consumerWindow() {
			return Duration.ofMinutes(10);
		}

		@Override
		public boolean bearerAccessTokens() {
			return true;
		}

		@Override
		public boolean cleanupEnabled() {
			return false;
		}

		@Override
		public Duration cleanupAge() {
			return Duration.ofDays(1);
		}

	}

}
