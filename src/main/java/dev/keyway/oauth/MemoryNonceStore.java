package dev.keyway.oauth;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;

/**
 * Used nonces in memory, compactly (SPEC 4.6, issue target: at most 32 bytes per live nonce, no
 * full scans for expiry). Each (consumer, nonce) is kept as a 64-bit keyed fingerprint and a 32-bit
 * expiry second in open-addressing tables (linear probing, at most 3/4 full): 12 bytes a slot, 16
 * to 32 bytes a live nonce. The tables are striped by fingerprint, each stripe with its own lock, so
 * threads rarely wait and a stripe that grows rehashes only its own share. Expired entries are
 * removed a few slots at a time on every insert (backward-shift deletion keeps probe chains
 * intact), so cleanup never costs one request more than a few slot reads.
 *
 * <p>The tables have a ceiling ({@code maxBytes}): a stripe whose table reached its share stops
 * doubling and, when it is three quarters full, drops its entries that expire first until it is half
 * full (issue 14.3: a heap sized for the README's run command must not end in an
 * {@code OutOfMemoryError} under a sustained rate its nonces do not fit). What is dropped is told by
 * {@link #forgottenExpiry()}: an authoritative store (the single node's) then refuses every request
 * whose nonce would expire by that second, so a replay of a dropped nonce is refused as out of the
 * window rather than accepted, and the node serves a shorter window instead of failing. A store that
 * is only a cache in front of the database ({@link BatchingNonceStore}) just drops.
 *
 * <p>Hand-written because no well-kept library offers a primitive-keyed set with per-entry expiry
 * at this size: a map of strings costs about 200 bytes a nonce. A fingerprint collision (two
 * different nonces of live requests sharing 64 bits, about n/2^64 per check) would refuse one
 * fresh request as a replay; the key is random per process, so collisions cannot be aimed.
 */
final class MemoryNonceStore implements NonceStore {

	private static final int STRIPES = 64;

	private static final int INITIAL_CAPACITY = 1024;

	private static final int SWEEP_PER_INSERT = 4;

	/** Expiries are stored as seconds since this epoch second (2024-01-01), in 32 bits. */
	private static final long EPOCH = 1_704_067_200L;

	/** Bytes of one slot: the fingerprint and the expiry. */
	static final int SLOT_BYTES = Long.BYTES + Integer.BYTES;

	/** No ceiling (tests, and callers that bound the entries themselves). */
	static final long UNBOUNDED = Long.MAX_VALUE;

	/** Told when a full stripe dropped entries before they expired. */
	@FunctionalInterface
	interface Overflow {

		/**
		 * @param forgottenExpiry the epoch second up to which this store may now have forgotten nonces
		 * @param dropped how many entries were dropped
		 */
		void dropped(long forgottenExpiry, int dropped);

	}

	private final Stripe[] stripes = new Stripe[STRIPES];

	private final long seed;

	private final Clock clock;

	private final int maxSlotsPerStripe;

	private final Overflow overflow;

	/** Relative expiry second up to which some stripe dropped entries early; 0 when none did. */
	private volatile int forgottenExpiry;

	MemoryNonceStore(Clock clock) {
		this(clock, new SecureRandom().nextLong());
	}

	/** With the fingerprints' key given: a store written at a clean stop is read back with its key. */
	MemoryNonceStore(Clock clock, long seed) {
		this(clock, seed, UNBOUNDED, null);
	}

	/**
	 * @param maxBytes the ceiling of the tables (a stripe's share rounded down to a power of two
	 * slots, at least {@value #INITIAL_CAPACITY} slots a stripe)
	 * @param overflow told when entries were dropped early; the store then also refuses every claim
	 * expiring by the last second dropped. Null for a cache in front of the database, which only drops
	 */
	MemoryNonceStore(Clock clock, long seed, long maxBytes, Overflow overflow) {
		this.clock = clock;
		this.seed = seed;
		this.overflow = overflow;
		this.maxSlotsPerStripe = maxSlotsPerStripe(maxBytes);
		for (int i = 0; i < STRIPES; i++) {
			this.stripes[i] = new Stripe(INITIAL_CAPACITY, this.maxSlotsPerStripe, overflow != null);
		}
	}

	private static int maxSlotsPerStripe(long maxBytes) {
		long slots = Math.max(INITIAL_CAPACITY, maxBytes / STRIPES / SLOT_BYTES);
		return (int) Math.min(1 << 30, Long.highestOneBit(slots));
	}

	/** The most bytes the tables take (with their one transient copy of a stripe while it is rebuilt). */
	long maxBytes() {
		return (long) this.maxSlotsPerStripe * STRIPES * SLOT_BYTES;
	}

