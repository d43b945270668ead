package dev.keyway.oauth;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import dev.keyway.testing.DatabaseIndependent;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The single node's nonces survive a restart (issue 11.3): written at a clean stop as fingerprints
 * (and, for a timestamp ahead of the clock, behind to {@code oauth_nonces} as accepted) and loaded
 * by the next store; after a stop that did not write them all, the next store refuses timestamps up
 * to its start. An H2 database with Keyway's migrations stands for the node's file.
 */
@DatabaseIndependent
class DurableMemoryNonceStoreTests {

	private final MemoryNonceStoreTests.MutableClock clock = new MemoryNonceStoreTests.MutableClock(
			Instant.parse("2026-03-01T12:00:00Z"));

	private DataSource dataSource;

	@BeforeEach
	void migrate() {
		this.dataSource = new DriverManagerDataSource("jdbc:h2:mem:nonces-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
				"sa", "");
		Flyway.configure().dataSource(this.dataSource).placeholders(Map.of("unlogged", "")).load().migrate();
	}

	@Test
	void claimWhenStoreRestartedCleanlyThenNonceStillUsedAndNoTimestampRefused() throws Exception {
		DurableMemoryNonceStore before = new DurableMemoryNonceStore(this.dataSource, this.clock);
		assertThat(before.claim(7, "captured", expiresIn(600))).isTrue();
		before.destroy();

		DurableMemoryNonceStore after = new DurableMemoryNonceStore(this.dataSource, this.clock);

		assertThat(after.claim(7, "captured", expiresIn(600))).as("the nonce used before the restart").isFalse();
		assertThat(after.claim(8, "captured", expiresIn(600))).as("another consumer's nonce").isTrue();
		assertThat(after.forgottenUntil()).isEqualTo(Long.MIN_VALUE);
		after.destroy();
	}

	@Test
	void claimWhenSnapshotSpansSeveralReadsThenEveryNonceStillUsedAfterRestart() throws Exception {
		int count = 2 * DurableMemoryNonceStore.SNAPSHOT_BATCH + 1;
		DurableMemoryNonceStore before = new DurableMemoryNonceStore(this.dataSource, this.clock);
		for (int i = 0; i < count; i++) {
			assertThat(before.claim(7, "n" + i, expiresIn(600))).isTrue();
		}
		before.destroy();

		DurableMemoryNonceStore after = new DurableMemoryNonceStore(this.dataSource, this.clock);

		int stillUsed = 0;
		for (int i = 0; i < count; i++) {
			stillUsed += after.claim(7, "n" + i, expiresIn(600)) ? 0 : 1;
		}
		assertThat(stillUsed).as("nonces read back, over three pages").isEqualTo(count);
		assertThat(after.claim(7, "n" + count, expiresIn(600))).isTrue();
		after.destroy();
	}

	@Test
	void forgottenUntilWhenPreviousStoreNeverStoppedThenStartSecond() throws Exception {
		DurableMemoryNonceStore crashed = new DurableMemoryNonceStore(this.dataSource, this.clock);
		assertThat(crashed.claim(7, "maybe lost", expiresIn(600))).isTrue();
		this.clock.advance(Duration.ofSeconds(5));
		long start = this.clock.instant().getEpochSecond();

		DurableMemoryNonceStore after = new DurableMemoryNonceStore(this.dataSource, this.clock);

		assertThat(after.forgottenUntil()).isEqualTo(start);
		after.destroy();
		crashed.destroy();
	}

	@Test
	void forgottenWhenFullTableDroppedNoncesThenRefusedAlsoAfterCleanRestart() throws Exception {
		long smallest = 64L * 1024 * MemoryNonceStore.SLOT_BYTES;
		DurableMemoryNonceStore before = new DurableMemoryNonceStore(this.dataSource, this.clock,
				MemoryNonceStore.DEFAULT_WINDOW, smallest);
		long firstTimestamp = now() + 1;
		for (int i = 0; i < 100_000; i++) {
			if (i % 500 == 0) {
				this.clock.advance(Duration.ofSeconds(1));
			}
			assertThat(before.claim(7, "n" + i, now(), expiresIn(601))).isTrue();
		}
		assertThat(before.droppedEarly()).isPositive();
		assertThat(before.forgotten(firstTimestamp, firstTimestamp + 601)).as("the first nonce's request").isTrue();
		assertThat(before.forgotten(now(), expiresIn(601))).as("a request of this second").isFalse();
		assertThat(before.claim(7, "n0", firstTimestamp, firstTimestamp + 601)).isFalse();
		before.destroy();

		DurableMemoryNonceStore after = new DurableMemoryNonceStore(this.dataSource, this.clock,
				MemoryNonceStore.DEFAULT_WINDOW, smallest);

		assertThat(after.forgottenUntil()).as("a clean stop").isEqualTo(Long.MIN_VALUE);
		assertThat(after.forgotten(firstTimestamp, firstTimestamp + 601)).isTrue();
		assertThat(after.claim(7, "n0", firstTimestamp, firstTimestamp + 601)).isFalse();
		assertThat(after.claim(7, "n99999", now(), expiresIn(601))).as("kept in the snapshot").isFalse();
		assertThat(after.claim(7, "new", now(), expiresIn(601))).isTrue();
		after.destroy();
	}

