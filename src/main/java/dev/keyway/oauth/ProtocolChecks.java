package dev.keyway.oauth;

import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The checks every OAuth request goes through, in Magento's order (SPEC 4.5): version, required
 * parameters, token length, signature method, consumer key length, consumer, timestamp; and, once
 * the signature holds, the nonce.
 */
@Component
class ProtocolChecks {

	static final String CONSUMER_KEY = "oauth_consumer_key";

	static final String SIGNATURE = "oauth_signature";

	static final String SIGNATURE_METHOD = "oauth_signature_method";

	static final String NONCE = "oauth_nonce";

	static final String TIMESTAMP = "oauth_timestamp";

	static final String TOKEN = "oauth_token";

	static final String VERIFIER = "oauth_verifier";

	static final String VERSION = "oauth_version";

	static final List<String> BASE_REQUIRED = List.of(CONSUMER_KEY, SIGNATURE, SIGNATURE_METHOD, NONCE, TIMESTAMP);

	private final CredentialCache cache;

	private final NonceStore nonces;

	private final OAuthSettings settings;

	private final Clock clock;

	/** The URL third parties reach this server at, for the hint of a signature over it (SPEC 5.9); or null. */
	private final URI publicBaseUrl;

	ProtocolChecks(CredentialCache cache, NonceStore nonces, OAuthSettings settings, Clock clock) {
		this(cache, nonces, settings, clock, (URI) null);
	}

	@Autowired
	ProtocolChecks(CredentialCache cache, NonceStore nonces, OAuthSettings settings, Clock clock,
			@Value("${keyway.public-base-url:http://localhost:8080/}") String publicBaseUrl) {
		this(cache, nonces, settings, clock, hintOnly(publicBaseUrl));
	}

	ProtocolChecks(CredentialCache cache, NonceStore nonces, OAuthSettings settings, Clock clock, URI publicBaseUrl) {
		this.cache = cache;
		this.nonces = nonces;
		this.settings = settings;
		this.clock = clock;
		this.publicBaseUrl = publicBaseUrl;
	}

