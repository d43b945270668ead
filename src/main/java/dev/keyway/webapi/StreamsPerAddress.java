package dev.keyway.webapi;

import java.net.InetAddress;
import java.util.HexFormat;
import java.util.concurrent.ConcurrentHashMap;

import io.netty.util.NetUtil;

/**
 * How many of the listener's calls whose body streams to a worker, or whose answer streams from one, each client
 * address holds at once, and the most it may hold ({@code keyway.server.event-loop.max-streamed-bodies-per-address}).
 * Such a call holds a worker for as long as its body takes to arrive or its answer to be read: without a cap, one
 * client trickling a few hundred bodies held all the workers (a review), and one reading a few hundred long
 * answers slowly could too. The address is the one the call is answered for: the client's own, or, with the native
 * forwarded-headers strategy, the one a trusted proxy names. Hand-written: a count per key in a concurrent map;
 * Caffeine or a rate limiter counts over time, not calls in progress.
 */
final class StreamsPerAddress {

	/** The default cap: a quarter of the listener's 200 workers. */
	static final int DEFAULT = 50;

	static final String PROPERTY = "keyway.server.event-loop.max-streamed-bodies-per-address";

	private final int max;

	private final ConcurrentHashMap<String, Integer> held = new ConcurrentHashMap<>();

	/** The answers' count, apart from the bodies': a slow reader's workers never refuse the address's uploads. */
	private final StreamsPerAddress answers;

	/** @param max the most calls one address holds at once, bodies and answers each; 0 for no cap */
	StreamsPerAddress(int max) {
		this(max, new StreamsPerAddress(max, null));
	}

	private StreamsPerAddress(int max, StreamsPerAddress answers) {
		if (max < 0) {
			throw new IllegalArgumentException(PROPERTY + " must be 0 (no cap) or more; got " + max);
		}
		this.max = max;
		this.answers = answers;
	}

	int max() {
		return this.max;
	}

	/**
	 * The count of answers whose worker has had to wait for a slow reader ({@link LoopSink}), under the same cap and
	 * apart from the bodies' (its own answers count is itself).
	 */
	StreamsPerAddress answers() {
		return (this.answers != null) ? this.answers : this;
	}

	/**
	 * What a call is counted under: its client address, an IPv6 one by its /64 (a host is given a whole /64 and
	 * could take a new address for every call); the connection's peer when the address a proxy names is no IP
	 * literal (a value read from {@code X-Forwarded-For} is what the client wrote when the proxies are not set
	 * exactly: DEPLOYMENT § 8). Parsed by Netty's {@code NetUtil}, which never looks a name up.
	 */
	static String key(String address, InetAddress peer) {
		byte[] bytes = NetUtil.createByteArrayFromIpAddressString(address);
		if (bytes == null) {
			bytes = peer.getAddress();
		}
		if (bytes.length == 16) {
			String hex = HexFormat.of().formatHex(bytes, 0, 8);
			return hex.substring(0, 4) + ":" + hex.substring(4, 8) + ":" + hex.substring(8, 12) + ":" + hex.substring(12, 16)
					+ "::/64";
		}
		return NetUtil.bytesToIpAddress(bytes);
	}

	/** Counts one more call of the address, unless it already holds the most it may: then false. */
	boolean take(String address) {
		if (this.max == 0) {
			return true;
		}
		boolean[] taken = { false };
		this.held.compute(address, (key, count) -> {
			int now = (count == null) ? 0 : count;
			if (now >= this.max) {
				return count;
			}
			taken[0] = true;
			return now + 1;
		});
		return taken[0];
	}

	/** One call of the address that {@link #take} counted has ended. */
	void release(String address) {
		if (this.max == 0) {
			return;
		}
		this.held.computeIfPresent(address, (key, count) -> (count <= 1) ? null : count - 1);
	}

	/**
	 * A streamed answer refused because its address holds the most it may: the 503 has been sent, the connection
	 * closes, and the worker's writing ends here (counted as a 503, told in one line).
	 */
	static final class Refused extends java.io.IOException {

		Refused(String message) {
			super(message);
		}

		/** The refusal in a failure's causes (Jackson wraps the output's exception in its own), or null. */
		static Refused in(Throwable failure) {
			for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
				if (cause instanceof Refused refused) {
					return refused;
				}
			}
			return null;
		}

	}

	/** The calls the address holds now (for tests and the refusal's text). */
	int held(String address) {
		Integer count = this.held.get(address);
		return (count == null) ? 0 : count;
	}

}
