package dev.keyway.oauth;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.function.IntSupplier;

/**
 * Used nonces in memory, compactly (SPEC 4.6, issue target: at most 32 bytes per live nonce, no
 * full scans for expiry). Each (consumer, nonce) is kept as a 64-bit keyed fingerprint and the
 * request's 32-bit {@code oauth_timestamp} in open-addressing tables (linear probing, 3/4 to 5/6
 * full before a stripe doubles: {@link #growAt}): 12 bytes a slot, about 16 to 32 bytes a live nonce. An
 * entry lives while its timestamp is inside the window as it is set now ({@code windowSeconds}); when
 * the window is widened at run time, an authoritative store refuses the timestamps up to the narrower
 * window's horizon at that moment, whose nonces may be swept already, rather than accept them again.
 * The tables are striped by fingerprint, each stripe with its own lock, so threads rarely wait and a
 * stripe that grows rehashes only its own share. Expired entries are removed a few slots at a time on
 * every insert (backward-shift deletion keeps probe chains intact), so cleanup never costs one request
 * more than a few slot reads.
 *
 * <p>The tables have a ceiling ({@code maxBytes}): a stripe whose table reached its share stops
 * doubling and, when it is three quarters full, deletes in place its entries with the oldest
 * timestamps until it is half full (issue 14.3: a heap sized for the README's run command must not
 * end in an {@code OutOfMemoryError} under a sustained rate whose nonces do not fit). What went is
 * told by {@link #forgottenTimestamp()}: an authoritative store (the single node's) then refuses
 * every request whose timestamp is not after the newest one dropped, so a replay of a dropped nonce
 * is refused as out of the window, whatever the window is set to later, and the node serves a
 * shorter window instead of failing. A store that is only a cache in front of the database
 * ({@link BatchingNonceStore}) just drops.
 *
 * <p>Hand-written because no well-kept library offers a primitive-keyed set with per-entry expiry
 * at this size: a map of strings costs about 200 bytes a nonce. A fingerprint collision (two
 * different nonces of live requests sharing 64 bits, about n/2^64 per check) would refuse one
 * fresh request as a replay; the key is random per process, so collisions cannot be aimed.
 */
final class MemoryNonceStore implements NonceStore {

	private static final int STRIPES = 64;

	private static final int INITIAL_CAPACITY = 1024;

	/** The largest table of a stripe: 3/4 of it still counts in an int. */
	private static final int MAX_STRIPE_SLOTS = 1 << 28;

	private static final int SWEEP_PER_INSERT = 4;

	/** Timestamps are stored as seconds since this epoch second (2024-01-01), in 32 bits. */
	private static final long EPOCH = 1_704_067_200L;

	/** Bytes of one slot: the fingerprint and the timestamp. */
	static final int SLOT_BYTES = Long.BYTES + Integer.BYTES;

	/** No ceiling (tests, and callers that bound the entries themselves). */
	static final long UNBOUNDED = Long.MAX_VALUE;

	/** The timestamp window of stores made without one (Magento's default, for tests). */
	static final IntSupplier DEFAULT_WINDOW = () -> 600;

	/** Told when a full stripe dropped entries before their timestamps left the window. */
	@FunctionalInterface
	interface Overflow {

		/**
		 * @param forgottenTimestamp the epoch second up to which requests' nonces may now be forgotten
		 * @param dropped how many live entries were dropped
		 */
		void dropped(long forgottenTimestamp, int dropped);

	}

	private final Stripe[] stripes = new Stripe[STRIPES];

	private final long seed;

	private final Clock clock;

	private final IntSupplier windowSeconds;

	private final int maxSlotsPerStripe;

	private final Overflow overflow;

	/** No timestamp: nothing dropped, no horizon yet. */
	private static final int NONE = Integer.MIN_VALUE;

	/** Relative timestamp up to which some stripe dropped live entries; NONE when none did. */
	private volatile int forgottenTimestamp = NONE;

	/**
	 * The horizon of the window in force when the window was last widened: entries up to it may have
	 * been swept under the narrower one, and a wider window must not make their requests usable
	 * again. Set only at the moment the window grows (never moved by the clock alone), NONE until then.
	 */
	private volatile int horizonMark = NONE;

	/** The window the last operation used; 0 before the first. */
	private volatile int servedWindow;

