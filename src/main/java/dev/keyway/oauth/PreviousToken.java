package dev.keyway.oauth;

import java.time.Instant;

/**
 * A consumer's previous access token (issue 17.4), decrypted: accepted like the current one while
 * {@code now} is before {@code validUntil}.
 */
record PreviousToken(long consumerId, String value, String secret, Instant validUntil) {

	boolean validAt(Instant now) {
		return now.isBefore(this.validUntil);
	}

	@Override
	public String toString() {
		return "PreviousToken[consumer=" + this.consumerId + ", validUntil=" + this.validUntil + "]";
	}

}
