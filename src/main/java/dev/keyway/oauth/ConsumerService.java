package dev.keyway.oauth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The consumer and token-record side of the integration lifecycle: register and remove consumers,
 * issue credentials directly, start a handshake, drop a token. Every change publishes
 * {@link CredentialsChanged}, which empties the caches after commit, so a removed or replaced token
 * is refused before the calling method returns.
 */
@Service
public class ConsumerService {

	private final ConsumerStore consumers;

	private final TokenStore tokens;

	/** How long the hash of a token whose grace ended is kept for the refusal's hint (SPEC 2.5.1). */
	static final Duration ENDED_GRACE_KEPT = Duration.ofDays(7);

	private final PreviousTokenStore previousTokens;

	private final SecretCipher cipher;

	private final TokenHasher hasher;

	private final TokenGenerator generator;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	ConsumerService(ConsumerStore consumers, TokenStore tokens, PreviousTokenStore previousTokens, SecretCipher cipher,
			TokenHasher hasher, TokenGenerator generator, ApplicationEventPublisher events, Clock clock) {
		this.consumers = consumers;
		this.tokens = tokens;
		this.previousTokens = previousTokens;
		this.cipher = cipher;
		this.hasher = hasher;
		this.generator = generator;
		this.events = events;
		this.clock = clock;
	}

	/** Creates a consumer with a fresh key and secret. */
	@Transactional
	public NewConsumer register() {
		String key = this.generator.next();
		long id = this.consumers.insert(key, this.cipher.encrypt(this.generator.next()), this.clock.instant());
		return new NewConsumer(id, key);
	}

	/**
	 * Registers a consumer with the key, secret and token record another provider issued (issue 18),
	 * encrypted under the master key like Keyway's own. Joins the caller's transaction; a key already
	 * registered fails with the database's unique constraint ({@code uq_oauth_consumers_key}).
	 */
	@Transactional
	public NewConsumer adopt(ExistingCredentials existing) {
		long id = this.consumers.insert(existing.consumerKey(), this.cipher.encrypt(existing.consumerSecret()),
				existing.createdAt());
		if (existing.exchangeStartedAt() != null) {
			this.consumers.markExchangeStarted(id, existing.exchangeStartedAt());
		}
		ExistingCredentials.Token token = existing.token();
		if (token != null) {
			boolean verifierOnly = token.type() == TokenType.VERIFIER;
			this.tokens.insert(id, token.type(), verifierOnly ? null : this.hasher.hash(token.value()),
					verifierOnly ? null : this.cipher.encrypt(token.value()),
					verifierOnly ? null : this.cipher.encrypt(token.secret()), this.cipher.encrypt(token.verifier()),
					token.createdAt());
			if (token.revoked()) {
				this.tokens.revoke(id);
			}
		}
		this.events.publishEvent(new CredentialsChanged(id, existing.consumerKey()));
		return new NewConsumer(id, existing.consumerKey());
	}

	/** The consumer's key, secret and token record, decrypted, for an export to another provider (issue 18). */
	public ExistingCredentials export(long consumerId) {
		ConsumerStore.Row consumer = row(consumerId);
		ExistingCredentials.Token token = this.tokens.findByConsumer(consumerId)
			.map((row) -> CredentialCache.decrypt(row, this.cipher))
			.map((stored) -> new ExistingCredentials.Token(stored.type(), stored.value(), stored.secret(),
					stored.verifier(), stored.revoked(), stored.createdAt()))
			.orElse(null);
		return new ExistingCredentials(consumer.key(), this.cipher.decrypt(consumer.secretEncrypted()),
				consumer.createdAt(), consumer.exchangeStartedAt(), token);
	}

	/** Removes the consumer, its token record and its nonces; its credentials stop working at once. */
	@Transactional
	public void remove(long consumerId) {
		String key = this.consumers.findById(consumerId).map(ConsumerStore.Row::key).orElse(null);
		this.tokens.deleteByConsumer(consumerId);
		// children first, as the grace cleanup takes them (previous token, then ended grace): the cascade
		// from the consumer row would take them in the other order and could deadlock with it on PostgreSQL
		this.previousTokens.deleteByConsumer(consumerId);
		this.previousTokens.forgetEnded(consumerId);
		this.consumers.deleteNonces(consumerId);
		this.consumers.delete(consumerId);
		this.events.publishEvent(new CredentialsChanged(consumerId, key));
	}

