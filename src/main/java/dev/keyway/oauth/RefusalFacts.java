package dev.keyway.oauth;

/**
 * The facts of a refused OAuth request that may be stored and shown (issue 16.2): never a secret, a
 * signature or a token value. The base string has {@code oauth_token}'s value replaced by
 * {@link #TOKEN_MASK} (the access token is a bearer of rights on its own) and holds no signature
 * (RFC 5849 3.4.1.3.1 leaves {@code oauth_signature} out).
 * @param consumerId the consumer the key names, or 0 when unknown
 * @param skewSeconds the request's timestamp minus the server's clock, or null when not measured
 * @param baseString the base string Keyway computed (masked), or null when the signature was not checked
 * @param signatureMethod the method's wire name, or null
 * @param hint a known client mistake the request matches, or null
 */
public record RefusalFacts(long consumerId, Long skewSeconds, String baseString, String signatureMethod, String hint) {

	/** What replaces the token's value in a stored base string. */
	public static final String TOKEN_MASK = "(token)";

	public static final RefusalFacts NONE = new RefusalFacts(0, null, null, null, null);

	public RefusalFacts withConsumer(long id) {
		return new RefusalFacts(id, this.skewSeconds, this.baseString, this.signatureMethod, this.hint);
	}

	public RefusalFacts withSkew(long seconds) {
		return new RefusalFacts(this.consumerId, seconds, this.baseString, this.signatureMethod, this.hint);
	}

	public RefusalFacts withHint(String text) {
		return new RefusalFacts(this.consumerId, this.skewSeconds, this.baseString, this.signatureMethod, text);
	}

	public RefusalFacts withBaseString(String masked, String method) {
		return new RefusalFacts(this.consumerId, this.skewSeconds, masked, method, this.hint);
	}

}
