package dev.keyway.webapi;

import dev.keyway.integration.RateLimit;

/**
 * The state of one integration's rate limit and the arithmetic of taking tokens from it (issue 17.2):
 * a token bucket for the per-second rate and burst, a counter per clock minute. Hand-written because
 * Bucket4j, the library that would do it, is not among the packages this build may use, and the
 * PostgreSQL statement ({@link PostgresTokenSource}) must do the same arithmetic in SQL.
 * @param tokens the per-second tokens at {@code refilledMs}
 * @param minuteStartMs the start of the clock minute {@code minuteUsed} counts
 */
record TokenBucket(double tokens, long refilledMs, long minuteStartMs, long minuteUsed) {

	static final long MINUTE_MS = 60_000;

	/** A full bucket. */
	static TokenBucket full(RateLimit limit, long nowMs) {
		return new TokenBucket(limit.capacity(), nowMs, minuteOf(nowMs), 0);
	}

	static long minuteOf(long ms) {
		return ms - Math.floorMod(ms, MINUTE_MS);
	}

	/** The tokens taken and the bucket after taking at most {@code want} at {@code nowMs}. */
	record Taken(int granted, TokenBucket after) {
	}

	Taken take(RateLimit limit, int want, long nowMs) {
		double available = 0;
		int bySecond = want;
		if (limit.perSecond() > 0) {
			long elapsed = Math.max(0, nowMs - this.refilledMs);
			available = Math.min(limit.capacity(), this.tokens + elapsed * (double) limit.perSecond() / 1000);
			bySecond = (int) Math.floor(available);
		}
		long minute = minuteOf(nowMs);
		long used = (minute == this.minuteStartMs) ? this.minuteUsed : 0;
		long byMinute = (limit.perMinute() > 0) ? limit.perMinute() - used : want;
		int granted = (int) Math.max(0, Math.min(want, Math.min(bySecond, byMinute)));
		return new Taken(granted, new TokenBucket((limit.perSecond() > 0) ? available - granted : 0, nowMs, minute, used + granted));
	}

	/**
	 * When this bucket (as just left by a take at {@code nowMs} that granted nothing) has a token
	 * again, and which window refused.
	 */
	static Grant refused(RateLimit limit, double tokens, long minuteStartMs, long minuteUsed, long nowMs) {
		if (limit.perMinute() > 0 && minuteUsed >= limit.perMinute()) {
			return new Grant(0, minuteStartMs + MINUTE_MS, Window.PER_MINUTE);
		}
		double missing = Math.max(0, 1 - tokens);
		long wait = Math.max(1, (long) Math.ceil(missing * 1000 / Math.max(1, limit.perSecond())));
		return new Grant(0, nowMs + wait, Window.PER_SECOND);
	}

	/** The windows of a rate limit, as the RateLimit headers name them. */
	enum Window {

		PER_SECOND("per-second", "second", 1), PER_MINUTE("per-minute", "minute", 60);

		final String policy;

		final String unit;

		final int seconds;

		Window(String policy, String unit, int seconds) {
			this.policy = policy;
			this.unit = unit;
			this.seconds = seconds;
		}

		int quota(RateLimit limit) {
			return (this == PER_SECOND) ? limit.perSecond() : limit.perMinute();
		}

	}

	/**
	 * What a token source answered: {@code granted} tokens valid until {@code untilMs}, or none and
	 * the time one may ask again ({@code untilMs}) with the window that refused.
	 */
	record Grant(int granted, long untilMs, Window window) {
	}

}
