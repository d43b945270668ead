package dev.keyway.oauth;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * Known client mistakes a refused request matches (issue 16.2), in plain words for the integration's
 * developer. Computed only after a refusal, never on a call that passes.
 */
final class Hints {

	static final String SHA1_DISABLED = "HMAC-SHA1 is disabled on this server (setting oauth/signature/allow_hmac_sha1): "
			+ "sign with HMAC-SHA256.";

	static final String METHOD_UNSUPPORTED = "Keyway verifies HMAC-SHA256 (Magento's method) and HMAC-SHA1 where the "
			+ "store allows it; the method this request names is neither: sign with HMAC-SHA256.";

	static final String VERSION_UNSUPPORTED = "oauth_version may only be 1.0, or be left out (RFC 5849 3.1); \"1.0a\" "
			+ "is the protocol's informal name, not a value to send. Send oauth_version=\"1.0\".";

	static final String DOUBLE_ENCODED = "A parameter name still holds an escape (%5B or %5D) after decoding: the "
			+ "client encoded the bracket names twice (npm oauth-1.0a does). Send searchCriteria[...] encoded once.";

	static final String NAMES_SIGNED_ENCODED_TWICE = "The signature verifies with the names signed as "
			+ "searchCriteria%255B...: the client encoded the bracket names twice in what it signed, while the URL "
			+ "sent them encoded once (npm oauth-1.0a does when given a URL holding %5B). Give the client the query "
			+ "unencoded or as data, so that it encodes each name once.";

	static final String PLUS_FOR_SPACE = "The signature verifies only with this query's spaces signed as '+': a '+' in "
			+ "a query is a space for the server. If the client meant a plus, send it as %2B; if it meant a space, "
			+ "sign it as %20.";

	static final String SLASH_SIGNED_DECODED = "The signature verifies only with the path's encoded slashes (%2F) "
			+ "signed as '/': the client signed the path decoded but sent it encoded (a SKU such as AB/12 as "
			+ "AB%2F12). Sign the path as sent (RFC 5849 3.4.1.2), as OAuth libraries do when given the encoded URL.";

	static final String ONLY_OAUTH_SIGNED = "The signature verifies over the oauth_* parameters alone: the client left "
			+ "the query's parameters, or a form-encoded body's, out of the base string (it was given the URL without "
			+ "its query, or posted a form it did not sign). Sign every query parameter and every parameter of an "
			+ "application/x-www-form-urlencoded body (RFC 5849 3.4.1.3); a JSON body is not signed.";

	static final String SIGNATURE_IN_HEX = "The oauth_signature is the right HMAC written in hex: OAuth 1.0a sends it "
			+ "base64-encoded (RFC 5849 3.4.2), then percent-encoded. Send the base64 of the HMAC's bytes.";

	static final String SIGNATURE_IN_BASE64URL = "The oauth_signature is the right HMAC, but in base64url ('-' and "
			+ "'_') or without its '=' padding: OAuth 1.0a uses standard base64 with '+', '/' and '=' (RFC 5849 "
			+ "3.4.2), then percent-encodes it.";

	static final String SIGNATURE_ENCODED_TWICE = "The oauth_signature still holds an escape (such as %2B, %2F or %3D) "
			+ "after decoding: the client percent-encoded it twice. Encode it once.";

	static final String SIGNATURE_PLUS_AS_SPACE = "The oauth_signature arrived with spaces where its base64 has '+': "
			+ "it was sent unencoded in the query or a form body, where a '+' is a space. Percent-encode it (%2B), "
			+ "or send it in the Authorization header.";

	static final String SECRETS_SWAPPED = "The signature verifies with the consumer secret and the token secret swapped: "
			+ "the client put the token secret first. The key is the consumer secret, '&', then the secret of the "
			+ "oauth_token sent (RFC 5849 3.4.2); check which credential goes in which field of the client library.";

	static final String PREVIOUS_TOKEN_SECRET = "The signature verifies with the secret of the access token this one "
			+ "replaced: the client sends the new access token of a reauthorization but signs with the old access "
			+ "token secret. Give the client library the new access token secret together with the new token.";

	static final String TOKEN_SECRET_LEFT_OUT = "The signature verifies with the consumer secret alone (an empty token "
			+ "secret): the client signed without the secret of the oauth_token it sends. Give the client library the "
			+ "token secret too (the access token secret for API calls, the request token secret for the access-token "
			+ "step).";

