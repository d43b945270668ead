package dev.keyway.oauth;

import java.time.Instant;

/** A consumer's token record with its values decrypted; {@code value}/{@code secret} are null for a verifier. */
record StoredToken(long id, long consumerId, TokenType type, String value, String secret, String verifier,
		boolean revoked, Instant createdAt) {

	@Override
	public String toString() {
		return "StoredToken[id=" + this.id + ", consumer=" + this.consumerId + ", type=" + this.type + "]";
	}

}
