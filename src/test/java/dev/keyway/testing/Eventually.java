package dev.keyway.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * The one way tests wait for something another thread or node does: poll a condition every 10 ms
 * until a deadline, never a fixed sleep followed by an assert (a sleep is either too short on a busy
 * machine or wasted time on an idle one).
 */
public final class Eventually {

	private static final long POLL_MILLIS = 10;

	private Eventually() {
	}

	/**
	 * Waits until {@code condition} holds and returns how many milliseconds that took; fails naming
	 * {@code what} when it still does not hold after {@code deadline}.
	 */
	public static long within(Duration deadline, String what, BooleanSupplier condition) {
		long start = System.nanoTime();
		long end = start + deadline.toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > end) {
				throw new AssertionError("Not " + what + " within " + deadline.toMillis() + " ms");
			}
			try {
				Thread.sleep(POLL_MILLIS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new AssertionError("Interrupted while waiting until " + what, ex);
			}
		}
		return (System.nanoTime() - start) / 1_000_000;
	}

}