	/**
	 * The setting as a URL for a hint, or null when it is none: the integration module refuses a bad value at start
	 * with its rule and the value (IntegrationProperties), which a conversion error here would come before.
	 */
	private static URI hintOnly(String publicBaseUrl) {
		try {
			return URI.create(publicBaseUrl.trim());
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	/**
	 * Runs the checks up to and including the timestamp.
	 * @return the consumer and the signature method
	 */
	Checked check(OAuthRequest request, List<String> required) {
		String version = request.protocol(VERSION);
		if (version != null && !"1.0".equals(version)) {
			// Magento's answer and order of checks; filed under the integration when the key names one, with why
			// Magento's text for a value of normal length; a longer one is cut (a header may be 8 KB long)
			throw OAuthProblem.input("The \"" + EchoedValue.cut(version) + "\" Oauth version isn't supported.")
				.with(namedConsumer(request, Hints.VERSION_UNSUPPORTED));
		}
		List<String> missing = new ArrayList<>(0);
		for (String name : required) {
			if (!request.has(name)) {
				missing.add(name);
			}
		}
		if (!missing.isEmpty()) {
			throw OAuthProblem.missing(missing);
		}
		String token = request.protocol(TOKEN);
		if (token != null && token.length() != TokenGenerator.LENGTH) {
			throw OAuthProblem.input("The token length is invalid. Check the length and try again.");
		}
		String methodName = request.protocol(SIGNATURE_METHOD);
		SignatureMethod method = SignatureMethod.ofWireName(methodName).orElse(null);
		if (method == null || method == SignatureMethod.HMAC_SHA512
				|| (method == SignatureMethod.HMAC_SHA1 && !this.settings.hmacSha1Allowed())) {
			OAuthProblem problem = OAuthProblem.input("Signature method " + methodName + " is not supported",
					RefusalReason.SIGNATURE_METHOD_DISABLED);
			// the wire answer keeps Magento's order of checks; the consumer is looked up only to file the
			// refusal (and its hint) under its integration, on this failure path only (cached)
			String hint = (method == SignatureMethod.HMAC_SHA1) ? Hints.SHA1_DISABLED : Hints.METHOD_UNSUPPORTED;
			throw problem.with(namedConsumer(request, hint));
		}
		String key = request.protocol(CONSUMER_KEY);
		if (key.length() != TokenGenerator.LENGTH) {
			throw OAuthProblem.refused("Consumer key is not the correct length", RefusalReason.UNKNOWN_CONSUMER);
		}
		Consumer consumer = this.cache.consumer(key)
			.orElseThrow(() -> OAuthProblem.refused("A consumer having the specified key does not exist",
					RefusalReason.UNKNOWN_CONSUMER));
		long timestamp = parseTimestamp(request.protocol(TIMESTAMP));
		long now = this.clock.instant().getEpochSecond();
		long window = this.settings.timestampWindow().getSeconds();
		// a timestamp not after the moment the nonce store lost its memory (a crash), or whose nonce a
		// full store may have dropped, may carry a nonce used before: refused like any timestamp out of
		// bounds (issues 11.3, 14.3)
		if (timestamp <= 0 || Math.abs(now - timestamp) > window) {
			RefusalFacts facts = RefusalFacts.NONE.withConsumer(consumer.id());
			throw OAuthProblem.refused(OAuthProblem.NONCE_FAILED, RefusalReason.TIMESTAMP_OUT_OF_WINDOW)
				.with((timestamp > 0) ? facts.withSkew(timestamp - now) : facts);
		}
		if (this.nonces.forgotten(timestamp, timestamp + window + 1)) {
			throw forgotten(consumer, timestamp, now);
		}
		// the timestamp is accepted up to and including now = timestamp + window, so the nonce must
		// stay spent through that second: it expires one second later
		return new Checked(consumer, method, timestamp, timestamp + window + 1);
	}

	/**
	 * The facts of a refusal before the consumer is checked: the hint, under the consumer the request names when it
	 * exists (looked up on this failure path only, cached), so that its developer sees why in its health.
	 */
	RefusalFacts namedConsumer(OAuthRequest request, String hint) {
		String named = request.protocol(CONSUMER_KEY);
		if (named != null && named.length() == TokenGenerator.LENGTH) {
			return this.cache.consumer(named)
				.map((known) -> RefusalFacts.NONE.withConsumer(known.id()).withHint(hint))
				.orElse(RefusalFacts.NONE.withHint(hint));
		}
		return RefusalFacts.NONE.withHint(hint);
	}

	/** Verifies the signature, then spends the nonce (only a correctly signed request does, SPEC 9). */
	void verifySignatureAndNonce(OAuthRequest request, Checked checked, String tokenSecret) {
		verifySignatureAndNonce(request, checked, tokenSecret, null);
	}

	/**
	 * As {@link #verifySignatureAndNonce(OAuthRequest, Checked, String)}, for an access token replaced in a
	 * reauthorization whose grace has not ended.
	 * @param previousTokenSecret by consumer id, the secret of the token the presented one replaced, or null;
	 *     asked only when a refusal's explanation is read, for its hint
	 */
	void verifySignatureAndNonce(OAuthRequest request, Checked checked, String tokenSecret,
			LongFunction<String> previousTokenSecret) {
		if (!checked.method().verify(request.baseString(), checked.consumer().secret(), tokenSecret,
				request.protocol(SIGNATURE)) && !verifiesWithoutRepeats(request, checked, tokenSecret)) {
			// the masked base string and the hint (more base strings and HMACs) only when read: a storm of
			// wrong signatures costs one HMAC a call (issue 16)
			throw OAuthProblem.refused(OAuthProblem.SIGNATURE_INVALID, RefusalReason.BAD_SIGNATURE)
				.with(RefusalFacts.NONE.withConsumer(checked.consumer().id())
					.withExplanation(checked.method().wireName(), () -> new RefusalFacts.Explanation(
							request.maskedBaseString(checked.consumer().secret(), tokenSecret),
							Hints.forSignature(request, checked, tokenSecret, this.publicBaseUrl,
									(previousTokenSecret != null) ? previousTokenSecret.apply(checked.consumer().id()) : null))));
		}
		String nonce = request.protocol(NONCE);
		if (nonce.isEmpty() || nonce.length() > 255) {
			throw OAuthProblem.refused(OAuthProblem.NONCE_FAILED, RefusalReason.NONCE_REUSED)
				.with(RefusalFacts.NONE.withConsumer(checked.consumer().id()).withHint(Hints.NONCE_INVALID));
		}
		if (!this.nonces.claim(checked.consumer().id(), nonce, checked.timestamp(), checked.nonceExpiry())) {
			if (this.nonces.forgotten(checked.timestamp(), checked.nonceExpiry())) {
				// the store dropped nonces this old while the request was verified (issue 14.3)
				throw forgotten(checked.consumer(), checked.timestamp(), this.clock.instant().getEpochSecond());
			}
			throw OAuthProblem.refused("The nonce is already being used by the consumer with ID %1",
					checked.consumer().id(), RefusalReason.NONCE_REUSED);
		}
	}

	/**
	 * Magento's way (SPEC 4.2): a query or form-body {@code oauth_*} parameter that repeats one of the
	 * header's with the same value is signed once. Magento's own OauthClient sends {@code oauth_verifier}
	 * so; nothing that is not signed is left out, since the header's copy is.
	 */
	private static boolean verifiesWithoutRepeats(OAuthRequest request, Checked checked, String tokenSecret) {
		String baseString = request.baseStringWithoutRepeats();
		return baseString != null && checked.method().verify(baseString, checked.consumer().secret(), tokenSecret,
				request.protocol(SIGNATURE));
	}

	/** A timestamp inside the window whose nonce the store may have forgotten: refused as out of it. */
	private static OAuthProblem forgotten(Consumer consumer, long timestamp, long now) {
		return OAuthProblem.refused(OAuthProblem.NONCE_FAILED, RefusalReason.TIMESTAMP_OUT_OF_WINDOW)
			.with(RefusalFacts.NONE.withConsumer(consumer.id()).withSkew(timestamp - now).withHint(Hints.NONCES_FORGOTTEN));
	}

	private static long parseTimestamp(String value) {
		try {
			return Long.parseLong(value.strip());
		}
		catch (NumberFormatException ex) {
			return -1;
		}
	}

	/**
	 * What the first checks found: the consumer, the method, the request's {@code oauth_timestamp}
	 * and when its nonce may be forgotten.
	 */
	record Checked(Consumer consumer, SignatureMethod method, long timestamp, long nonceExpiry) {
	}

}