	MemoryNonceStore(Clock clock) {
		this(clock, new SecureRandom().nextLong());
	}

	/** With the fingerprints' key given: a store written at a clean stop is read back with its key. */
	MemoryNonceStore(Clock clock, long seed) {
		this(clock, seed, DEFAULT_WINDOW, UNBOUNDED, null);
	}

	/**
	 * @param windowSeconds the timestamp window as set now (SPEC 4.6)
	 * @param maxBytes the ceiling of the tables (a stripe's share rounded down to a power of two
	 * slots, at least {@value #INITIAL_CAPACITY} slots a stripe)
	 * @param overflow told when live entries were dropped; the store then also refuses every claim
	 * whose timestamp is not after the newest one dropped. Null for a cache in front of the
	 * database, which only drops
	 */
	MemoryNonceStore(Clock clock, long seed, IntSupplier windowSeconds, long maxBytes, Overflow overflow) {
		this.clock = clock;
		this.seed = seed;
		this.windowSeconds = windowSeconds;
		this.overflow = overflow;
		this.maxSlotsPerStripe = maxSlotsPerStripe(maxBytes);
		for (int i = 0; i < STRIPES; i++) {
			this.stripes[i] = new Stripe(INITIAL_CAPACITY, this.maxSlotsPerStripe, overflow != null, growAt(i));
		}
	}

	/**
	 * How full a stripe's table gets before it doubles, in 64ths: 48 (75 %) for the first stripe up to 53
	 * (83 %) for the last, never below three quarters, so that a table just doubled still holds a live
	 * nonce in at most 32 bytes. Fingerprints spread evenly, so stripes with one threshold all doubled
	 * within a few seconds: at 100,000 entries a stripe, 64 rehashes on request threads and 200 MB of
	 * new tables, which the young collections then copied (pauses of 16-51 ms and full collections, a
	 * p99 of 80 ms at a fixed rate: BENCHMARKS, twenty-sixth session). Staggered, the doublings of a
	 * round spread over a tenth more entries, a few at a time (a simulation of a review: about six in
	 * the busiest second at 13,000 calls a second, against about twenty with one threshold).
	 */
	static int growAt(int stripe) {
		return 48 + stripe * 6 / STRIPES;
	}

	private static int maxSlotsPerStripe(long maxBytes) {
		long slots = Math.max(INITIAL_CAPACITY, maxBytes / STRIPES / SLOT_BYTES);
		return (int) Math.min(MAX_STRIPE_SLOTS, Long.highestOneBit(slots));
	}

	/**
	 * The most bytes the tables take once grown. While a stripe doubles, its old table (half its new
	 * size) stays on the heap until the next collection; a full stripe drops in place.
	 */
	long maxBytes() {
		return (long) this.maxSlotsPerStripe * STRIPES * SLOT_BYTES;
	}

	/** Records the nonce with the timestamp its expiry implies under the window as set now. */
	@Override
	public boolean claim(long consumerId, String nonce, long expiresAtEpochSecond) {
		return claim(consumerId, nonce, expiresAtEpochSecond - window() - 1, expiresAtEpochSecond);
	}

	@Override
	public boolean claim(long consumerId, String nonce, long timestampEpochSecond, long expiresAtEpochSecond) {
		int stamp = relative(timestampEpochSecond);
		int horizon = horizon();
		if (this.overflow != null
				&& (stamp <= this.forgottenTimestamp || stamp <= this.horizonMark || stamp <= horizon)) {
			// another stripe dropped nonces this old, or the window (now or lower before) swept them
			return false;
		}
		return put(fingerprint(consumerId, nonce), stamp, horizon);
	}

	/**
	 * Puts back a nonce a previous run accepted (a row written behind), without the store-wide checks
	 * a request's claim passes: it was accepted, so it is remembered while its timestamp is inside the
	 * window (and refused anyway if it is under a cut).
	 */
	void restoreClaim(long consumerId, String nonce, long timestampEpochSecond) {
		restore(fingerprint(consumerId, nonce), timestampEpochSecond);
	}

	/** Puts back an entry of a snapshot taken by {@link #forEachLive} with the same seed. */
	void restore(long fingerprint, long timestampEpochSecond) {
		put(fingerprint, relative(timestampEpochSecond), horizon());
	}

