package dev.keyway.oauth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.keyway.testing.DatabaseIndependent;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The in-memory nonce store (SPEC 4.6): single use per consumer, expiry, memory per live nonce,
 * sweeping, and one winner under contention.
 */
@DatabaseIndependent
class MemoryNonceStoreTests {

	private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T12:00:00Z"));

	private final MemoryNonceStore store = new MemoryNonceStore(this.clock);

	@Test
	void claimWhenNonceFreshThenTrue() {
		assertThat(this.store.claim(1, "nonce-1", expiresIn(600))).isTrue();
	}

	@Test
	void claimWhenNonceReplayedThenFalse() {
		this.store.claim(1, "nonce-1", expiresIn(600));

		assertThat(this.store.claim(1, "nonce-1", expiresIn(600))).isFalse();
		assertThat(this.store.claim(1, "nonce-1", expiresIn(1200))).isFalse();
	}

	@Test
	void claimWhenSameNonceForAnotherConsumerThenTrue() {
		this.store.claim(1, "shared", expiresIn(600));

		assertThat(this.store.claim(2, "shared", expiresIn(600))).isTrue();
		assertThat(this.store.claim(2, "shared", expiresIn(600))).isFalse();
	}

	@Test
	void claimWhenNoncesDifferOnlySlightlyThenEachTrue() {
		assertThat(this.store.claim(1, "abc", expiresIn(600))).isTrue();
		assertThat(this.store.claim(1, "abd", expiresIn(600))).isTrue();
		assertThat(this.store.claim(1, "ab", expiresIn(600))).isTrue();
		assertThat(this.store.claim(1, "abc ", expiresIn(600))).isTrue();
		assertThat(this.store.claim(1, "ABC", expiresIn(600))).isTrue();
		assertThat(this.store.claim(1, "\u00e9", expiresIn(600))).isTrue();
	}

	@Test
	void claimWhenEntryExpiredThenTrueAgain() {
		this.store.claim(1, "nonce-1", expiresIn(10));
		this.clock.advance(Duration.ofSeconds(9));
		assertThat(this.store.claim(1, "nonce-1", expiresIn(10))).isFalse();

		this.clock.advance(Duration.ofSeconds(2));

		assertThat(this.store.claim(1, "nonce-1", expiresIn(10))).isTrue();
		assertThat(this.store.claim(1, "nonce-1", expiresIn(10))).isFalse();
	}

	@Test
	void claimWhenOneMillionLiveNoncesThenAtMost32BytesEach() {
		int count = 1_000_000;
		long expiry = expiresIn(600);
		int refused = 0;
		for (int i = 0; i < count; i++) {
			refused += this.store.claim(i % 1000, "n" + i, expiry) ? 0 : 1;
		}

		assertThat(refused).isZero();
		assertThat(this.store.size()).isEqualTo(count);
		assertThat((double) this.store.bytes() / this.store.size()).isLessThanOrEqualTo(32.0);
		assertThat(this.store.claim(999, "n999999", expiry)).isFalse();
		assertThat(this.store.claim(0, "n0", expiry)).isFalse();
	}

	@Test
	void claimWhenStripesFillEvenlyThenTheyDoubleOneAtATimeOverATenthMoreEntries() {
		// with one threshold every stripe doubled within ~3 % of the entries (a few seconds under load):
		// 64 rehashes and 64 new tables at once, young collections of 40-90 ms (BENCHMARKS, twenty-sixth session)
		long expiry = expiresIn(600);
		long tableBytes = this.store.bytes();
		java.util.List<Integer> doublings = new java.util.ArrayList<>();
		for (int i = 1; i <= 2_100_000; i++) {
			this.store.claim(i % 1000, "n" + i, expiry);
			if (i % 500 == 0 && this.store.bytes() != tableBytes) {
				long grown = this.store.bytes() - tableBytes;
				tableBytes = this.store.bytes();
				if (tableBytes > 64L * 32768 * MemoryNonceStore.SLOT_BYTES) { // the round from 32,768 to 65,536 slots
					doublings.add(i);
					// a doubling adds 32,768 slots; more than 6 in 500 entries did not occur in 10^6 simulated runs
					assertThat(grown / (32768L * MemoryNonceStore.SLOT_BYTES)).as("stripes doubled in the last 500 entries")
						.isLessThanOrEqualTo(6);
				}
			}
		}

		assertThat(doublings).isNotEmpty();
		assertThat(this.store.bytes()).isEqualTo(64L * 65536 * MemoryNonceStore.SLOT_BYTES);
		int first = doublings.get(0);
		int last = doublings.get(doublings.size() - 1);
		assertThat((double) (last - first) / first).as("doublings from %d to %d entries", first, last).isGreaterThan(0.07);
	}

