package dev.keyway.oauth;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.keyway.testing.KeywayIntegrationTest;
import dev.keyway.testing.TestClock;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.within;

@KeywayIntegrationTest
class ConsumerServiceTests {

	private static final String TOKEN = "[0-9a-z]{32}";

	@Autowired
	ConsumerService service;

	@Autowired
	CredentialCache cache;

	@Autowired
	NonceStore nonces;

	@Autowired
	TokenHasher hasher;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	TestClock clock;

	@AfterEach
	void resetClock() {
		this.clock.reset();
	}

	@Test
	void registerWhenCalledThenConsumerWithKeyAndEncryptedSecret() {
		NewConsumer consumer = this.service.register();
		assertThat(consumer.key()).matches(TOKEN);
		assertThat(this.service.keyOf(consumer.id())).isEqualTo(consumer.key());
		String secret = this.service.revealConsumerSecret(consumer.id());
		assertThat(secret).matches(TOKEN).isNotEqualTo(consumer.key());
		String stored = this.jdbc.sql("SELECT secret_encrypted FROM oauth_consumers WHERE id = :id")
			.param("id", consumer.id())
			.query(String.class)
			.single();
		assertThat(stored).doesNotContain(secret);
		Optional<Consumer> cached = this.cache.consumer(consumer.key());
		assertThat(cached).isPresent();
		assertThat(cached.get().secret()).isEqualTo(secret);
		assertThat(this.service.tokenStage(consumer.id())).isEmpty();
	}

	@Test
	void registerWhenCalledTwiceThenDifferentKeysAndSecrets() {
		NewConsumer one = this.service.register();
		NewConsumer two = this.service.register();
		assertThat(one.key()).isNotEqualTo(two.key());
		assertThat(this.service.revealConsumerSecret(one.id())).isNotEqualTo(this.service.revealConsumerSecret(two.id()));
	}

	@Test
	void issueDirectlyWhenCalledThenFourCredentialsAndAccessRecordVisibleInCache() {
		NewConsumer consumer = this.service.register();
		assertThat(this.cache.token(consumer.id())).isEmpty();
		OAuthCredentials credentials = this.service.issueDirectly(consumer.id());
		assertThat(credentials.consumerKey()).isEqualTo(consumer.key());
		assertThat(credentials.consumerSecret()).isEqualTo(this.service.revealConsumerSecret(consumer.id()));
		assertThat(credentials.accessToken()).matches(TOKEN);
		assertThat(credentials.accessTokenSecret()).matches(TOKEN).isNotEqualTo(credentials.accessToken());
		assertThat(this.service.tokenStage(consumer.id())).contains(TokenType.ACCESS);
		StoredToken token = this.cache.token(consumer.id()).orElseThrow();
		assertThat(token.type()).isEqualTo(TokenType.ACCESS);
		assertThat(token.value()).isEqualTo(credentials.accessToken());
		assertThat(token.secret()).isEqualTo(credentials.accessTokenSecret());
		assertThat(token.verifier()).matches(TOKEN);
		assertThat(token.revoked()).isFalse();
		assertThat(this.service.reveal(consumer.id())).contains(credentials);
		assertThat(this.service.reveal(consumer.id()).orElseThrow().accessTokenSecret())
			.isEqualTo(credentials.accessTokenSecret());
	}

	@Test
	void issueDirectlyWhenCalledThenTokenFoundByKeyedHash() {
		NewConsumer consumer = this.service.register();
		OAuthCredentials credentials = this.service.issueDirectly(consumer.id());
		Long found = this.jdbc.sql("SELECT consumer_id FROM oauth_tokens WHERE token_hash = :hash")
			.param("hash", this.hasher.hash(credentials.accessToken()))
			.query(Long.class)
			.single();
		assertThat(found).isEqualTo(consumer.id());
	}

