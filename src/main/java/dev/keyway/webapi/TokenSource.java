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

	/** The end of a lease of tokens taken at {@code nowMs}: they expire with the window they were taken in. */
	static long leaseEnd(RateLimit limit, long nowMs) {
		return (limit.perSecond() > 0) ? nowMs + 1000 : TokenBucket.minuteOf(nowMs) + TokenBucket.MINUTE_MS;
	}

}