	/** The smallest ceiling: 1,024 slots in each of the 64 stripes. */
	private static final long SMALLEST = 64L * 1024 * MemoryNonceStore.SLOT_BYTES;

	private final AtomicInteger window = new AtomicInteger(600);

	private final List<Long> told = new ArrayList<>();

	private final MemoryNonceStore bounded = new MemoryNonceStore(this.clock, 42, this.window::get, SMALLEST,
			(timestamp, dropped) -> this.told.add(timestamp));

	/** Claims {@code count} nonces of consumer 7, 500 a second, each with the second it was sent. */
	private void fill(MemoryNonceStore store, int count) {
		for (int i = 0; i < count; i++) {
			if (i % 500 == 0) {
				this.clock.advance(Duration.ofSeconds(1));
			}
			assertThat(store.claim(7, "n" + i, now(), now() + 601)).isTrue();
		}
	}

	private long sentAt(int i, int count) {
		return now() - (count - 1 - i) / 500;
	}

	@Test
	void claimWhenTableAtCeilingThenEveryNonceClaimedStillRefused() {
		int count = 200_000;
		fill(this.bounded, count);

		assertThat(this.bounded.bytes()).isLessThanOrEqualTo(this.bounded.maxBytes()).isEqualTo(SMALLEST);
		assertThat(this.bounded.size()).isLessThanOrEqualTo(64 * 1024 * 3 / 4).isGreaterThan(64 * 1024 / 4);
		assertThat(this.told).isNotEmpty();
		assertThat(this.bounded.droppedUntil()).isEqualTo(this.told.stream().mapToLong(Long::longValue).max().orElseThrow());
		int accepted = 0;
		for (int i = 0; i < count; i++) {
			accepted += this.bounded.claim(7, "n" + i, sentAt(i, count), sentAt(i, count) + 601) ? 1 : 0;
		}
		assertThat(accepted).as("a second use of any nonce, dropped or kept").isZero();
	}

	@Test
	void claimWhenTableAtCeilingThenOnlyTimestampsAfterTheNewestDroppedAccepted() {
		fill(this.bounded, 100_000);
		long forgotten = this.bounded.forgottenTimestamp();

		assertThat(forgotten).isLessThan(now()).isGreaterThan(now() - 200);
		for (int i = 0; i < 1000; i++) {
			assertThat(this.bounded.claim(7, "fresh-old" + i, forgotten, forgotten + 601)).as("as old as a dropped one")
				.isFalse();
		}
		assertThat(this.bounded.claim(7, "fresh-new", forgotten + 1, forgotten + 602)).isTrue();
		assertThat(this.bounded.claim(7, "n99999", now(), now() + 601)).as("the newest nonce is kept").isFalse();
	}

	@Test
	void claimWhenWindowRaisedAfterDropsThenDroppedNonceStillRefused() {
		int count = 100_000;
		fill(this.bounded, count);
		this.window.set(3600);

		for (int i = 0; i < count; i++) {
			assertThat(this.bounded.claim(7, "n" + i, sentAt(i, count), sentAt(i, count) + 3601)).as("n" + i).isFalse();
		}
	}

	@Test
	void claimWhenWindowLoweredAfterDropsThenFreshRequestsAccepted() {
		this.window.set(86_400);
		fill(this.bounded, 100_000);
		this.window.set(60);

		assertThat(this.bounded.claim(7, "fresh", now(), now() + 61)).isTrue();
	}

	@Test
	void claimWhenWindowRaisedThenEntryKeptForTheLongerWindow() {
		MemoryNonceStore store = new MemoryNonceStore(this.clock, 1, this.window::get, MemoryNonceStore.UNBOUNDED, null);
		long sent = now();
		store.claim(7, "kept", sent, sent + 601);
		this.clock.advance(Duration.ofSeconds(700));
		this.window.set(3600);

		assertThat(store.claim(7, "kept", sent, sent + 3601)).as("its timestamp is inside the raised window").isFalse();
	}

	@Test
	void claimWhenDroppingThenNewestDroppedIsTheCutNotTheEndOfItsHistogramBucket() {
		this.window.set(86_400);
		long first = now();
		for (int i = 0; i < 100; i++) {
			this.bounded.claim(7, "old" + i, first - 80_000, first - 80_000 + 86_401);
		}
		for (int i = 0; i < 200; i++) {
			this.bounded.claim(7, "late" + i, first, first + 86_401);
		}
		for (int i = 0; i < 100_000; i++) {
			this.bounded.claim(7, "burst" + i, first - 40, first - 40 + 86_401);
		}

		// stripes holding an old entry count in buckets of 32 s; the burst's bucket ends at first - 33
		assertThat(this.bounded.droppedUntil()).isEqualTo(first - 40);
		assertThat(this.bounded.claim(7, "after the burst", first - 35, first - 35 + 86_401)).isTrue();
		assertThat(this.bounded.claim(7, "late0", first, first + 86_401)).as("kept").isFalse();
	}