	@Test
	void issueDirectlyWhenCalledAgainThenOldTokenReplacedAtOnce() {
		NewConsumer consumer = this.service.register();
		OAuthCredentials first = this.service.issueDirectly(consumer.id());
		assertThat(this.cache.token(consumer.id()).orElseThrow().value()).isEqualTo(first.accessToken());
		OAuthCredentials second = this.service.issueDirectly(consumer.id());
		assertThat(second.consumerKey()).isEqualTo(first.consumerKey());
		assertThat(second.consumerSecret()).isEqualTo(first.consumerSecret());
		assertThat(second.accessToken()).isNotEqualTo(first.accessToken());
		assertThat(second.accessTokenSecret()).isNotEqualTo(first.accessTokenSecret());
		assertThat(this.cache.token(consumer.id()).orElseThrow().value()).isEqualTo(second.accessToken());
		assertThat(tokenRows(consumer.id())).isEqualTo(1);
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM oauth_tokens WHERE token_hash = :hash")
			.param("hash", this.hasher.hash(first.accessToken()))
			.query(Long.class)
			.single()).as("the old access token is no longer found").isZero();
	}

	@Test
	void startExchangeWhenNoTokenThenVerifierRecordAndWindowStarted() {
		NewConsumer consumer = this.service.register();
		Instant createdWindow = this.cache.consumer(consumer.key()).orElseThrow().windowStart();
		this.clock.shift(Duration.ofMinutes(7));
		ExchangeStart start = this.service.startExchange(consumer.id());
		assertThat(start.consumerKey()).isEqualTo(consumer.key());
		assertThat(start.consumerSecret()).isEqualTo(this.service.revealConsumerSecret(consumer.id()));
		assertThat(start.verifier()).matches(TOKEN);
		assertThat(this.service.tokenStage(consumer.id())).contains(TokenType.VERIFIER);
		StoredToken token = this.cache.token(consumer.id()).orElseThrow();
		assertThat(token.type()).isEqualTo(TokenType.VERIFIER);
		assertThat(token.verifier()).isEqualTo(start.verifier());
		assertThat(token.value()).isNull();
		assertThat(token.secret()).isNull();
		Instant window = this.cache.consumer(consumer.key()).orElseThrow().windowStart();
		assertThat(window).isCloseTo(this.clock.instant(), within(2, ChronoUnit.SECONDS));
		assertThat(Duration.between(createdWindow, window)).isGreaterThanOrEqualTo(Duration.ofMinutes(7));
	}

	@Test
	void startExchangeWhenVerifierPendingThenReusesIt() {
		NewConsumer consumer = this.service.register();
		ExchangeStart first = this.service.startExchange(consumer.id());
		ExchangeStart second = this.service.startExchange(consumer.id());
		assertThat(second.verifier()).isEqualTo(first.verifier());
		assertThat(tokenRows(consumer.id())).isEqualTo(1);
	}

	@Test
	void startExchangeWhenAccessTokenExistsThenReplacedByNewVerifier() {
		NewConsumer consumer = this.service.register();
		OAuthCredentials issued = this.service.issueDirectly(consumer.id());
		assertThat(this.cache.token(consumer.id()).orElseThrow().type()).isEqualTo(TokenType.ACCESS);
		ExchangeStart start = this.service.startExchange(consumer.id());
		StoredToken token = this.cache.token(consumer.id()).orElseThrow();
		assertThat(token.type()).isEqualTo(TokenType.VERIFIER);
		assertThat(token.verifier()).isEqualTo(start.verifier());
		assertThat(this.service.reveal(consumer.id())).isEmpty();
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM oauth_tokens WHERE token_hash = :hash")
			.param("hash", this.hasher.hash(issued.accessToken()))
			.query(Long.class)
			.single()).isZero();
	}

	@Test
	void removeTokenWhenAccessTokenExistsThenGoneAtOnce() {
		NewConsumer consumer = this.service.register();
		this.service.issueDirectly(consumer.id());
		assertThat(this.cache.token(consumer.id())).isPresent();
		this.service.removeToken(consumer.id());
		assertThat(this.cache.token(consumer.id())).isEmpty();
		assertThat(this.service.tokenStage(consumer.id())).isEmpty();
		assertThat(tokenRows(consumer.id())).isZero();
		assertThat(this.cache.consumer(consumer.key())).isPresent();
	}

	@Test
	void removeWhenConsumerHasTokenAndNoncesThenAllGoneAtOnce() {
		NewConsumer consumer = this.service.register();
		NewConsumer other = this.service.register();
		this.service.issueDirectly(consumer.id());
		long expires = this.clock.instant().getEpochSecond() + 600;
		// rows as the database-backed nonce stores write them (on H2 the store keeps nonces in memory)
		insertNonce(consumer.id(), "nonce-1", expires);
		insertNonce(consumer.id(), "nonce-2", expires);
		insertNonce(other.id(), "nonce-1", expires);
		assertThat(this.cache.consumer(consumer.key())).isPresent();
		assertThat(this.cache.token(consumer.id())).isPresent();
		this.service.remove(consumer.id());
		assertThat(this.cache.consumer(consumer.key())).isEmpty();
		assertThat(this.cache.token(consumer.id())).isEmpty();
		assertThat(count("SELECT COUNT(*) FROM oauth_consumers WHERE id = :id", consumer.id())).isZero();
		assertThat(tokenRows(consumer.id())).isZero();
		assertThat(count("SELECT COUNT(*) FROM oauth_nonces WHERE consumer_id = :id", consumer.id())).isZero();
		assertThat(count("SELECT COUNT(*) FROM oauth_nonces WHERE consumer_id = :id", other.id())).isOne();
		assertThat(this.cache.consumer(other.key())).isPresent();
		assertThatIllegalStateException().isThrownBy(() -> this.service.keyOf(consumer.id()))
			.withMessage("No OAuth consumer with id " + consumer.id());
	}

	@Test
	void claimWhenNonceReusedThenRefusedPerConsumer() {
		NewConsumer consumer = this.service.register();
		NewConsumer other = this.service.register();
		long expires = this.clock.instant().getEpochSecond() + 600;
		assertThat(this.nonces.claim(consumer.id(), "n-1", expires)).isTrue();
		assertThat(this.nonces.claim(consumer.id(), "n-1", expires)).isFalse();
		assertThat(this.nonces.claim(other.id(), "n-1", expires)).isTrue();
	}

	private long tokenRows(long consumerId) {
		return count("SELECT COUNT(*) FROM oauth_tokens WHERE consumer_id = :id", consumerId);
	}

	private void insertNonce(long consumerId, String nonce, long expires) {
		this.jdbc.sql("INSERT INTO oauth_nonces (consumer_id, nonce, expires_at) VALUES (:id, :nonce, :expires)")
			.param("id", consumerId)
			.param("nonce", nonce)
			.param("expires", expires)
			.update();
	}

	private long count(String sql, long id) {
		return this.jdbc.sql(sql).param("id", id).query(Long.class).single();
	}

}
