package dev.keyway.oauth;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Moves every stored secret to the active master key (start-up option
 * {@code keyway.crypto.reencrypt=true}, implied by {@code keyway.crypto.rotate=true}): consumer
 * secrets, token values, token secrets and verifiers, previous access tokens in their grace (issue
 * 17.4) are re-encrypted and token hashes recomputed, in one transaction, so a failure leaves the old state.
 */
@Component
class Reencryption implements ApplicationRunner {

	private static final Logger log = LoggerFactory.getLogger(Reencryption.class);

	private final CryptoProperties properties;

	private final ConsumerStore consumers;

	private final TokenStore tokens;

	private final PreviousTokenStore previousTokens;

	private final SecretCipher cipher;

	private final TokenHasher hasher;

	private final CredentialCache cache;

	private final TransactionTemplate transaction;

	Reencryption(CryptoProperties properties, ConsumerStore consumers, TokenStore tokens,
			PreviousTokenStore previousTokens, SecretCipher cipher, TokenHasher hasher, CredentialCache cache,
			TransactionTemplate transaction) {
		this.properties = properties;
		this.consumers = consumers;
		this.tokens = tokens;
		this.previousTokens = previousTokens;
		this.cipher = cipher;
		this.hasher = hasher;
		this.cache = cache;
		this.transaction = transaction;
	}

	@Override
	public void run(ApplicationArguments args) {
		if (this.properties.reencrypt() || this.properties.rotate()) {
			int[] counts = this.transaction.execute((status) -> reencryptAll());
			this.cache.evictAll();
			log.warn("Re-encrypted {} consumer secrets, {} token records and {} previous tokens under the active "
					+ "master key", counts[0], counts[1], counts[2]);
		}
	}

	int[] reencryptAll() {
		int consumerCount = 0;
		for (ConsumerStore.Row row : this.consumers.findAll()) {
			if (this.cipher.needsReencryption(row.secretEncrypted())) {
				this.consumers.updateSecret(row.id(), this.cipher.encrypt(this.cipher.decrypt(row.secretEncrypted())));
				consumerCount++;
			}
		}
		int tokenCount = 0;
		for (TokenStore.Row row : this.tokens.findAll()) {
			StoredToken token = CredentialCache.decrypt(row, this.cipher);
			boolean stale = this.cipher.needsReencryption(row.verifierEncrypted())
					|| (row.tokenHash() != null && !this.hasher.isCurrent(row.tokenHash()));
			if (stale) {
				this.tokens.updateCrypto(row.id(), (token.value() != null) ? this.hasher.hash(token.value()) : null,
						(token.value() != null) ? this.cipher.encrypt(token.value()) : null,
						(token.secret() != null) ? this.cipher.encrypt(token.secret()) : null,
						this.cipher.encrypt(token.verifier()));
				tokenCount++;
			}
		}
		int previousCount = 0;
		for (PreviousTokenStore.Row row : this.previousTokens.findAll()) {
			if (this.cipher.needsReencryption(row.tokenEncrypted()) || this.cipher.needsReencryption(row.secretEncrypted())
					|| !this.hasher.isCurrent(row.tokenHash())) {
				PreviousToken previous = CredentialCache.decrypt(row, this.cipher);
				this.previousTokens.updateCrypto(row.consumerId(), this.hasher.hash(previous.value()),
						this.cipher.encrypt(previous.value()), this.cipher.encrypt(previous.secret()));
				previousCount++;
			}
		}
		return new int[] { consumerCount, tokenCount, previousCount };
	}

}