	@Test
	void claimWhenWindowLoweredThenRaisedThenNonceSweptMeanwhileStillRefused() {
		MemoryNonceStore store = unboundedAuthoritative();
		long sent = now();
		assertThat(store.claim(7, "N", sent, sent + 601)).isTrue();
		this.window.set(60);
		this.clock.advance(Duration.ofSeconds(100));
		for (int i = 0; i < 200_000; i++) {
			store.claim(8, "sweeper" + i, now(), now() + 61);
		}
		this.window.set(600);

		assertThat(store.claim(7, "N", sent, sent + 601)).as("swept under the lower window").isFalse();
		assertThat(store.forgottenTimestamp()).isGreaterThanOrEqualTo(sent);
	}

	@Test
	void claimWhenWindowWidenedPastAnyServedThenNonceSweptBeforeStillRefused() {
		MemoryNonceStore store = unboundedAuthoritative();
		long sent = now();
		assertThat(store.claim(7, "N", sent, sent + 601)).isTrue();
		this.clock.advance(Duration.ofSeconds(700));
		for (int i = 0; i < 200_000; i++) {
			store.claim(8, "sweeper" + i, now(), now() + 601);
		}
		this.window.set(3600);

		assertThat(store.claim(7, "N", sent, sent + 3601)).as("swept under the 600 s window").isFalse();
		assertThat(store.forgottenTimestamp()).isGreaterThanOrEqualTo(sent);
		assertThat(store.claim(7, "fresh", now(), now() + 3601)).isTrue();
	}

	@Test
	void claimWhenClockSteppedBackAndWindowNeverChangedThenCurrentTimestampsAccepted() {
		for (int i = 0; i < 1000; i++) {
			this.bounded.claim(7, "n" + i, now(), now() + 601);
		}
		this.clock.advance(Duration.ofSeconds(-700));

		assertThat(this.bounded.claim(7, "after the step", now(), now() + 601)).isTrue();
		assertThat(this.bounded.forgottenTimestamp()).isEqualTo(Long.MIN_VALUE);
	}

	@Test
	void stripeClaimWhenItsNonceWasDroppedAfterTheStoreWideCheckThenRefused() {
		MemoryNonceStore.Stripe stripe = new MemoryNonceStore.Stripe(1024, 1024, true, 48);
		int horizon = 1;
		for (int i = 0; i < 768; i++) {
			assertThat(stripe.claim(0x1000L + i * 0x9E3779B97F4A7C15L, 100 + i / 10, horizon)).isTrue();
		}
		assertThat(stripe.claim(0x7777L, 1000, horizon)).as("the insert that drops half").isTrue();
		assertThat(stripe.dropped).isPositive();

		// a claim that passed the store-wide check before the drop arrives now, as old as a dropped one
		assertThat(stripe.claim(0x1000L, stripe.cut, horizon)).isFalse();
		assertThat(stripe.claim(0x5555L, stripe.cut + 1, horizon)).isTrue();
	}

	@Test
	void claimWhenClockBefore2024ThenReplayStillRefused() {
		MutableClock early = new MutableClock(Instant.parse("2020-06-01T00:00:00Z"));
		MemoryNonceStore store = new MemoryNonceStore(early, 1, this.window::get, SMALLEST, (timestamp, dropped) -> {
		});
		long sent = early.instant().getEpochSecond();

		assertThat(store.claim(7, "N", sent, sent + 601)).isTrue();
		assertThat(store.claim(7, "N", sent, sent + 601)).isFalse();
		early.advance(Duration.ofSeconds(700));
		assertThat(store.claim(7, "N", sent, sent + 601)).as("out of the window now").isFalse();
	}

	@Test
	void releaseWhenClaimDidNotCountThenSameNonceAcceptedAgain() {
		assertThat(this.store.claim(7, "N", now(), now() + 601)).isTrue();

		this.store.release(7, "N");

		assertThat(this.store.claim(7, "N", now(), now() + 601)).isTrue();
		assertThat(this.store.claim(7, "N", now(), now() + 601)).isFalse();
	}

