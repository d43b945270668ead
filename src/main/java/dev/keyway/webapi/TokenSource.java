package dev.keyway.webapi;

import dev.keyway.integration.RateLimit;

/** Where a node takes the tokens of integrations' rate limits from (issue 17.2). */
interface TokenSource {

	/**
	 * Takes at most {@code want} tokens of the integration's bucket at {@code nowMs}.
	 * @return the tokens granted with the end of their lease, or none with the time to ask again
	 */
	TokenBucket.Grant take(long integrationId, RateLimit limit, int want, long nowMs);

	/** How many tokens this source hands out at once (a node's lease). */
	int chunk(RateLimit limit);

	/** A tenth of the smaller window's quota (burst for the second), at least 1, at most {@code max}. */
	static int tenth(RateLimit limit, int max) {
		int chunk = max;
		if (limit.perSecond() > 0) {
			chunk = Math.min(chunk, limit.capacity() / 10);
		}
		if (limit.perMinute() > 0) {
			chunk = Math.min(chunk, limit.perMinute() / 10);
		}
		return Math.max(1, chunk);
	}

	/** The end of a lease of tokens taken at {@code nowMs}: they expire with the window they were taken in. */
	static long leaseEnd(RateLimit limit, long nowMs) {
		return (limit.perSecond() > 0) ? nowMs + 1000 : TokenBucket.minuteOf(nowMs) + TokenBucket.MINUTE_MS;
	}

}