	/**
	 * Forgets a nonce claimed here whose claim did not count (a cache whose database refused to
	 * record it), so that the client's retry is not taken for a replay.
	 */
	void release(long consumerId, String nonce) {
		long fingerprint = fingerprint(consumerId, nonce);
		Stripe stripe = this.stripes[(int) (fingerprint >>> 58)];
		synchronized (stripe) {
			stripe.remove(fingerprint);
		}
	}

	/** The horizon of an operation now: the window's start as set now (a changed window noted first). */
	private int horizon() {
		int window = window();
		long now = this.clock.instant().getEpochSecond();
		if (window != this.servedWindow) {
			serve(window, now);
		}
		return relative(now - window - 1);
	}

	/** The window changed: a wider one marks the narrower one's horizon, up to which nonces may be gone. */
	private synchronized void serve(int window, long now) {
		int served = this.servedWindow;
		if (served != 0 && window > served) {
			raiseHorizonMark(relative(now - served - 1));
		}
		this.servedWindow = window;
	}

	private synchronized void raiseHorizonMark(int horizon) {
		if (horizon > this.horizonMark) {
			this.horizonMark = horizon;
		}
	}

	private boolean put(long fingerprint, int stamp, int horizon) {
		Stripe stripe = this.stripes[(int) (fingerprint >>> 58)];
		int dropped;
		int cut;
		boolean fresh;
		synchronized (stripe) {
			fresh = stripe.claim(fingerprint, stamp, horizon);
			dropped = stripe.dropped;
			cut = stripe.cut;
			stripe.dropped = 0;
			if (dropped > 0) {
				// raised before the lock is released: a claim in this stripe after the drop sees it
				raiseForgottenTimestamp(cut);
			}
		}
		if (dropped > 0 && this.overflow != null) {
			this.overflow.dropped(EPOCH + cut, dropped);
		}
		return fresh;
	}

	private int window() {
		return Math.max(0, this.windowSeconds.getAsInt());
	}

	private synchronized void raiseForgottenTimestamp(int cut) {
		if (cut > this.forgottenTimestamp) {
			this.forgottenTimestamp = cut;
		}
	}

	/**
	 * Refuses every claim whose timestamp is not after {@code timestampEpochSecond}, as if entries up
	 * to then had been dropped (a previous run's, read back at the start).
	 */
	void forgetUntil(long timestampEpochSecond) {
		int cut = relative(timestampEpochSecond);
		for (Stripe stripe : this.stripes) {
			synchronized (stripe) {
				stripe.cut = Math.max(stripe.cut, cut);
			}
		}
		raiseForgottenTimestamp(cut);
	}

	/**
	 * The newest timestamp whose nonces this store may have forgotten — a live entry dropped at the
	 * ceiling, an entry swept under a window lower than today's, or a previous run's — or
	 * {@link Long#MIN_VALUE} when there is none. A request that old is refused by an authoritative
	 * store.
	 */
	long forgottenTimestamp() {
		int forgotten = Math.max(this.forgottenTimestamp, this.horizonMark);
		return (forgotten == NONE) ? Long.MIN_VALUE : EPOCH + forgotten;
	}

	/** The newest timestamp of a live entry dropped at the ceiling, or {@link Long#MIN_VALUE}. */
	long droppedUntil() {
		int cut = this.forgottenTimestamp;
		return (cut == NONE) ? Long.MIN_VALUE : EPOCH + cut;
	}

	@Override
	public long liveNonces() {
		return size();
	}

	/** The key of the fingerprints (kept with a snapshot, so that the next store reads it back). */
	long seed() {
		return this.seed;
	}

	/** Hands every live entry to the visitor, one stripe at a time (copied under its lock). */
	void forEachLive(LiveEntry visitor) {
		int horizon = horizon();
		for (Stripe stripe : this.stripes) {
			long[] keys;
			int[] stamps;
			synchronized (stripe) {
				keys = stripe.keys.clone();
				stamps = stripe.stamps.clone();
			}
			for (int i = 0; i < keys.length; i++) {
				if (keys[i] != 0 && stamps[i] > horizon) {
					visitor.accept(keys[i], EPOCH + stamps[i]);
				}
			}
		}
	}

