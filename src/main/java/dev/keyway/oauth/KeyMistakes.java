package dev.keyway.oauth;

/**
 * A bad signature over the right base string made with the wrong key (RFC 5849 3.4.2): the consumer secret
 * and the token secret swapped, or the token secret left out. A developer trial saw both get the general
 * hint. Each is named only when the signature verifies with that key, which only a client holding both
 * secrets can produce, so the hint tells nobody anything about a secret it does not know. Likewise the old
 * access token secret kept with a new access token during a reauthorization's grace.
 */
final class KeyMistakes {

	private KeyMistakes() {
	}

	/** The key mistake that explains the signature, as a hint; else null. */
	static String forSignature(String baseString, ProtocolChecks.Checked checked, String tokenSecret, String signature) {
		if (signature == null || signature.isEmpty() || tokenSecret == null || tokenSecret.isEmpty()) {
			return null; // no token secret expected (the request-token step): either key would be the right one
		}
		String consumerSecret = checked.consumer().secret();
		if (checked.method().verify(baseString, tokenSecret, consumerSecret, signature)) {
			return Hints.SECRETS_SWAPPED;
		}
		if (checked.method().verify(baseString, consumerSecret, "", signature)) {
			return Hints.TOKEN_SECRET_LEFT_OUT;
		}
		return null;
	}

	/**
	 * The hint when the signature verifies with the secret of the access token the presented one replaced (kept
	 * for the reauthorization's grace only: after it only the old token's hash remains); else null.
	 */
	static String forPreviousTokenSecret(String baseString, ProtocolChecks.Checked checked, String tokenSecret,
			String previousTokenSecret, String signature) {
		if (signature == null || signature.isEmpty() || previousTokenSecret == null
				|| previousTokenSecret.equals(tokenSecret)) {
			return null;
		}
		return checked.method().verify(baseString, checked.consumer().secret(), previousTokenSecret, signature)
				? Hints.PREVIOUS_TOKEN_SECRET : null;
	}

}