	@Test
	void forgottenWhenCrashThenCleanStopThenStartThenCrashGapStillRefused() throws Exception {
		long sent = now();
		DurableMemoryNonceStore crashed = new DurableMemoryNonceStore(this.dataSource, this.clock);
		assertThat(crashed.claim(7, "R", sent, sent + 601)).isTrue();
		this.clock.advance(Duration.ofSeconds(5));
		DurableMemoryNonceStore second = new DurableMemoryNonceStore(this.dataSource, this.clock);
		assertThat(second.forgotten(sent, sent + 601)).isTrue();
		this.clock.advance(Duration.ofSeconds(60));
		second.destroy();

		DurableMemoryNonceStore third = new DurableMemoryNonceStore(this.dataSource, this.clock);

		assertThat(third.forgottenUntil()).as("a clean stop").isEqualTo(Long.MIN_VALUE);
		assertThat(third.forgotten(sent, sent + 601)).as("the crash's gap, 65 s old").isTrue();
		assertThat(third.claim(7, "R", sent, sent + 601)).isFalse();
		third.destroy();
		crashed.destroy();
	}

	@Test
	void claimWhenWindowRaisedWhileStoppedThenNonceOfSnapshotStillRefused() throws Exception {
		AtomicInteger window = new AtomicInteger(600);
		DurableMemoryNonceStore before = new DurableMemoryNonceStore(this.dataSource, this.clock, window::get,
				MemoryNonceStore.UNBOUNDED);
		long sent = now();
		assertThat(before.claim(7, "N", sent, sent + 601)).isTrue();
		before.destroy();
		this.clock.advance(Duration.ofSeconds(700));
		window.set(3600);

		DurableMemoryNonceStore after = new DurableMemoryNonceStore(this.dataSource, this.clock, window::get,
				MemoryNonceStore.UNBOUNDED);

		assertThat(after.forgotten(sent, sent + 3601)).isFalse();
		assertThat(after.claim(7, "N", sent, sent + 3601)).as("inside the raised window, used before the stop").isFalse();
		after.destroy();
	}

	@Test
	void claimWhenWindowRaisedThenCrashThenNonceOfAFastClockStillRefused() throws Exception {
		AtomicInteger window = new AtomicInteger(600);
		DurableMemoryNonceStore crashed = new DurableMemoryNonceStore(this.dataSource, this.clock, window::get,
				MemoryNonceStore.UNBOUNDED);
		long ahead = now() + 300;
		assertThat(crashed.claim(7, "F", ahead, ahead + 601)).isTrue();
		while (crashed.pending() > 0) {
			Thread.sleep(20);
		}
		Thread.sleep(300);
		window.set(3600);
		this.clock.advance(Duration.ofSeconds(10));

		DurableMemoryNonceStore after = new DurableMemoryNonceStore(this.dataSource, this.clock, window::get,
				MemoryNonceStore.UNBOUNDED);

		assertThat(after.forgotten(ahead, ahead + 3601)).as("ahead of the crash rule's start second").isFalse();
		assertThat(after.claim(7, "F", ahead, ahead + 3601)).as("its row keeps the timestamp").isFalse();
		after.destroy();
		crashed.destroy();
	}

	@Test
	void forgottenUntilWhenWriteFailedBeforeCleanStopThenStartSecond() throws Exception {
		DurableMemoryNonceStore before = new DurableMemoryNonceStore(this.dataSource, this.clock);
		JdbcClient.create(this.dataSource)
			.sql("ALTER TABLE oauth_nonce_fingerprints RENAME TO oauth_nonce_fingerprints_away")
			.update();
		assertThat(before.claim(7, "not written", expiresIn(600))).isTrue();
		before.destroy();
		JdbcClient.create(this.dataSource)
			.sql("ALTER TABLE oauth_nonce_fingerprints_away RENAME TO oauth_nonce_fingerprints")
			.update();
		long start = this.clock.instant().getEpochSecond();

		DurableMemoryNonceStore after = new DurableMemoryNonceStore(this.dataSource, this.clock);

		assertThat(after.forgottenUntil()).isEqualTo(start);
		after.destroy();
	}