	static final String NONCES_FORGOTTEN = "This node may have forgotten the nonces of requests this old (it stopped "
			+ "without saving them, or its nonce memory, keyway.oauth.nonce-memory, was full), so it refuses their "
			+ "timestamps: sign with the current time.";

	static final String NO_EXCHANGE = "No token exchange is under way for these credentials: the integration was not "
			+ "activated through its endpoint, or that activation ended. Activate it and use the credentials Keyway "
			+ "posts to the endpoint.";

	static final String EXCHANGE_RAN = "The token exchange of these credentials already ran: a request token is "
			+ "issued once per activation. Go on with the access-token step, or start over with the credentials sent "
			+ "again (Resend credentials on the integration's Edit page, or Activate: the integration is not Active "
			+ "until the exchange finishes, so Reauthorize is refused).";

	static final String ACCESS_ISSUED = "This integration already has its access token (activated directly, or its "
			+ "exchange finished): sign API calls with it, or reauthorize the integration to start a new exchange.";

	static final String REQUEST_TOKEN_UNKNOWN = "No request token of these credentials has this value: a request token "
			+ "is exchanged once (it is gone after the access-token step), and each activation or reauthorization "
			+ "starts a new exchange. Start again from the request-token step of the latest credentials post.";

	static final String TOKEN_EXCHANGED = "This token was already exchanged (or is the access token itself): sign "
			+ "API calls with the access token, or reauthorize the integration to start over.";

	static final String WRONG_VERIFIER = "The oauth_verifier is not the one Keyway posted to the integration's endpoint "
			+ "with these credentials: send the verifier of the latest post (each activation or reauthorization sends "
			+ "a new one).";

	static final String OTHER_CONSUMERS_TOKEN = "The request token was issued to another consumer key: sign with the "
			+ "consumer key that received it.";

	static final String NONCE_INVALID = "The oauth_nonce is empty or longer than 255 characters: send a new random "
			+ "nonce of 1 to 255 characters with each request.";

	static final String ACCESS_TOKEN_OF_ANOTHER_CONSUMER = "This token belongs to another consumer key: sign with the "
			+ "consumer key and the access token of the same integration's credentials.";

	static final String POST_ONLY = "The token endpoints take POST only (RFC 5849 2.1 and 2.3, as in Magento): the client "
			+ "sent this step with another method, often a library's default GET. Send /oauth/token/request and "
			+ "/oauth/token/access as POST, and sign them with POST as the base string's method.";

	// ---- what to check when no known mistake matches: one text per refusal reason (general), never
	// ---- a value of the request; a site that knows more sets its own hint and this one is not used

	static final String MALFORMED_REQUEST = "The request is not shaped as OAuth 1.0a wants it (the answer's message "
			+ "says what): send each oauth_* parameter once and in one place (the Authorization header, the query or a "
			+ "form body), oauth_version 1.0 or none, and the consumer key and token as Keyway issued them "
			+ "(32 characters).";

	static final String SIGNATURE_METHOD_DISABLED = METHOD_UNSUPPORTED;

	static final String UNKNOWN_CONSUMER = "No consumer has this oauth_consumer_key: sign with the consumer key of "
			+ "the integration's latest credentials (the key is gone once the integration is deleted).";

	static final String CONSUMER_EXPIRED = "The window for starting the token exchange is over: the request-token "
			+ "step must come within the Expiration Period (setting oauth/consumer/expiration_period) after the "
			+ "credentials post. Have the credentials sent again (Resend credentials on the integration's Edit page, or "
			+ "Activate; Reauthorize when the integration is Active), then start the exchange at once.";

	static final String TIMESTAMP_OUT_OF_WINDOW = "The oauth_timestamp is too far from the server's clock (setting "
			+ "oauth/signature/timestamp_window; skew_seconds is the request's timestamp minus the server's clock): "
			+ "keep the client's clock set by NTP, send whole seconds since 1970 UTC (not milliseconds, not local "
			+ "time), and sign a retry again with the current time.";

