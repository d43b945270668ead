package dev.keyway.oauth;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.function.LongFunction;

import org.springframework.stereotype.Component;

/**
 * Verifies an OAuth-signed Web API call (SPEC 5.2): the common checks, then the access token
 * (exists, belongs to the consumer, is an access token, not revoked), the signature with the
 * consumer secret and the token secret, the nonce. Served from caches: no database read on the
 * way, and at most one write (the nonce). During a reauthorization's grace (issue 17.4, SPEC 2.5)
 * the consumer's previous access token is accepted too, with its own secret, until its end.
 */
@Component
public class ResourceRequestVerifier {

	private static final List<String> REQUIRED = List.of(ProtocolChecks.CONSUMER_KEY, ProtocolChecks.SIGNATURE,
			ProtocolChecks.SIGNATURE_METHOD, ProtocolChecks.NONCE, ProtocolChecks.TIMESTAMP, ProtocolChecks.TOKEN);

	private final ProtocolChecks checks;

	private final CredentialCache cache;

	private final TokenStore tokens;

	private final TokenHasher hasher;

	private final Clock clock;

	/**
	 * The previous access token's secret by consumer, for a refusal's hint only: a client that took the new token of
	 * a reauthorization and kept the old secret. One function for every call (nothing allocated on the way).
	 */
	private final LongFunction<String> previousSecrets;

	ResourceRequestVerifier(ProtocolChecks checks, CredentialCache cache, TokenStore tokens, TokenHasher hasher,
			Clock clock) {
		this.checks = checks;
		this.cache = cache;
		this.tokens = tokens;
		this.hasher = hasher;
		this.clock = clock;
		this.previousSecrets = (consumerId) -> cache.previousToken(consumerId).map(PreviousToken::secret).orElse(null);
	}

	/**
	 * @return the id of the consumer whose access token signed the request
	 * @throws OAuthProblem when the request is refused, with Magento's status and text
	 */
	public long verify(OAuthRequest request) {
		ProtocolChecks.Checked checked = this.checks.check(request, REQUIRED);
		String presented = request.protocol(ProtocolChecks.TOKEN);
		StoredToken token = this.cache.token(checked.consumer().id())
			.filter((own) -> own.value() != null && equalsConstantTime(own.value(), presented))
			.or(() -> previousToken(presented, checked.consumer().id()))
			.orElseGet(() -> explainUnknownToken(presented, checked.consumer().id()));
		RefusalFacts consumer = RefusalFacts.NONE.withConsumer(checked.consumer().id());
		if (token.type() != TokenType.ACCESS) {
			throw OAuthProblem.refused("Token is not an access token", RefusalReason.TOKEN_NOT_ACCESS).with(consumer);
		}
		if (token.revoked()) {
			throw OAuthProblem.refused("Access token has been revoked", RefusalReason.TOKEN_REVOKED).with(consumer);
		}
		this.checks.verifySignatureAndNonce(request, checked, token.secret(), this.previousSecrets);
		return checked.consumer().id();
	}

	/**
	 * The consumer's previous access token when it is the one presented and its grace has not ended,
	 * as a token record (its secret signs); cached per consumer, so a call during the grace costs no
	 * query either. Checked before the unknown-token path: the token exists no longer in
	 * {@code oauth_tokens}.
	 */
	private Optional<StoredToken> previousToken(String presented, long consumerId) {
		Instant now = this.clock.instant();
		return this.cache.previousToken(consumerId)
			.filter((previous) -> equalsConstantTime(previous.value(), presented) && previous.validAt(now))
			.map((previous) -> new StoredToken(0, consumerId, TokenType.ACCESS, previous.value(), previous.secret(),
					null, false, null));
	}

	/** The presented token is not the consumer's own: find out why, for Magento's exact text. */
	private StoredToken explainUnknownToken(String presented, long consumerId) {
		RefusalFacts consumer = RefusalFacts.NONE.withConsumer(consumerId);
		Optional<PreviousToken> ended = this.cache.previousToken(consumerId)
			.filter((previous) -> equalsConstantTime(previous.value(), presented));
		if (ended.isPresent()) {
			// after the grace the old token is as unknown as with no grace (same wire text and reason,
			// whether or not the cleanup has removed it yet); the hint says why
			throw OAuthProblem.refused(OAuthProblem.TOKEN_MISSING, RefusalReason.UNKNOWN_TOKEN)
				.with(consumer.withHint(graceEnded(ended.get().validUntil())));
		}
		List<String> candidates = this.hasher.candidates(presented);
		Optional<Instant> endedAt = this.cache.endedGrace(consumerId, candidates);
		if (endedAt.isPresent()) {
			// the cleanup removed the old token; its hash stayed for this hint (SPEC 2.5.1)
			throw OAuthProblem.refused(OAuthProblem.TOKEN_MISSING, RefusalReason.UNKNOWN_TOKEN)
				.with(consumer.withHint(graceEnded(endedAt.get())));
		}
		Optional<TokenStore.Row> row = this.tokens.findByHash(candidates);
		if (row.isEmpty()) {
			throw OAuthProblem.refused(OAuthProblem.TOKEN_MISSING, RefusalReason.UNKNOWN_TOKEN).with(consumer);
		}
		throw OAuthProblem.refused("Token is not associated with the specified consumer", RefusalReason.UNKNOWN_TOKEN)
			.with(consumer.withHint(Hints.ACCESS_TOKEN_OF_ANOTHER_CONSUMER));
	}

	private static String graceEnded(Instant at) {
		// to the second, as the API shows its times (previous_token_valid_until)
		return "The token was replaced by a reauthorization; its grace period ended at "
				+ at.truncatedTo(ChronoUnit.SECONDS) + ".";
	}

	static boolean equalsConstantTime(String expected, String actual) {
		return actual != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
				actual.getBytes(StandardCharsets.UTF_8));
	}

}