	@Override
	public boolean claim(long consumerId, String nonce, long expiresAtEpochSecond) {
		if (this.overflow != null && relative(expiresAtEpochSecond) <= this.forgottenExpiry) {
			// another stripe dropped nonces expiring this early: refused alike in every stripe
			return false;
		}
		long fingerprint = fingerprint(consumerId, nonce);
		int now = relative(this.clock.instant().getEpochSecond());
		Stripe stripe = this.stripes[(int) (fingerprint >>> 58)];
		int dropped;
		boolean fresh;
		int cut;
		synchronized (stripe) {
			fresh = stripe.claim(fingerprint, relative(expiresAtEpochSecond), now);
			dropped = stripe.dropped;
			cut = stripe.cut;
			stripe.dropped = 0;
			if (dropped > 0) {
				// raised before the lock is released: a claim in this stripe after the drop sees it
				raiseForgottenExpiry(cut);
			}
		}
		if (dropped > 0 && this.overflow != null) {
			this.overflow.dropped(EPOCH + cut, dropped);
		}
		return fresh;
	}

	private synchronized void raiseForgottenExpiry(int cut) {
		if (cut > this.forgottenExpiry) {
			this.forgottenExpiry = cut;
		}
	}

	/**
	 * Refuses every claim expiring by {@code expiryEpochSecond}, as if entries up to then had been
	 * dropped (a previous run's, read back at the start).
	 */
	void forgetUntil(long expiryEpochSecond) {
		int cut = relative(expiryEpochSecond);
		for (Stripe stripe : this.stripes) {
			synchronized (stripe) {
				stripe.cut = Math.max(stripe.cut, cut);
			}
		}
		raiseForgottenExpiry(cut);
	}

	/**
	 * The epoch second up to which entries were dropped before they expired (a nonce expiring by
	 * then may have been used and forgotten), or {@link Long#MIN_VALUE} when none was.
	 */
	long forgottenExpiry() {
		int cut = this.forgottenExpiry;
		return (cut == 0) ? Long.MIN_VALUE : EPOCH + cut;
	}

	@Override
	public long liveNonces() {
		return size();
	}

	/** The key of the fingerprints (kept with a snapshot, so that the next store reads it back). */
	long seed() {
		return this.seed;
	}

	/** Puts back an entry of a snapshot taken by {@link #forEachLive} with the same seed. */
	void restore(long fingerprint, long expiresAtEpochSecond) {
		int now = relative(this.clock.instant().getEpochSecond());
		Stripe stripe = this.stripes[(int) (fingerprint >>> 58)];
		int dropped;
		int cut;
		synchronized (stripe) {
			stripe.claim(fingerprint, relative(expiresAtEpochSecond), now);
			dropped = stripe.dropped;
			cut = stripe.cut;
			stripe.dropped = 0;
			if (dropped > 0) {
				raiseForgottenExpiry(cut);
			}
		}
		if (dropped > 0 && this.overflow != null) {
			this.overflow.dropped(EPOCH + cut, dropped);
		}
	}

	/** Hands every unexpired entry to the visitor, one stripe at a time (copied under its lock). */
	void forEachLive(LiveEntry visitor) {
		int now = relative(this.clock.instant().getEpochSecond());
		for (Stripe stripe : this.stripes) {
			long[] keys;
			int[] expiries;
			synchronized (stripe) {
				keys = stripe.keys.clone();
				expiries = stripe.expiries.clone();
			}
			for (int i = 0; i < keys.length; i++) {
				if (keys[i] != 0 && expiries[i] > now) {
					visitor.accept(keys[i], EPOCH + expiries[i]);
				}
			}
		}
	}

	/** One live entry: its fingerprint and the epoch second it expires. */
	@FunctionalInterface
	interface LiveEntry {