	static final String BAD_SIGNATURE = "No known client mistake matches this signature. Compare the base string "
			+ "Keyway computed (shown with this refusal; oauth_token's value shows as (token)) with the one the "
			+ "client signed: where they first differ names the cause (scheme, host or port changed by a proxy, the "
			+ "path, a parameter encoded twice or left out, a form body not signed). If they are equal, the key "
			+ "differs: sign with the consumer secret and the token secret of the integration's latest credentials "
			+ "(a reauthorization gives a new token secret), with the method named in oauth_signature_method.";

	static final String NONCE_REUSED = "This consumer already used this oauth_nonce within the timestamp window: the "
			+ "same signed request was sent again (a replay, or a retry that reused it). Sign every request, retries "
			+ "included, anew with a new random nonce and the current timestamp; a nonce made from the clock repeats "
			+ "when two requests leave in the same tick or the clock is set back.";

	static final String UNKNOWN_TOKEN = "No token of this consumer has this oauth_token value: it was replaced by a "
			+ "reauthorization, or belongs to an integration deleted since. Sign with the access token of the "
			+ "integration's latest credentials.";

	static final String TOKEN_NOT_ACCESS = "The oauth_token is a token of the exchange (a request token), not the "
			+ "access token: finish the exchange with the access-token step and sign API calls with the access token "
			+ "it answers.";

	static final String TOKEN_REVOKED = "The access token was revoked (it was imported revoked from Magento): "
			+ "reauthorize the integration and sign with the access token it posts.";

	static final String TOKEN_EXCHANGE_FAILED = "A step of the token exchange came out of order (a token used twice, "
			+ "the wrong token type, a verifier that does not match): start again from the request-token step of the "
			+ "latest credentials post.";

	static final String INTEGRATION_INACTIVE = "The integration is not Active (Inactive, or Reset by a change of the "
			+ "integrations file), so its credentials count as a guest's and this route refused them: activate or "
			+ "reauthorize the integration, then use the credentials it posts.";

	static final String RESOURCE_NOT_GRANTED = "The integration's grant lacks a resource this route needs: add it to "
			+ "the integration's resources, or call a route the grant allows.";

	static final String BEARER_DISABLED = "Integration access tokens are not accepted as Bearer tokens here (setting "
			+ "oauth/consumer/enable_integration_as_bearer): sign the call with OAuth 1.0a, or have an admin switch "
			+ "the setting on.";

	static final String NO_CREDENTIALS = "This route needs credentials and the call carried none: sign it with "
			+ "OAuth 1.0a, or send a token as Bearer where that is allowed.";

	static final String IP_NOT_ALLOWED = "The call came from an address outside the integration's IP allow-list: "
			+ "call from an allowed address, or add this one to the list.";

	static final String TOKEN_EXPIRED = "The integration's access token is past its expiry (expires_at): reauthorize "
			+ "the integration and sign with the access token it posts.";

	private Hints() {
	}

	/**
	 * What to check for a refusal of this reason when no known mistake matched (SPEC 5.9). Exhaustive on
	 * purpose: a new reason does not compile without its text. {@code rate_limited} has none (SPEC 5.12):
	 * its 429 carries {@code Retry-After}, which says when to call again.
	 */
	static String general(RefusalReason reason) {
		return switch (reason) {
			case MALFORMED_REQUEST -> MALFORMED_REQUEST;
			case SIGNATURE_METHOD_DISABLED -> SIGNATURE_METHOD_DISABLED;
			case UNKNOWN_CONSUMER -> UNKNOWN_CONSUMER;
			case CONSUMER_EXPIRED -> CONSUMER_EXPIRED;
			case TIMESTAMP_OUT_OF_WINDOW -> TIMESTAMP_OUT_OF_WINDOW;
			case BAD_SIGNATURE -> BAD_SIGNATURE;
			case NONCE_REUSED -> NONCE_REUSED;
			case UNKNOWN_TOKEN -> UNKNOWN_TOKEN;
			case TOKEN_NOT_ACCESS -> TOKEN_NOT_ACCESS;
			case TOKEN_REVOKED -> TOKEN_REVOKED;
			case TOKEN_EXCHANGE_FAILED -> TOKEN_EXCHANGE_FAILED;
			case INTEGRATION_INACTIVE -> INTEGRATION_INACTIVE;
			case RESOURCE_NOT_GRANTED -> RESOURCE_NOT_GRANTED;
			case BEARER_DISABLED -> BEARER_DISABLED;
			case NO_CREDENTIALS -> NO_CREDENTIALS;
			case IP_NOT_ALLOWED -> IP_NOT_ALLOWED;
			case TOKEN_EXPIRED -> TOKEN_EXPIRED;
			case RATE_LIMITED -> null;
		};
	}