	@Test
	void claimWhenExpiredRowOfSameNonceInTableThenWrittenAgainAndLoaded() throws Exception {
		JdbcClient.create(this.dataSource)
			.sql("INSERT INTO oauth_nonces (consumer_id, nonce, expires_at) VALUES (7, 'reused', :expired)")
			.param("expired", this.clock.instant().getEpochSecond() - 1)
			.update();
		DurableMemoryNonceStore before = new DurableMemoryNonceStore(this.dataSource, this.clock);
		assertThat(before.claim(7, "reused", expiresIn(600))).as("an expired nonce may be used again").isTrue();
		before.destroy();

		DurableMemoryNonceStore after = new DurableMemoryNonceStore(this.dataSource, this.clock);

		assertThat(after.claim(7, "reused", expiresIn(600))).isFalse();
		assertThat(after.forgottenUntil()).isEqualTo(Long.MIN_VALUE);
		after.destroy();
	}

	@Test
	void forgottenUntilWhenWriteBehindOfNonceAheadOfClockFailedThenStartSecond() throws Exception {
		DurableMemoryNonceStore before = new DurableMemoryNonceStore(this.dataSource, this.clock);
		JdbcClient.create(this.dataSource).sql("ALTER TABLE oauth_nonces RENAME TO oauth_nonces_away").update();
		assertThat(before.claim(7, "ahead, not written", now() + 30, expiresIn(630))).isTrue();
		before.destroy();
		JdbcClient.create(this.dataSource).sql("ALTER TABLE oauth_nonces_away RENAME TO oauth_nonces").update();

		DurableMemoryNonceStore after = new DurableMemoryNonceStore(this.dataSource, this.clock);

		assertThat(after.forgottenUntil()).isEqualTo(now());
		after.destroy();
	}

	@Test
	void claimWhenTimestampNotAheadOfClockThenNothingWrittenUntilCleanStop() throws Exception {
		DurableMemoryNonceStore store = new DurableMemoryNonceStore(this.dataSource, this.clock);
		for (int i = 0; i < 100; i++) {
			assertThat(store.claim(7, "served " + i, now() - (i % 3), expiresIn(600))).isTrue();
		}

		assertThat(store.pending()).as("nothing queued for the database while serving").isZero();
		assertThat(rows("oauth_nonces")).isZero();
		assertThat(rows("oauth_nonce_fingerprints")).isZero();
		store.destroy();
		assertThat(rows("oauth_nonce_fingerprints")).as("the snapshot of a clean stop").isEqualTo(100);
	}

	@Test
	void claimWhenTimestampAheadOfClockAndNodeCrashedThenNonceStillUsedAfterRestart() throws Exception {
		DurableMemoryNonceStore crashed = new DurableMemoryNonceStore(this.dataSource, this.clock);
		assertThat(crashed.claim(7, "from a fast clock", now() + 45, expiresIn(645))).isTrue();
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (rows("oauth_nonces") == 0 && System.nanoTime() < deadline) {
			Thread.sleep(10);
		}
		assertThat(rows("oauth_nonces")).as("written behind as accepted").isEqualTo(1);
		this.clock.advance(Duration.ofSeconds(5));

		DurableMemoryNonceStore after = new DurableMemoryNonceStore(this.dataSource, this.clock);

		assertThat(after.forgottenUntil()).as("a crash: the start second").isEqualTo(now());
		assertThat(now() + 40).as("the crash rule does not cover that timestamp").isGreaterThan(after.forgottenUntil());
		assertThat(after.claim(7, "from a fast clock", now() + 40, expiresIn(640))).isFalse();
		after.destroy();
		crashed.destroy();
	}

	@Test
	void claimWhenManyNoncesAndCleanRestartThenEveryOneStillUsed() throws Exception {
		int count = 3 * DurableMemoryNonceStore.SNAPSHOT_BATCH + 17;
		DurableMemoryNonceStore before = new DurableMemoryNonceStore(this.dataSource, this.clock);
		for (int i = 0; i < count; i++) {
			assertThat(before.claim(i % 50, "n" + i, now(), expiresIn(60 + i % 500))).isTrue();
		}
		before.destroy();
		this.clock.advance(Duration.ofSeconds(30));

		DurableMemoryNonceStore after = new DurableMemoryNonceStore(this.dataSource, this.clock);

		assertThat(after.forgottenUntil()).isEqualTo(Long.MIN_VALUE);
		assertThat(after.liveNonces()).isEqualTo(count);
		for (int i = 0; i < count; i++) {
			assertThat(after.claim(i % 50, "n" + i, now(), expiresIn(600))).as("nonce %d", i).isFalse();
		}
		assertThat(after.claim(50, "n0", now(), expiresIn(600))).as("same nonce, another consumer").isTrue();
		after.destroy();
	}

	private long now() {
		return this.clock.instant().getEpochSecond();
	}

	private long rows(String table) {
		return JdbcClient.create(this.dataSource).sql("SELECT COUNT(*) FROM " + table).query(Long.class).single();
	}

	private long expiresIn(long seconds) {
		return this.clock.instant().getEpochSecond() + seconds;
	}

}