		void accept(long fingerprint, long expiresAtEpochSecond);

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
				bytes += (long) stripe.keys.length * (Long.BYTES + Integer.BYTES);
			}
		}
		return bytes;
	}

	private static int relative(long epochSecond) {
		return (int) Math.max(1, Math.min(Integer.MAX_VALUE, epochSecond - EPOCH));
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

	/** One open-addressing table; every method runs under the stripe's lock. */
	static final class Stripe {

		long[] keys;

		int[] expiries;

		int size;

		int cursor;

		private final int maxSlots;

		private final boolean refusesDropped;

		/** Relative expiry second up to which this stripe dropped entries early (0: none). */
		int cut;

		/** Entries dropped early by the last claim (read and reset by the store under the lock). */
		int dropped;

		Stripe(int capacity, int maxSlots, boolean refusesDropped) {
			this.keys = new long[capacity];
			this.expiries = new int[capacity];
			this.maxSlots = maxSlots;
			this.refusesDropped = refusesDropped;
		}

		boolean claim(long fingerprint, int expiry, int now) {
			if (expiry <= this.cut) {
				// its nonce may have been dropped: a second use could not be told from a first
				return false;
			}
			sweep(now);
			int mask = this.keys.length - 1;
			int index = home(fingerprint, mask);
			while (true) {
				long key = this.keys[index];
				if (key == 0) {
					break;
				}
				if (key == fingerprint) {
					if (this.expiries[index] > now) {
						return false;
					}
					this.expiries[index] = expiry;
					return true;
				}
				index = (index + 1) & mask;
			}
			this.keys[index] = fingerprint;
			this.expiries[index] = expiry;
			this.size++;
			if (this.size * 4 > this.keys.length * 3) {
				if (this.keys.length < this.maxSlots) {
					grow(now);
				}
				else {
					dropEarliest(now);
				}
			}
			return true;
		}

		/**
		 * The table is at its ceiling: drops the entries that expire first, whole seconds at a time,
		 * until at most half of the slots are used, and records the last second dropped as the cut.
		 * Amortized over the quarter of the table's inserts until the next drop, a few slot reads
		 * an insert, like the sweep.
		 */
		private void dropEarliest(int now) {
			int from = Integer.MAX_VALUE;
			int to = Integer.MIN_VALUE;
			for (int i = 0; i < this.keys.length; i++) {
				if (this.keys[i] != 0) {
					from = Math.min(from, this.expiries[i]);
					to = Math.max(to, this.expiries[i]);
				}
			}
			// a histogram of expiries in buckets of 2^shift seconds; the cut is a bucket's last second,
			// so never fewer than the wanted entries go
			int shift = 0;
			while (((long) to - from) >>> shift >= 4096) {
				shift++;
			}
			int[] counts = new int[(int) (((long) to - from) >>> shift) + 1];
			for (int i = 0; i < this.keys.length; i++) {
				if (this.keys[i] != 0) {
					counts[(this.expiries[i] - from) >>> shift]++;
				}
			}
			int excess = this.size - this.keys.length / 2;
			int bucket = 0;
			for (int dropping = counts[0]; dropping < excess; dropping += counts[bucket]) {
				bucket++;
			}
			int cut = (int) Math.min(Integer.MAX_VALUE, from + (((long) bucket + 1) << shift) - 1);
			int before = this.size;
			rebuild(this.keys.length, Math.max(now, cut));
			if (cut > now && this.refusesDropped) {
				// live entries went, not only expired ones not yet swept
				this.cut = Math.max(this.cut, cut);
				this.dropped += before - this.size;
			}
		}

		/** Looks at a few slots after the cursor and deletes the expired ones. */
		void sweep(int now) {
			int mask = this.keys.length - 1;
			for (int i = 0; i < SWEEP_PER_INSERT; i++) {
				int slot = this.cursor;
				if (this.keys[slot] != 0 && this.expiries[slot] <= now) {
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
					this.expiries[hole] = this.expiries[next];
					hole = next;
				}
				next = (next + 1) & mask;
			}
			this.keys[hole] = 0;
			this.expiries[hole] = 0;
			this.size--;
		}

		private void grow(int now) {
			rebuild(this.keys.length * 2, now);
		}

		/** A new table of {@code capacity} slots with the entries that expire after {@code keepAfter}. */
		private void rebuild(int capacity, int keepAfter) {
			long[] oldKeys = this.keys;
			int[] oldExpiries = this.expiries;
			// both tables allocated before either is replaced: an OutOfMemoryError between the two
			// would otherwise leave an empty key table beside the old expiries, forgetting the stripe
			long[] keys = new long[capacity];
			int[] expiries = new int[capacity];
			this.keys = keys;
			this.expiries = expiries;
			this.size = 0;
			this.cursor = 0;
			int mask = capacity - 1;
			for (int i = 0; i < oldKeys.length; i++) {
				if (oldKeys[i] != 0 && oldExpiries[i] > keepAfter) {
					int index = home(oldKeys[i], mask);
					while (this.keys[index] != 0) {
						index = (index + 1) & mask;
					}
					this.keys[index] = oldKeys[i];
					this.expiries[index] = oldExpiries[i];
					this.size++;
				}
			}
		}

		private static int home(long fingerprint, int mask) {
			return (int) fingerprint & mask;
		}

	}

}