	/** The consumer's key, which is not secret (the admin shows it). */
	public String keyOf(long consumerId) {
		return row(consumerId).key();
	}

	/**
	 * Direct activation (SPEC 2.4): verifier, request token and access token minted at once, any
	 * previous token record replaced. Returns the four credentials; they are shown once.
	 */
	@Transactional
	public OAuthCredentials issueDirectly(long consumerId) {
		return issueDirectly(consumerId, Duration.ZERO);
	}

	/**
	 * As {@link #issueDirectly(long)}; with a positive {@code grace} (reauthorization with overlap,
	 * issue 17.4) the access token being replaced stays valid, with its secret, for that long. It
	 * replaces any earlier previous token; a zero grace deletes that one too (the old behaviour).
	 */
	@Transactional
	public OAuthCredentials issueDirectly(long consumerId, Duration grace) {
		return issueDirectly(consumerId, grace, null);
	}

	/**
	 * As {@link #issueDirectly(long, Duration)}, the replaced token valid until {@code now + grace} or
	 * {@code notAfter} (its own expiry; null: none), whichever comes first, both read with one clock.
	 */
	@Transactional
	public OAuthCredentials issueDirectly(long consumerId, Duration grace, Instant notAfter) {
		ConsumerStore.Row consumer = row(consumerId);
		String token = this.generator.next();
		String secret = this.generator.next();
		Instant now = this.clock.instant();
		this.previousTokens.deleteByConsumer(consumerId);
		if (!grace.isZero() && !grace.isNegative()) {
			this.tokens.findByConsumer(consumerId)
				.filter((old) -> old.type() == TokenType.ACCESS && !old.revoked())
				.ifPresent((old) -> {
					// the old row leaves oauth_tokens first: its hash must not be in both tables' way
					this.tokens.deleteByConsumer(consumerId);
					// to the second, as every other instant the API shows (a trial saw microseconds here)
					Instant until = now.plus(grace).truncatedTo(ChronoUnit.SECONDS);
					this.previousTokens.insert(consumerId, old.tokenHash(), old.tokenEncrypted(), old.secretEncrypted(),
							(notAfter != null && notAfter.isBefore(until)) ? notAfter : until, now);
				});
		}
		this.tokens.deleteByConsumer(consumerId);
		this.tokens.insert(consumerId, TokenType.ACCESS, this.hasher.hash(token), this.cipher.encrypt(token),
				this.cipher.encrypt(secret), this.cipher.encrypt(this.generator.next()), this.clock.instant());
		this.events.publishEvent(new CredentialsChanged(consumerId, consumer.key()));
		return new OAuthCredentials(consumer.key(), this.cipher.decrypt(consumer.secretEncrypted()), token, secret);
	}

	/**
	 * Handshake step 1 (SPEC 2.4): starts the consumer window and returns what to post to the third
	 * party. A pending verifier is reused; any other record is replaced by a new verifier.
	 */
	@Transactional
	public ExchangeStart startExchange(long consumerId) {
		ConsumerStore.Row consumer = row(consumerId);
		this.consumers.markExchangeStarted(consumerId, this.clock.instant());
		Optional<TokenStore.Row> existing = this.tokens.findByConsumer(consumerId);
		String verifier;
		if (existing.isPresent() && existing.get().type() == TokenType.VERIFIER) {
			verifier = this.cipher.decrypt(existing.get().verifierEncrypted());
		}
		else {
			verifier = this.generator.next();
			this.previousTokens.deleteByConsumer(consumerId);
			this.tokens.deleteByConsumer(consumerId);
			this.tokens.insert(consumerId, TokenType.VERIFIER, null, null, null, this.cipher.encrypt(verifier),
					this.clock.instant());
		}
		this.events.publishEvent(new CredentialsChanged(consumerId, consumer.key()));
		return new ExchangeStart(consumer.key(), this.cipher.decrypt(consumer.secretEncrypted()), verifier);
	}