	@Test
	void claimWhenManyThreadsFillABoundedTableThenNoNonceAcceptedTwice() throws Exception {
		int threads = 8;
		int each = 40_000;
		long base = now();
		this.clock.advance(Duration.ofSeconds(each / 500));
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		try {
			List<List<Integer>> accepted = new ArrayList<>();
			List<Future<List<Integer>>> firsts = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				int thread = t;
				firsts.add(pool.submit(() -> {
					List<Integer> mine = new ArrayList<>();
					for (int i = 0; i < each; i++) {
						long sent = base + i / 500;
						if (this.bounded.claim(thread, "n" + i, sent, sent + 601)) {
							mine.add(i);
						}
					}
					return mine;
				}));
			}
			for (Future<List<Integer>> first : firsts) {
				accepted.add(first.get(60, TimeUnit.SECONDS));
			}
			assertThat(this.bounded.droppedUntil()).as("the table overflowed").isNotEqualTo(Long.MIN_VALUE);
			assertThat(accepted.stream().mapToInt(List::size).sum()).isGreaterThan(threads * each / 2);
			List<Future<Integer>> seconds = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				int thread = t;
				seconds.add(pool.submit(() -> {
					int again = 0;
					for (int i : accepted.get(thread)) {
						long sent = base + i / 500;
						again += this.bounded.claim(thread, "n" + i, sent, sent + 601) ? 1 : 0;
					}
					return again;
				}));
			}
			for (Future<Integer> second : seconds) {
				assertThat(second.get(60, TimeUnit.SECONDS)).as("accepted a second time").isZero();
			}
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void claimWhenCacheAtCeilingThenDroppedNonceAcceptedAgainAndNothingRefusedByAge() {
		MemoryNonceStore cache = new MemoryNonceStore(this.clock, 42, this.window::get, SMALLEST, null);
		fill(cache, 100_000);

		assertThat(cache.bytes()).isEqualTo(SMALLEST);
		assertThat(cache.droppedUntil()).isEqualTo(Long.MIN_VALUE);
		assertThat(cache.claim(7, "n0", now() - 199, now() - 199 + 601)).as("dropped: the database decides").isTrue();
		assertThat(cache.claim(7, "n99999", now(), now() + 601)).isFalse();
	}

	@Test
	void forgetUntilWhenSetThenClaimsNotAfterItRefused() {
		this.store.forgetUntil(now() - 100);

		assertThat(this.store.claim(1, "a", now() - 100, now() + 501)).isTrue();
		assertThat(this.store.forgottenTimestamp()).as("an unbounded store is a cache: nothing refused")
			.isEqualTo(now() - 100);
		this.bounded.forgetUntil(now() - 100);
		assertThat(this.bounded.claim(1, "a", now() - 100, now() + 501)).isFalse();
		assertThat(this.bounded.claim(1, "b", now() - 99, now() + 502)).isTrue();
	}

	@Test
	void claimWhenUnboundedThenNothingForgotten() {
		for (int i = 0; i < 100_000; i++) {
			this.store.claim(1, "n" + i, expiresIn(600));
		}

		assertThat(this.store.size()).isEqualTo(100_000);
		assertThat(this.store.droppedUntil()).isEqualTo(Long.MIN_VALUE);
	}

	/** A store that refuses what it may have forgotten, without a ceiling (so nothing is dropped). */
	private MemoryNonceStore unboundedAuthoritative() {
		return new MemoryNonceStore(this.clock, 1, this.window::get, MemoryNonceStore.UNBOUNDED, (timestamp, dropped) -> {
		});
	}

	private long now() {
		return this.clock.instant().getEpochSecond();
	}

	@Test
	void claimWhenTimePassedAndNewNoncesArriveThenExpiredEntriesSwept() {
		for (int i = 0; i < 10_000; i++) {
			this.store.claim(1, "old-" + i, expiresIn(10));
		}
		assertThat(this.store.size()).isEqualTo(10_000);
		this.clock.advance(Duration.ofSeconds(20));

		for (int i = 0; i < 40_000; i++) {
			this.store.claim(2, "new-" + i, expiresIn(600));
		}

		assertThat(this.store.size()).isEqualTo(40_000);
	}

	@Test
	void claimWhenManyThreadsClaimTheSameNonceThenExactlyOneWins() throws Exception {
		int threads = 32;
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		try {
			for (int round = 0; round < 200; round++) {
				String nonce = "contended-" + round;
				CountDownLatch start = new CountDownLatch(1);
				List<Future<Boolean>> results = new ArrayList<>();
				for (int t = 0; t < threads; t++) {
					results.add(pool.submit(() -> {
						start.await();
						return this.store.claim(7, nonce, expiresIn(600));
					}));
				}
				start.countDown();
				int winners = 0;
				for (Future<Boolean> result : results) {
					winners += result.get(10, TimeUnit.SECONDS) ? 1 : 0;
				}
				assertThat(winners).as("round %d", round).isEqualTo(1);
			}
		}
		finally {
			pool.shutdownNow();
		}
	}

	private long expiresIn(long seconds) {
		return this.clock.instant().getEpochSecond() + seconds;
	}

	/** A clock tests move by hand. */
	static final class MutableClock extends Clock {

		private volatile Instant now;

		MutableClock(Instant now) {
			this.now = now;
		}

		void advance(Duration by) {
			this.now = this.now.plus(by);
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return this.now;
		}

	}

}
