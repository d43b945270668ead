package dev.keyway.oauth;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Known client mistakes a refused request matches (issue 16.2), in plain words for the integration's
 * developer. Computed only after a refusal, never on a call that passes.
 */
final class Hints {

	static final String SHA1_DISABLED = "HMAC-SHA1 is disabled on this server (setting oauth/allow_hmac_sha1): "
			+ "sign with HMAC-SHA256.";

	static final String DOUBLE_ENCODED = "A parameter name still holds an escape (%5B or %5D) after decoding: the "
			+ "client encoded the bracket names twice (npm oauth-1.0a does). Send searchCriteria[...] encoded once.";

	static final String PLUS_FOR_SPACE = "A query value holds a space, which a '+' in the query also means: if the "
			+ "client signed '+' as a plus, send it as %2B; if it meant a space, sign it as %20.";

	static final String NONCES_FORGOTTEN = "This node may have forgotten the nonces of requests this old (it stopped "
			+ "without saving them, or its nonce memory, keyway.oauth.nonce-memory, was full), so it refuses their "
			+ "timestamps: sign with the current time.";

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
		// npm oauth-1.0a's mistake: it signs an encoded query's names without decoding them first, so
		// "searchCriteria%5BpageSize%5D" is signed as the name, while the server decodes it to brackets
		boolean brackets = false;
		List<Parameter> encodedOnceMore = new ArrayList<>(request.signed().size());
		for (Parameter parameter : request.signed()) {
			boolean bracketed = parameter.name().indexOf('[') >= 0 || parameter.name().indexOf(']') >= 0;
			brackets |= bracketed;
			encodedOnceMore.add(bracketed ? new Parameter(PercentEncoding.encode(parameter.name()), parameter.value())
					: parameter);
		}
		if (brackets && checked.method().verify(SignatureBaseString.of(request.method(), request.baseUri(), encodedOnceMore),
				checked.consumer().secret(), tokenSecret, signature)) {
			return DOUBLE_ENCODED;
		}
		for (Parameter parameter : request.signed()) {
			String name = parameter.name().toUpperCase(Locale.ROOT);
			if (name.contains("%5B") || name.contains("%5D")) {
				return DOUBLE_ENCODED;
			}
		}
		for (Parameter parameter : request.signed()) {
			if (!parameter.name().startsWith("oauth_") && parameter.value().indexOf(' ') >= 0) {
				return PLUS_FOR_SPACE;
			}
		}
		return null;
	}

}