	/** Drops the token record (handshake reauthorization); the access token dies at once, a previous one too. */
	@Transactional
	public void removeToken(long consumerId) {
		ConsumerStore.Row consumer = row(consumerId);
		this.previousTokens.deleteByConsumer(consumerId);
		this.tokens.deleteByConsumer(consumerId);
		this.events.publishEvent(new CredentialsChanged(consumerId, consumer.key()));
	}

	/**
	 * Ends the grace of the consumer's previous access token at once (issue 17.4); refused on every
	 * node once this transaction commits (the caches listen to {@link CredentialsChanged}).
	 * @return true when there was one
	 */
	@Transactional
	public boolean cutOffPreviousToken(long consumerId) {
		ConsumerStore.Row consumer = row(consumerId);
		Optional<PreviousTokenStore.Row> previous = this.previousTokens.findByConsumer(consumerId);
		if (previous.isEmpty() || !this.previousTokens.deleteEnded(consumerId, previous.get().validUntil())) {
			return false;
		}
		// the grace ends now (or ended already, the cleanup not having run yet): its hash stays for the
		// refusal's hint, as when the cleanup ends a grace (SPEC 2.5.1)
		Instant now = this.clock.instant();
		Instant endedAt = previous.get().validUntil().isBefore(now) ? previous.get().validUntil() : now;
		this.previousTokens.keepEnded(consumerId, previous.get().tokenHash(), endedAt);
		this.events.publishEvent(new CredentialsChanged(consumerId, consumer.key()));
		return true;
	}

	/** When the consumer's previous access token stops working; empty when it has none still valid. */
	public Optional<Instant> previousTokenValidUntil(long consumerId) {
		return Optional.ofNullable(previousTokensValidUntil(List.of(consumerId)).get(consumerId));
	}

	/** As {@link #previousTokenValidUntil(long)} for many consumers in one query (a list). */
	public Map<Long, Instant> previousTokensValidUntil(Collection<Long> consumerIds) {
		return this.previousTokens.validUntilOf(consumerIds, this.clock.instant());
	}

	/**
	 * Removes up to {@code limit} previous tokens whose grace has ended, each in this transaction and
	 * only once whichever node runs it (a conditional delete).
	 * @return the graces this call ended
	 */
	@Transactional
	public List<EndedGrace> removeEndedGraces(int limit) {
		List<EndedGrace> ended = new ArrayList<>();
		for (PreviousTokenStore.Row row : this.previousTokens.findEnded(this.clock.instant(), limit)) {
			if (this.previousTokens.deleteEnded(row.consumerId(), row.validUntil())) {
				// the hash alone stays a while, so that a late call with the old token is still told why
				this.previousTokens.keepEnded(row.consumerId(), row.tokenHash(), row.validUntil());
				ended.add(new EndedGrace(row.consumerId(), row.validUntil()));
				String key = this.consumers.findById(row.consumerId()).map(ConsumerStore.Row::key).orElse(null);
				this.events.publishEvent(new CredentialsChanged(row.consumerId(), key));
			}
		}
		this.previousTokens.forgetEndedBefore(this.clock.instant().minus(ENDED_GRACE_KEPT));
		return ended;
	}

	/** The stage of the consumer's token record, empty when it has none. */
	public Optional<TokenType> tokenStage(long consumerId) {
		return this.tokens.findByConsumer(consumerId).map(TokenStore.Row::type);
	}

	/** All four credentials, decrypted, when the consumer holds an access token (for an audited reveal). */
	public Optional<OAuthCredentials> reveal(long consumerId) {
		ConsumerStore.Row consumer = row(consumerId);
		String consumerSecret = this.cipher.decrypt(consumer.secretEncrypted());
		return this.tokens.findByConsumer(consumerId)
			.filter((token) -> token.type() == TokenType.ACCESS)
			.map((row) -> CredentialCache.decrypt(row, this.cipher))
			.map((token) -> new OAuthCredentials(consumer.key(), consumerSecret, token.value(), token.secret()));
	}

	/** The consumer secret alone (for an audited reveal before activation). */
	public String revealConsumerSecret(long consumerId) {
		return this.cipher.decrypt(row(consumerId).secretEncrypted());
	}

	private ConsumerStore.Row row(long consumerId) {
		return this.consumers.findById(consumerId)
			.orElseThrow(() -> new IllegalStateException("No OAuth consumer with id " + consumerId));
	}

}
