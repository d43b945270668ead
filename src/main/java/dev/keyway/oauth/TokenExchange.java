package dev.keyway.oauth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The token exchange of the handshake (SPEC 4.4, 4.5): {@code /oauth/token/request} turns the
 * verifier record into a request token, {@code /oauth/token/access} turns the request token into an
 * access token and makes the integration Active ({@link AccessTokenIssued}, same transaction). The
 * checks, the signature and the nonce run before any transaction opens: a request never holds a
 * database connection while the nonce store (which needs one of its own) writes.
 */
@Service
class TokenExchange {

	private static final List<String> ACCESS_REQUIRED = List.of(ProtocolChecks.CONSUMER_KEY, ProtocolChecks.SIGNATURE,
			ProtocolChecks.SIGNATURE_METHOD, ProtocolChecks.NONCE, ProtocolChecks.TIMESTAMP, ProtocolChecks.TOKEN,
			ProtocolChecks.VERIFIER);

	/** A token and its secret, as the endpoints answer them. */
	record Issued(String token, String secret) {

		@Override
		public String toString() {
			return "Issued[hidden]";
		}

	}

	private final ProtocolChecks checks;

	private final TokenStore tokens;

	private final SecretCipher cipher;

	private final TokenHasher hasher;

	private final TokenGenerator generator;

	private final OAuthSettings settings;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	private final TransactionTemplate transaction;

	TokenExchange(ProtocolChecks checks, TokenStore tokens, SecretCipher cipher, TokenHasher hasher,
			TokenGenerator generator, OAuthSettings settings, ApplicationEventPublisher events, Clock clock,
			TransactionTemplate transaction) {
		this.checks = checks;
		this.tokens = tokens;
		this.cipher = cipher;
		this.hasher = hasher;
		this.generator = generator;
		this.settings = settings;
		this.events = events;
		this.clock = clock;
		this.transaction = transaction;
	}

	/**
	 * The facts of a call to a token endpoint with another method than POST (SPEC 4.7's 405): filed under the
	 * integration whose consumer key the request names, as the other refusals before the signature are, so
	 * that its developer and the admin see in its health why the handshake did not go on (the answer alone
	 * told the client, whose library may not show it). Only the consumer's id and a fixed hint: nothing of
	 * the request is kept, and nothing is checked (the 405 comes first, whatever the request carries).
	 */
	RefusalFacts wrongMethod(OAuthRequest request) {
		return this.checks.namedConsumer(request, Hints.POST_ONLY);
	}

	/** {@code POST /oauth/token/request}: signed with the consumer secret and an empty token secret. */
	Issued requestToken(OAuthRequest request) {
		ProtocolChecks.Checked checked = this.checks.check(request, ProtocolChecks.BASE_REQUIRED);
		this.checks.verifySignatureAndNonce(request, checked, null);
		Consumer consumer = checked.consumer();
		Instant now = this.clock.instant();
		if (Duration.between(consumer.windowStart(), now).compareTo(this.settings.consumerWindow()) > 0) {
			throw OAuthProblem.refused("Consumer key has expired", RefusalReason.CONSUMER_EXPIRED)
				.with(RefusalFacts.NONE.withConsumer(consumer.id()));
		}
		TokenStore.Row record = this.tokens.findByConsumer(consumer.id())
			.orElseThrow(() -> OAuthProblem.refused("A token with consumer ID %1 does not exist", consumer.id(),
					RefusalReason.TOKEN_EXCHANGE_FAILED).with(facts(consumer, Hints.NO_EXCHANGE)));
		if (record.type() != TokenType.VERIFIER) {
			throw notVerifier(consumer, (record.type() == TokenType.ACCESS) ? Hints.ACCESS_ISSUED : Hints.EXCHANGE_RAN);
		}
		Issued issued = new Issued(this.generator.next(), this.generator.next());
		return this.transaction.execute((status) -> {
			if (!this.tokens.promote(record.id(), TokenType.VERIFIER, TokenType.REQUEST, this.hasher.hash(issued.token()),
					this.cipher.encrypt(issued.token()), this.cipher.encrypt(issued.secret()), now)) {
				throw notVerifier(consumer, Hints.EXCHANGE_RAN);
			}
			this.events.publishEvent(new CredentialsChanged(consumer.id(), consumer.key()));
			return issued;
		});
	}

	/**
	 * {@code POST /oauth/token/access}: signed with the consumer secret and the request token secret.
	 * @param sourceAddress where the exchange came from (recorded with the integration's activation)
	 */
	Issued accessToken(OAuthRequest request, String sourceAddress) {
		ProtocolChecks.Checked checked = this.checks.check(request, ACCESS_REQUIRED);
		TokenStore.Row record = this.tokens.findByHash(this.hasher.candidates(request.protocol(ProtocolChecks.TOKEN)))
			.orElseThrow(() -> OAuthProblem.refused(OAuthProblem.TOKEN_MISSING, RefusalReason.UNKNOWN_TOKEN)
				.with(facts(checked.consumer(), Hints.REQUEST_TOKEN_UNKNOWN)));
		StoredToken token = CredentialCache.decrypt(record, this.cipher);
		this.checks.verifySignatureAndNonce(request, checked, token.secret());
		Consumer consumer = checked.consumer();
		if (token.consumerId() != consumer.id()) {
			throw exchangeFailed("Request token is not associated with the specified consumer", consumer,
					Hints.OTHER_CONSUMERS_TOKEN);
		}
		if (token.type() != TokenType.REQUEST) {
			throw exchangeFailed("Token is already being used", consumer, Hints.TOKEN_EXCHANGED);
		}
		String verifier = request.protocol(ProtocolChecks.VERIFIER);
		if (verifier.length() != TokenGenerator.LENGTH) {
			throw exchangeFailed("Verifier is not the correct length", consumer, Hints.WRONG_VERIFIER);
		}
		if (!ResourceRequestVerifier.equalsConstantTime(token.verifier(), verifier)) {
			throw exchangeFailed("Token verifier and verifier token do not match", consumer, Hints.WRONG_VERIFIER);
		}
		Issued issued = new Issued(this.generator.next(), this.generator.next());
		return this.transaction.execute((status) -> {
			if (!this.tokens.promote(record.id(), TokenType.REQUEST, TokenType.ACCESS, this.hasher.hash(issued.token()),
					this.cipher.encrypt(issued.token()), this.cipher.encrypt(issued.secret()), this.clock.instant())) {
				throw exchangeFailed("Token is already being used", consumer, Hints.TOKEN_EXCHANGED);
			}
			this.events.publishEvent(new CredentialsChanged(consumer.id(), consumer.key()));
			this.events.publishEvent(new AccessTokenIssued(consumer.id(), sourceAddress));
			return issued;
		});
	}

	private static OAuthProblem notVerifier(Consumer consumer, String hint) {
		return exchangeFailed("Cannot create request token because consumer token is not a verifier token", consumer,
				hint);
	}

	/**
	 * A refusal after the signature verified: filed under the caller's consumer, so that the integration's
	 * health shows it with what to do (a developer trial found the exchange's refusals only in the metric).
	 */
	private static OAuthProblem exchangeFailed(String text, Consumer consumer, String hint) {
		return OAuthProblem.refused(text, RefusalReason.TOKEN_EXCHANGE_FAILED).with(facts(consumer, hint));
	}

	private static RefusalFacts facts(Consumer consumer, String hint) {
		return RefusalFacts.NONE.withConsumer(consumer.id()).withHint(hint);
	}

}
