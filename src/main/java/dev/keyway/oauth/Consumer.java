package dev.keyway.oauth;

import java.time.Instant;

/**
 * A consumer with its secret decrypted, as the verification path needs it.
 *
 * @param windowStart when the consumer window (SPEC 4.6) started: the last credentials post, or
 * the consumer's creation
 */
record Consumer(long id, String key, String secret, Instant windowStart) {

	@Override
	public String toString() {
		return "Consumer[id=" + this.id + ", key=" + this.key + "]";
	}

}
