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
