package dev.keyway.oauth;

import java.util.ArrayList;
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

	static final String DOUBLE_ENCODED = "A parameter name still holds an escape (%5B or %5D) after decoding: the "
			+ "client encoded the bracket names twice (npm oauth-1.0a does). Send searchCriteria[...] encoded once.";

	static final String PLUS_FOR_SPACE = "The signature verifies only with this query's spaces signed as '+': a '+' in "
			+ "a query is a space for the server. If the client meant a plus, send it as %2B; if it meant a space, "
			+ "sign it as %20.";

	static final String SLASH_SIGNED_DECODED = "The signature verifies only with the path's encoded slashes (%2F) "
			+ "signed as '/': the client signed the path decoded but sent it encoded (a SKU such as AB/12 as "
			+ "AB%2F12). Sign the path as sent (RFC 5849 3.4.1.2), as OAuth libraries do when given the encoded URL.";

	static final String NONCES_FORGOTTEN = "This node may have forgotten the nonces of requests this old (it stopped "
			+ "without saving them, or its nonce memory, keyway.oauth.nonce-memory, was full), so it refuses their "
			+ "timestamps: sign with the current time.";

	static final String NO_EXCHANGE = "No token exchange is under way for these credentials: the integration was not "
			+ "activated through its endpoint, or that activation ended. Activate it and use the credentials Keyway "
			+ "posts to the endpoint.";

	static final String EXCHANGE_RAN = "The token exchange of these credentials already ran: a request token is "
			+ "issued once per activation. Go on with the access-token step, or reauthorize the integration to start over.";

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

	private Hints() {
	}

	/** The first hint a bad signature matches, or null. */
	static String forSignature(OAuthRequest request, ProtocolChecks.Checked checked, String tokenSecret) {
		String signature = request.protocol(ProtocolChecks.SIGNATURE);
		for (String uri : request.proxiedBaseUris()) {
			if (checked.method().verify(request.baseString(uri), checked.consumer().secret(), tokenSecret, signature)) {
				return "The signature verifies for " + uri + " but not for the URL this server sees: a proxy changed "
						+ "the host, port or scheme. Sign the URL the client calls, or let the server trust the "
						+ "proxy's X-Forwarded headers (server.forward-headers-strategy).";
			}
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
		// npm oauth-1.0a's mistake: it signs an encoded query's names without decoding them first, so
		// "searchCriteria%5BpageSize%5D" is signed as the name, while the server decodes it to brackets
		if (verifiesAs(request, checked, tokenSecret, signature,
				(parameter) -> (parameter.name().indexOf('[') >= 0 || parameter.name().indexOf(']') >= 0)
						? new Parameter(PercentEncoding.encode(parameter.name()), parameter.value()) : null)) {
			return DOUBLE_ENCODED;
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
