package dev.keyway.oauth;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.keyway.CacheProperties;
import dev.keyway.testing.KeywayIntegrationTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Re-encryption under a rotated ring, at the store level: a second ring (new active key, the
 * context's key retired) drives {@link Reencryption#reencryptAll()} inside a transaction that is
 * rolled back, so the shared database stays readable by the context's ring.
 */
@KeywayIntegrationTest
class ReencryptionTests {

	@Autowired
	ConsumerService service;

	@Autowired
	MasterKeyRing ring;

	@Autowired
	SecretCipher cipher;

	@Autowired
	CryptoProperties properties;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	TransactionTemplate transaction;

	@Test
	void reencryptAllWhenRingRotatedThenEverySecretMovesToTheNewKeyAndStaysReadable() {
		NewConsumer direct = this.service.register();
		OAuthCredentials replaced = this.service.issueDirectly(direct.id());
		OAuthCredentials credentials = this.service.issueDirectly(direct.id(), java.time.Duration.ofHours(1));
		NewConsumer handshake = this.service.register();
		ExchangeStart exchange = this.service.startExchange(handshake.id());
		Rotated rotated = rotate();
		long consumers = this.jdbc.sql("SELECT COUNT(*) FROM oauth_consumers").query(Long.class).single();
		long tokens = this.jdbc.sql("SELECT COUNT(*) FROM oauth_tokens").query(Long.class).single();
		long previous = this.jdbc.sql("SELECT COUNT(*) FROM oauth_previous_tokens").query(Long.class).single();
		this.transaction.executeWithoutResult((status) -> {
			int[] counts = rotated.reencryption.reencryptAll();
			assertThat(counts).containsExactly((int) consumers, (int) tokens, (int) previous);

			PreviousTokenStore.Row old = rotated.previousTokens.findByConsumer(direct.id()).orElseThrow();
			assertThat(old.tokenHash()).isEqualTo(rotated.hasher.hash(replaced.accessToken()));
			assertThat(rotated.previousTokens.findByHash(rotated.hasher.candidates(replaced.accessToken())))
				.map(PreviousTokenStore.Row::consumerId)
				.contains(direct.id());
			PreviousToken oldDecrypted = CredentialCache.decrypt(old, rotated.cipher);
			assertThat(oldDecrypted.value()).isEqualTo(replaced.accessToken());
			assertThat(oldDecrypted.secret()).isEqualTo(replaced.accessTokenSecret());
			assertThat(rotated.cipher.needsReencryption(old.tokenEncrypted())).isFalse();
			assertThat(rotated.cipher.needsReencryption(old.secretEncrypted())).isFalse();

			ConsumerStore.Row consumer = rotated.consumers.findById(direct.id()).orElseThrow();
			assertThat(consumer.secretEncrypted()).startsWith(rotated.ring.active().id() + ":");
			assertThat(rotated.cipher.decrypt(consumer.secretEncrypted())).isEqualTo(credentials.consumerSecret());
			assertThatIllegalStateException().isThrownBy(() -> this.cipher.decrypt(consumer.secretEncrypted()))
				.withMessageContaining("which is not in the key ring");

			TokenStore.Row access = rotated.tokens.findByConsumer(direct.id()).orElseThrow();
			assertThat(access.tokenHash()).isEqualTo(rotated.hasher.hash(credentials.accessToken()));
			assertThat(rotated.hasher.isCurrent(access.tokenHash())).isTrue();
			assertThat(rotated.tokens.findByHash(rotated.hasher.candidates(credentials.accessToken())))
				.map(TokenStore.Row::consumerId)
				.contains(direct.id());
			StoredToken decrypted = CredentialCache.decrypt(access, rotated.cipher);
			assertThat(decrypted.value()).isEqualTo(credentials.accessToken());
			assertThat(decrypted.secret()).isEqualTo(credentials.accessTokenSecret());
			assertThat(rotated.cipher.needsReencryption(access.tokenEncrypted())).isFalse();
			assertThat(rotated.cipher.needsReencryption(access.secretEncrypted())).isFalse();
			assertThat(rotated.cipher.needsReencryption(access.verifierEncrypted())).isFalse();

			TokenStore.Row verifier = rotated.tokens.findByConsumer(handshake.id()).orElseThrow();
			assertThat(verifier.type()).isEqualTo(TokenType.VERIFIER);
			assertThat(verifier.tokenHash()).isNull();
			assertThat(verifier.tokenEncrypted()).isNull();
			assertThat(rotated.cipher.decrypt(verifier.verifierEncrypted())).isEqualTo(exchange.verifier());

			assertThat(rotated.reencryption.reencryptAll()).as("a second run finds nothing stale").containsExactly(0, 0, 0);
			status.setRollbackOnly();
		});
		assertThat(this.service.reveal(direct.id())).contains(credentials);
		assertThat(this.service.revealConsumerSecret(handshake.id())).isEqualTo(exchange.consumerSecret());
	}

	@Test
	void reencryptAllWhenNothingIsStaleThenNothingChanges() {
		NewConsumer consumer = this.service.register();
		this.service.issueDirectly(consumer.id());
		Reencryption same = new Reencryption(this.properties, new ConsumerStore(this.jdbc), new TokenStore(this.jdbc),
				new PreviousTokenStore(this.jdbc), this.cipher, new TokenHasher(this.ring),
				new CredentialCache(new ConsumerStore(this.jdbc), new TokenStore(this.jdbc),
						new PreviousTokenStore(this.jdbc), this.cipher, CacheProperties.defaultSpec()),
				this.transaction);
		String before = secretColumn(consumer.id());
		this.transaction.executeWithoutResult((status) -> {
			assertThat(same.reencryptAll()).containsExactly(0, 0, 0);
			status.setRollbackOnly();
		});
		assertThat(secretColumn(consumer.id())).isEqualTo(before);
	}

	@Test
	void runWhenReencryptIsOffThenNothingIsRewritten() {
		NewConsumer consumer = this.service.register();
		Rotated rotated = rotate();
		String before = secretColumn(consumer.id());
		rotated.reencryption.run(null);
		assertThat(secretColumn(consumer.id())).isEqualTo(before);
	}

	private String secretColumn(long id) {
		return this.jdbc.sql("SELECT secret_encrypted FROM oauth_consumers WHERE id = :id")
			.param("id", id)
			.query(String.class)
			.single();
	}

	/** A ring with a fresh active key and the context's keys retired, and everything built on it. */
	private Rotated rotate() {
		List<byte[]> material = new java.util.ArrayList<>();
		material.add(SecretCipherTests.newKeyBytes());
		this.ring.all().forEach((key) -> material.add(key.aes().getEncoded()));
		MasterKeyRing rotatedRing = MasterKeyRing.of(material);
		SecretCipher rotatedCipher = new SecretCipher(rotatedRing);
		TokenHasher rotatedHasher = new TokenHasher(rotatedRing);
		ConsumerStore consumers = new ConsumerStore(this.jdbc);
		TokenStore tokens = new TokenStore(this.jdbc);
		PreviousTokenStore previousTokens = new PreviousTokenStore(this.jdbc);
		Reencryption reencryption = new Reencryption(new CryptoProperties("", null, false, false), consumers, tokens,
				previousTokens, rotatedCipher, rotatedHasher,
				new CredentialCache(consumers, tokens, previousTokens, rotatedCipher, CacheProperties.defaultSpec()),
				this.transaction);
		return new Rotated(rotatedRing, rotatedCipher, rotatedHasher, consumers, tokens, previousTokens, reencryption);
	}

	private record Rotated(MasterKeyRing ring, SecretCipher cipher, TokenHasher hasher, ConsumerStore consumers,
			TokenStore tokens, PreviousTokenStore previousTokens, Reencryption reencryption) {
	}

}