	/** The first known mistake a bad signature matches, or null ({@link #BAD_SIGNATURE} is shown then). */
	static String forSignature(OAuthRequest request, ProtocolChecks.Checked checked, String tokenSecret) {
		return forSignature(request, checked, tokenSecret, null);
	}

	/**
	 * The first known mistake a bad signature matches, or null.
	 * @param publicBaseUrl the URL third parties reach this server at ({@code keyway.public-base-url}), or null
	 */
	static String forSignature(OAuthRequest request, ProtocolChecks.Checked checked, String tokenSecret,
			URI publicBaseUrl) {
		return forSignature(request, checked, tokenSecret, publicBaseUrl, null);
	}

	/**
	 * The first known mistake a bad signature matches, or null.
	 * @param publicBaseUrl the URL third parties reach this server at ({@code keyway.public-base-url}), or null
	 * @param previousTokenSecret the secret of the access token the presented one replaced, while its
	 *     reauthorization's grace lasts; else null
	 */
	static String forSignature(OAuthRequest request, ProtocolChecks.Checked checked, String tokenSecret,
			URI publicBaseUrl, String previousTokenSecret) {
		String signature = request.protocol(ProtocolChecks.SIGNATURE);
		String written = forSignatureForm(request.baseString(), checked, tokenSecret, signature);
		if (written != null) {
			return written;
		}
		String key = KeyMistakes.forSignature(request.baseString(), checked, tokenSecret, signature);
		if (key == null) {
			key = KeyMistakes.forPreviousTokenSecret(request.baseString(), checked, tokenSecret, previousTokenSecret,
					signature);
		}
		if (key != null) {
			return key;
		}
		for (String uri : request.proxiedBaseUris()) {
			if (checked.method().verify(request.baseString(uri), checked.consumer().secret(), tokenSecret, signature)) {
				return "The signature verifies for " + uri + " but not for the URL this server sees: a proxy changed "
						+ "the host, port or scheme. Sign the URL the client calls, or let the server trust the "
						+ "proxy's X-Forwarded headers (server.forward-headers-strategy), with X-Forwarded-Port when the "
						+ "proxy listens on a port other than its scheme's default.";
			}
		}
		String publicUrl = PublicBaseUrlHint.forSignature(request, checked, tokenSecret, signature, publicBaseUrl);
		if (publicUrl != null) {
			return publicUrl;
		}
		String shape = UrlShapes.forSignature(request, checked, tokenSecret, signature);
		if (shape != null) {
			return shape;
		}
		// a SKU's slash sent as %2F but signed as '/' (a client's workaround; Magento 2.4.6 was reported to
		// refuse RFC 5849 signatures of such paths, magento/magento2#37830)
		String baseUri = request.baseUri();
		if (baseUri.contains("%2F") || baseUri.contains("%2f")) {
			String decoded = baseUri.replace("%2F", "/").replace("%2f", "/");
			if (checked.method().verify(request.baseString(decoded), checked.consumer().secret(), tokenSecret,
					signature)) {
				return SLASH_SIGNED_DECODED;
			}
		}
		// the query or a form body left out: the signature is over the oauth_* parameters alone
		List<Parameter> oauthOnly = new ArrayList<>(request.signed().size());
		for (Parameter parameter : request.signed()) {
			if (parameter.name().startsWith("oauth_")) {
				oauthOnly.add(parameter);
			}
		}
		if (oauthOnly.size() < request.signed().size() && checked.method().verify(SignatureBaseString.of(request.method(),
				request.baseUri(), oauthOnly), checked.consumer().secret(), tokenSecret, signature)) {
			return ONLY_OAUTH_SIGNED;
		}
		// npm oauth-1.0a's mistake: it signs an encoded query's names without decoding them first, so
		// "searchCriteria%5BpageSize%5D" is signed as the name, while the server decodes it to brackets
		if (verifiesAs(request, checked, tokenSecret, signature,
				(parameter) -> (parameter.name().indexOf('[') >= 0 || parameter.name().indexOf(']') >= 0)
						? new Parameter(PercentEncoding.encode(parameter.name()), parameter.value()) : null)) {
			return NAMES_SIGNED_ENCODED_TWICE;
		}
		for (Parameter parameter : request.signed()) {
			String name = parameter.name().toUpperCase(Locale.ROOT);
			if (name.contains("%5B") || name.contains("%5D")) {
				return DOUBLE_ENCODED;
			}
		}
		// a '+' taken for a plus by the client (a space for the server, RFC 3986 against form encoding):
		// named only when the signature verifies with those spaces signed as pluses, so that a wrong
		// secret on a search for "Down Bag" is not sent hunting an encoding mistake
		if (verifiesAs(request, checked, tokenSecret, signature,
				(parameter) -> (!parameter.name().startsWith("oauth_") && parameter.value().indexOf(' ') >= 0)
						? new Parameter(parameter.name(), parameter.value().replace(' ', '+')) : null)) {
			return PLUS_FOR_SPACE;
		}
		return null;
	}

