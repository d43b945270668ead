package dev.keyway.oauth;

import java.time.Instant;

/**
 * A consumer and its token record as another OAuth provider issued them (issue 18: taking over
 * Magento's connectors): the values are kept as they are, so the third party goes on signing with
 * them. Never logged: {@link #toString()} hides the secrets.
 *
 * @param exchangeStartedAt when credentials were last posted to the third party (the consumer window,
 * SPEC 4.6), or null
 * @param token the token record, or null when the consumer has none
 */
public record ExistingCredentials(String consumerKey, String consumerSecret, Instant createdAt,
		Instant exchangeStartedAt, Token token) {

	/**
	 * The single token record (SPEC 4.4); {@code value} and {@code secret} are null at stage
	 * {@link TokenType#VERIFIER}.
	 */
	public record Token(TokenType type, String value, String secret, String verifier, boolean revoked,
			Instant createdAt) {

		@Override
		public String toString() {
			return "Token[type=" + this.type + ", revoked=" + this.revoked + ", values hidden]";
		}

	}

	@Override
	public String toString() {
		return "ExistingCredentials[consumerKey=" + this.consumerKey + ", token=" + this.token + ", secrets hidden]";
	}

}
