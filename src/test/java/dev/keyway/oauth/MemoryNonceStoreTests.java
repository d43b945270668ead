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

	/** The smallest ceiling: 1,024 slots in each of the 64 stripes. */
	private static final long SMALLEST = 64L * 1024 * MemoryNonceStore.SLOT_BYTES;

	@Test
	void claimWhenTableAtCeilingThenEveryNonceClaimedStillRefused() {
		List<Long> told = new ArrayList<>();
		MemoryNonceStore bounded = new MemoryNonceStore(this.clock, 42, SMALLEST, (expiry, dropped) -> told.add(expiry));
		int count = 200_000;
		for (int i = 0; i < count; i++) {
			if (i % 500 == 0) {
				this.clock.advance(Duration.ofSeconds(1));
			}
			assertThat(bounded.claim(i % 7, "n" + i, expiresIn(600))).isTrue();
		}

		assertThat(bounded.bytes()).isLessThanOrEqualTo(bounded.maxBytes()).isEqualTo(SMALLEST);
		assertThat(bounded.size()).isLessThanOrEqualTo(64 * 1024 * 3 / 4).isGreaterThan(64 * 1024 / 4);
		assertThat(told).isNotEmpty();
		assertThat(bounded.forgottenExpiry()).isEqualTo(told.stream().mapToLong(Long::longValue).max().orElseThrow());
		int accepted = 0;
		for (int i = 0; i < count; i++) {
			accepted += bounded.claim(i % 7, "n" + i, expiresIn(600) - (count - 1 - i) / 500) ? 1 : 0;
		}
		assertThat(accepted).as("a second use of any nonce, dropped or kept").isZero();
	}

	@Test
	void claimWhenTableAtCeilingThenOnlyExpiriesAfterTheDroppedOnesAccepted() {
		MemoryNonceStore bounded = new MemoryNonceStore(this.clock, 42, SMALLEST, (expiry, dropped) -> {
		});
		for (int i = 0; i < 100_000; i++) {
			if (i % 500 == 0) {
				this.clock.advance(Duration.ofSeconds(1));
			}
			bounded.claim(1, "n" + i, expiresIn(600));
		}
		long forgotten = bounded.forgottenExpiry();

		assertThat(forgotten).isGreaterThan(this.clock.instant().getEpochSecond());
		assertThat(bounded.claim(1, "fresh-early", forgotten)).as("expires by the last second dropped").isFalse();
		assertThat(bounded.claim(1, "fresh-late", forgotten + 1)).isTrue();
		assertThat(bounded.claim(1, "n99999", expiresIn(600))).as("the latest nonce is kept").isFalse();
	}

	@Test
	void claimWhenCacheAtCeilingThenDroppedNonceAcceptedAgainAndNothingRefusedByExpiry() {
		MemoryNonceStore cache = new MemoryNonceStore(this.clock, 42, SMALLEST, null);
		for (int i = 0; i < 100_000; i++) {
			if (i % 500 == 0) {
				this.clock.advance(Duration.ofSeconds(1));
			}
			cache.claim(1, "n" + i, expiresIn(600));
		}

		assertThat(cache.bytes()).isEqualTo(SMALLEST);
		assertThat(cache.forgottenExpiry()).isEqualTo(Long.MIN_VALUE);
		assertThat(cache.claim(1, "n0", expiresIn(1))).as("dropped: the database behind the cache decides").isTrue();
		assertThat(cache.claim(1, "n99999", expiresIn(600))).isFalse();
	}

	@Test
	void forgetUntilWhenSetThenClaimsExpiringByThenRefused() {
		this.store.forgetUntil(expiresIn(300));

		assertThat(this.store.claim(1, "a", expiresIn(300))).isFalse();
		assertThat(this.store.claim(1, "b", expiresIn(301))).isTrue();
		assertThat(this.store.forgottenExpiry()).isEqualTo(expiresIn(300));
	}

	@Test
	void claimWhenUnboundedThenNothingForgotten() {
		for (int i = 0; i < 100_000; i++) {
			this.store.claim(1, "n" + i, expiresIn(600));
		}

		assertThat(this.store.size()).isEqualTo(100_000);
		assertThat(this.store.forgottenExpiry()).isEqualTo(Long.MIN_VALUE);
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
