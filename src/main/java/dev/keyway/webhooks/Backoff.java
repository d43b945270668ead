package dev.keyway.webhooks;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * When to try again after a failed attempt: {@code initial × 2^(attempts-1)}, capped at
 * {@code max}, times a jitter factor from 0.75 to 1.25 so that the deliveries of one outage do
 * not all come back at the same second.
 */
record Backoff(Duration initial, Duration max, DoubleSupplier random) {

	/** The wait after {@code attempts} failed attempts (1 = the first attempt failed). */
	Duration after(int attempts) {
		int doublings = Math.min(Math.max(attempts - 1, 0), 30);
		long millis = this.initial.toMillis();
		for (int i = 0; i < doublings && millis < this.max.toMillis(); i++) {
			millis *= 2;
		}
		millis = Math.min(millis, this.max.toMillis());
		double jitter = 0.75 + 0.5 * this.random.getAsDouble();
		return Duration.ofMillis(Math.max(1, Math.round(millis * jitter)));
	}

}
