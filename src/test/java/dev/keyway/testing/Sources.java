package dev.keyway.testing;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Source addresses of tests alone: the admin sign-in limit is per source address and the shared Spring
 * context keeps its buckets, so a test that uses it up must not share its address with another test.
 */
public final class Sources {

	private static final AtomicInteger COUNTER = new AtomicInteger(ThreadLocalRandom.current().nextInt(1 << 16));

	private Sources() {
	}

	/** An address of the private range 10.0.0.0/8 that no other call in this JVM returns. */
	public static String unique() {
		int n = COUNTER.incrementAndGet() & 0xffffff;
		return "10." + ((n >> 16) & 0xff) + "." + ((n >> 8) & 0xff) + "." + (n & 0xff);
	}

}