	/**
	 * The signature is the HMAC of the right base string with the right key, computed or written otherwise
	 * than the request says: another HMAC than {@code oauth_signature_method} names (a library that signs
	 * with HMAC-SHA1 whatever it is told), hex or base64url instead of base64 (RFC 5849 3.4.2), encoded
	 * twice, or its '+' turned into spaces by form decoding. Each is named only when the client's value
	 * is exactly the right HMAC in that form (compared in constant time): a wrong key matches none.
	 */
	static String forSignatureForm(String baseString, ProtocolChecks.Checked checked, String tokenSecret,
			String signature) {
		if (signature == null || signature.isEmpty()) {
			return null;
		}
		String consumerSecret = checked.consumer().secret();
		for (SignatureMethod other : SignatureMethod.values()) {
			if (other != checked.method() && other.verify(baseString, consumerSecret, tokenSecret, signature)) {
				return "The oauth_signature is an " + other.wireName() + " of the base string, but "
						+ "oauth_signature_method names " + checked.method().wireName() + ": the client signed with one "
						+ "method and named another. Sign with the method the request names (HMAC-SHA256, Magento's).";
			}
		}
		String expected = checked.method().sign(baseString, consumerSecret, tokenSecret);
		byte[] digest = Base64.getDecoder().decode(expected);
		if (sameText(HexFormat.of().formatHex(digest), signature.toLowerCase(Locale.ROOT))) {
			return SIGNATURE_IN_HEX;
		}
		if (sameText(Base64.getUrlEncoder().withoutPadding().encodeToString(digest), stripPadding(signature))) {
			return SIGNATURE_IN_BASE64URL;
		}
		if (signature.indexOf('%') >= 0 && sameText(expected, PercentEncoding.decode(signature, false))) {
			return SIGNATURE_ENCODED_TWICE;
		}
		if (signature.indexOf(' ') >= 0 && sameText(expected, signature.replace(' ', '+'))) {
			return SIGNATURE_PLUS_AS_SPACE;
		}
		return null;
	}

	private static boolean sameText(String expected, String actual) {
		return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), actual.getBytes(StandardCharsets.UTF_8));
	}

	private static String stripPadding(String signature) {
		int end = signature.length();
		while (end > 0 && signature.charAt(end - 1) == '=') {
			end--;
		}
		return signature.substring(0, end);
	}

	/**
	 * Whether the signature verifies with the parameters as a client mistake would have signed them:
	 * {@code mistaken} gives a parameter's mistaken form, or null where the mistake changes nothing
	 * (no parameter changed: false, no HMAC computed).
	 */
	private static boolean verifiesAs(OAuthRequest request, ProtocolChecks.Checked checked, String tokenSecret,
			String signature, UnaryOperator<Parameter> mistaken) {
		boolean changed = false;
		List<Parameter> signedSo = new ArrayList<>(request.signed().size());
		for (Parameter parameter : request.signed()) {
			Parameter other = mistaken.apply(parameter);
			changed |= other != null;
			signedSo.add((other != null) ? other : parameter);
		}
		return changed && checked.method().verify(SignatureBaseString.of(request.method(), request.baseUri(), signedSo),
				checked.consumer().secret(), tokenSecret, signature);
	}

}
