package dev.keyway.oauth;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * At most one warning this often; the occurrences in between are counted and told by the next one (an upstream's
 * failures, the calls and admin pages a database outage stopped). Hand-written: a compare-and-set of the last
 * warning's time, no lock on the paths that warn.
 */
public final class WarningEvery {

	private final long everyNanos;

	private final AtomicLong last;

	private final AtomicInteger unwarned = new AtomicInteger();

	public WarningEvery(Duration every) {
		this.everyNanos = every.toNanos();
		// the first occurrence warns
		this.last = new AtomicLong(System.nanoTime() - this.everyNanos);
	}

	/** -1 when a warning was given less than the interval ago (this occurrence is counted); else how many were not. */
	public int due() {
		long now = System.nanoTime();
		long previous = this.last.get();
		if (now - previous < this.everyNanos || !this.last.compareAndSet(previous, now)) {
			this.unwarned.incrementAndGet();
			return -1;
		}
		return this.unwarned.getAndSet(0);
	}

	/** What a warning adds for the occurrences it did not tell: {@code " (and 3 more calls since the last warning)"}. */
	public static String andMore(int more, String what) {
		return (more > 0) ? " (and " + more + " more " + what + " since the last warning)" : "";
	}

}