	/** One live entry: its fingerprint and its request's timestamp. */
	@FunctionalInterface
	interface LiveEntry {

		void accept(long fingerprint, long timestampEpochSecond);

	}

	/** Live entries (not yet swept), for tests and the benchmark's memory figure. */
	long size() {
		long size = 0;
		for (Stripe stripe : this.stripes) {
			synchronized (stripe) {
				size += stripe.size;
			}
		}
		return size;
	}

	/** Bytes held by the tables. */
	long bytes() {
		long bytes = 0;
		for (Stripe stripe : this.stripes) {
			synchronized (stripe) {
				bytes += (long) stripe.keys.length * SLOT_BYTES;
			}
		}
		return bytes;
	}

	/** Seconds since {@link #EPOCH}, signed (a clock before it still orders), never {@link #NONE}. */
	private static int relative(long epochSecond) {
		return (int) Math.max(NONE + 1, Math.min(Integer.MAX_VALUE, epochSecond - EPOCH));
	}

	/** A keyed 64-bit hash of consumer id and nonce (never 0, which marks an empty slot). */
	long fingerprint(long consumerId, String nonce) {
		long h = this.seed ^ (consumerId * 0x9E3779B97F4A7C15L);
		byte[] bytes = nonce.getBytes(StandardCharsets.UTF_8);
		for (byte b : bytes) {
			h = (h ^ (b & 0xff)) * 0x100000001B3L;
			h = Long.rotateLeft(h, 23) * 0xC2B2AE3D27D4EB4FL;
		}
		h ^= bytes.length;
		h = mix(h);
		return (h != 0) ? h : 1;
	}

	private static long mix(long h) {
		h ^= h >>> 33;
		h *= 0xFF51AFD7ED558CCDL;
		h ^= h >>> 33;
		h *= 0xC4CEB9FE1A85EC53L;
		h ^= h >>> 33;
		return h;
	}

	/**
	 * One open-addressing table; every method runs under the stripe's lock. An entry is live while
	 * its timestamp is after the horizon (now less the window and one second).
	 */
	static final class Stripe {

		long[] keys;

		int[] stamps;

		int size;

		int cursor;

		private final int maxSlots;

		private final boolean refusesDropped;

		/** Doubles when more than this many 64ths of the slots are used ({@link #growAt}). */
		private final int growAt;

		/** Relative timestamp up to which this stripe dropped live entries (NONE: none). */
		int cut = NONE;

		/** Live entries dropped by the last claim (read and reset by the store under the lock). */
		int dropped;

		Stripe(int capacity, int maxSlots, boolean refusesDropped, int growAt) {
			this.keys = new long[capacity];
			this.stamps = new int[capacity];
			this.maxSlots = maxSlots;
			this.refusesDropped = refusesDropped;
			this.growAt = growAt;
		}

		boolean claim(long fingerprint, int stamp, int horizon) {
			if (this.refusesDropped && stamp <= this.cut) {
				// its nonce may have been dropped: a second use could not be told from a first
				return false;
			}
			sweep(horizon);
			int mask = this.keys.length - 1;
			int index = home(fingerprint, mask);
			while (true) {
				long key = this.keys[index];
				if (key == 0) {
					break;
				}
				if (key == fingerprint) {
					if (this.stamps[index] > horizon) {
						return false;
					}
					this.stamps[index] = stamp;
					return true;
				}
				index = (index + 1) & mask;
			}
			this.keys[index] = fingerprint;
			this.stamps[index] = stamp;
			this.size++;
			if (this.keys.length < this.maxSlots) {
				if (this.size * 64L > (long) this.keys.length * this.growAt) {
					grow(horizon);
				}
			}
			else if (this.size * 4L > this.keys.length * 3L) {
				dropOldest(horizon);
			}
			return true;
		}

		/**
		 * The table is at its ceiling: deletes, in place, the expired entries and the live ones with
		 * the oldest timestamps (whole seconds, found with a histogram) until at most half of the slots
		 * are used, and records the newest timestamp dropped as the cut. Two passes over the table
		 * every quarter of its inserts: about eight slot reads an insert, amortized.
		 */
		private void dropOldest(int horizon) {
			int expired = 0;
			int from = Integer.MAX_VALUE;
			int to = Integer.MIN_VALUE;
			for (int i = 0; i < this.keys.length; i++) {
				if (this.keys[i] != 0) {
					int stamp = this.stamps[i];
					if (stamp <= horizon) {
						expired++;
					}
					else {
						from = Math.min(from, stamp);
						to = Math.max(to, stamp);
					}
				}
			}
			int wanted = this.size - this.keys.length / 2 - expired;
			int limit = horizon;
			if (wanted > 0) {
				// a histogram of live timestamps in buckets of 2^shift seconds: the limit is the last
				// second of the first bucket that brings the count to what must go
				int shift = 0;
				while (((long) to - from) >>> shift >= 4096) {
					shift++;
				}
				int[] counts = new int[(int) (((long) to - from) >>> shift) + 1];
				for (int i = 0; i < this.keys.length; i++) {
					if (this.keys[i] != 0 && this.stamps[i] > horizon) {
						counts[(this.stamps[i] - from) >>> shift]++;
					}
				}
				int bucket = 0;
				for (int going = counts[0]; going < wanted; going += counts[bucket]) {
					bucket++;
				}
				limit = (int) Math.min(to, from + (((long) bucket + 1) << shift) - 1);
			}
			int newest = NONE;
			int live = 0;
			for (int i = 0; i < this.keys.length; i++) {
				// a deletion may shift a later entry into this slot: look at it again
				while (this.keys[i] != 0 && this.stamps[i] <= Math.max(limit, horizon)) {
					if (this.stamps[i] > horizon) {
						live++;
						newest = Math.max(newest, this.stamps[i]);
					}
					delete(i);
				}
			}
			if (live > 0 && this.refusesDropped) {
				this.cut = Math.max(this.cut, newest);
				this.dropped += live;
			}
		}

		void remove(long fingerprint) {
			int mask = this.keys.length - 1;
			for (int index = home(fingerprint, mask); this.keys[index] != 0; index = (index + 1) & mask) {
				if (this.keys[index] == fingerprint) {
					delete(index);
					return;
				}
			}
		}

		/** Looks at a few slots after the cursor and deletes the expired ones. */
		void sweep(int horizon) {
			int mask = this.keys.length - 1;
			for (int i = 0; i < SWEEP_PER_INSERT; i++) {
				int slot = this.cursor;
				if (this.keys[slot] != 0 && this.stamps[slot] <= horizon) {
					delete(slot);
					// the slot may now hold a shifted entry: look at it again next time
				}
				else {
					this.cursor = (slot + 1) & mask;
				}
			}
		}

		/** Backward-shift deletion: later entries of the probe chain move up, no tombstones. */
		void delete(int slot) {
			int mask = this.keys.length - 1;
			int hole = slot;
			int next = (hole + 1) & mask;
			while (this.keys[next] != 0) {
				int home = home(this.keys[next], mask);
				boolean movable = (hole <= next) ? (home <= hole || home > next) : (home <= hole && home > next);
				if (movable) {
					this.keys[hole] = this.keys[next];
					this.stamps[hole] = this.stamps[next];
					hole = next;
				}
				next = (next + 1) & mask;
			}
			this.keys[hole] = 0;
			this.stamps[hole] = 0;
			this.size--;
		}

		/** A table of twice the slots with the live entries. */
		private void grow(int horizon) {
			long[] oldKeys = this.keys;
			int[] oldStamps = this.stamps;
			int capacity = oldKeys.length * 2;
			// both tables allocated before either is replaced: an OutOfMemoryError between the two
			// would otherwise leave an empty key table beside the old timestamps, forgetting the stripe
			long[] keys = new long[capacity];
			int[] stamps = new int[capacity];
			this.keys = keys;
			this.stamps = stamps;
			this.size = 0;
			this.cursor = 0;
			int mask = capacity - 1;
			for (int i = 0; i < oldKeys.length; i++) {
				if (oldKeys[i] != 0 && oldStamps[i] > horizon) {
					int index = home(oldKeys[i], mask);
					while (this.keys[index] != 0) {
						index = (index + 1) & mask;
					}
					this.keys[index] = oldKeys[i];
					this.stamps[index] = oldStamps[i];
					this.size++;
				}
			}
		}

		private static int home(long fingerprint, int mask) {
			return (int) fingerprint & mask;
		}

	}

}
