package dev.keyway.oauth;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The single node's nonces (issue 11.3): answered from a {@link MemoryNonceStore}, so a request
 * never waits for the database, and kept across a restart without a database write per request.
 *
 * <ul>
 * <li>A clean stop writes the in-memory table to {@code oauth_nonce_fingerprints} (fingerprint and
 * expiry of every live entry, batches of {@value #SNAPSHOT_BATCH} rows a transaction) and marks it
 * complete in {@code oauth_nonce_memory}; the next start reads it back with the same fingerprint key,
 * so a request captured before the restart is still a replay after it.</li>
 * <li>A start that does not find that mark follows a crash (or a stop whose snapshot failed or ran
 * out of time) and refuses every timestamp up to its own start second ({@link #forgottenUntil()}):
 * every nonce accepted before the crash whose timestamp was not ahead of the node's clock is
 * covered by that rule.</li>
 * <li>The nonces that rule does not cover — a timestamp ahead of the node's clock when accepted,
 * from clients whose clocks run fast — are written behind to {@code oauth_nonces} as they are
 * accepted, by one thread in batches, and loaded at every start.</li>
 * </ul>
 * The in-memory table has a ceiling ({@code keyway.oauth.nonce-memory}): when it is full it drops
 * the nonces of the oldest timestamps and refuses requests as old as those
 * ({@link #forgotten}), and a clean stop keeps that timestamp for the next start (issue 14.3).
 * Until wave 2 every accepted nonce was written behind: a tenth of a signed call's CPU on one core
 * went to those inserts, for a guarantee the crash rule already gave (docs/DECISIONS.md).
 */
final class DurableMemoryNonceStore implements NonceStore, DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(DurableMemoryNonceStore.class);

	private static final int MAX_BATCH = 1000;

	static final int SNAPSHOT_BATCH = 10_000;

	/** A clean stop that takes longer than this to write the snapshot leaves it incomplete. */
	private static final long SNAPSHOT_MILLIS = 20_000;

	/** Beyond this many unwritten nonces the database cannot keep up: stop queueing, mark incomplete. */
	private static final int MAX_QUEUED = 1_000_000;

	private static final long JOIN_MILLIS = 10_000;

	private static final long WARN_NANOS = TimeUnit.MINUTES.toNanos(1);

	private record Used(long consumerId, String nonce, long timestamp, long expiresAt) {
	}

	private final DataSource dataSource;

	private final Clock clock;

	private final MemoryNonceStore memory;

	private final long forgottenUntil;

	private final LinkedBlockingQueue<Used> queue = new LinkedBlockingQueue<>(MAX_QUEUED);

	private final Thread writer;

	private volatile boolean running = true;

	private final BackgroundTaskLog task = new BackgroundTaskLog(DurableMemoryNonceStore.class, "Nonce write-behind",
			"nonces are not written, so the next start will refuse timestamps up to its start");

	/** Set when a nonce ahead of the clock could not be written: the next start must not trust the tables. */
	private volatile boolean lost;

	private final LongAdder dropped = new LongAdder();

	private final IntSupplier windowSeconds;

	/** The window the snapshot's expiries were computed with (written beside it). */
	private long snapshotWindow;

	/** When the last warning about a full table was logged (nanoTime), so it is logged once a minute. */
	private final AtomicLong warnedAt = new AtomicLong(System.nanoTime() - WARN_NANOS);

	DurableMemoryNonceStore(DataSource dataSource, Clock clock) {
		this(dataSource, clock, MemoryNonceStore.DEFAULT_WINDOW, MemoryNonceStore.UNBOUNDED);
	}

	/**
	 * @param windowSeconds the timestamp window as set now
	 * @param maxBytes the ceiling of the in-memory table (keyway.oauth.nonce-memory)
	 */
	DurableMemoryNonceStore(DataSource dataSource, Clock clock, IntSupplier windowSeconds, long maxBytes) {
		this.dataSource = dataSource;
		this.clock = clock;
		JdbcClient jdbc = JdbcClient.create(dataSource);
		long now = clock.instant().getEpochSecond();
		boolean complete = jdbc.sql("UPDATE oauth_nonce_memory SET complete = FALSE WHERE id = 1 AND complete = TRUE")
			.update() == 1;
		this.forgottenUntil = complete ? Long.MIN_VALUE : now;
		if (!complete) {
			log.warn("The nonce table is incomplete (the previous run did not stop cleanly): signed requests with an "
					+ "oauth_timestamp up to {} (this start) are refused", now);
		}
		Long[] kept = jdbc
			.sql("SELECT fingerprint_seed, forgotten_timestamp, snapshot_window FROM oauth_nonce_memory WHERE id = 1")
			.query((rs, row) -> new Long[] { rs.getObject(1, Long.class), rs.getObject(2, Long.class),
					rs.getObject(3, Long.class) })
			.optional()
			.orElse(new Long[3]);
		Long seed = kept[0];
		this.windowSeconds = windowSeconds;
		this.memory = new MemoryNonceStore(clock, (seed != null) ? seed : new SecureRandom().nextLong(), windowSeconds,
				maxBytes, this::dropped);
		if (!complete) {
			// kept with the next clean stop's snapshot, so a later start still refuses them
			this.memory.forgetUntil(now);
		}
		else if (kept[1] != null) {
			// the previous run may have forgotten the nonces of requests this old; they stay refused
			this.memory.forgetUntil(kept[1]);
		}
		int[] loaded = { 0 };
		if (seed != null) {
			loaded[0] += restoreSnapshot(jdbc, now, (kept[2] != null) ? kept[2] : windowSeconds.getAsInt());
		}
		else {
			jdbc.sql("UPDATE oauth_nonce_memory SET fingerprint_seed = :seed WHERE id = 1")
				.param("seed", this.memory.seed())
				.update();
		}
		// each row keeps its request's timestamp: read back with the window set now, a row written under
		// a narrower one would look older than it is and could fall under a crash's cut unstored
		jdbc.sql("SELECT consumer_id, nonce, expires_at, oauth_timestamp FROM oauth_nonces WHERE expires_at > :now")
			.param("now", now)
			.query((RowCallbackHandler) (rs) -> {
				Long timestamp = rs.getObject(4, Long.class);
				// a row written before V49 has none: the latest its timestamp can be (a window of 1 s)
				this.memory.restoreClaim(rs.getLong(1), rs.getString(2), (timestamp != null) ? timestamp : rs.getLong(3) - 2);
				loaded[0]++;
			});
		log.info("Loaded {} live nonces from the database", loaded[0]);
		this.writer = new Thread(this::writeLoop, "keyway-nonce-write-behind");
		this.writer.setDaemon(true);
		this.writer.start();
	}

	/**
	 * Reads the snapshot back {@value #SNAPSHOT_BATCH} rows a query, in key order after the last
	 * fingerprint read: an embedded database materializes a whole result before the first row, and a
	 * snapshot of millions of nonces read in one query grew the heap of every later start (issue 14.3).
	 */
	private int restoreSnapshot(JdbcClient jdbc, long now, long snapshotWindow) {
		// rows hold expires_at = timestamp + the window at the stop + 1; live now are those whose
		// timestamp is inside the window as set now
		long expiresAfter = now - this.windowSeconds.getAsInt() + snapshotWindow;
		int total = 0;
		long[] last = { Long.MIN_VALUE };
		int[] read = { 0 };
		boolean first = true;
		do {
			read[0] = 0;
			jdbc.sql(first ? SNAPSHOT_FIRST_PAGE : SNAPSHOT_NEXT_PAGE)
				.param("now", expiresAfter)
				.param("after", last[0])
				.param("page", SNAPSHOT_BATCH)
				.query((RowCallbackHandler) (rs) -> {
					last[0] = rs.getLong(1);
					this.memory.restore(last[0], rs.getLong(2) - snapshotWindow - 1);
					read[0]++;
				});
			total += read[0];
			first = false;
		}
		while (read[0] == SNAPSHOT_BATCH);
		return total;
	}

	private static final String SNAPSHOT_FIRST_PAGE = """
			SELECT fingerprint, expires_at FROM oauth_nonce_fingerprints
			WHERE fingerprint >= :after AND expires_at > :now
			ORDER BY fingerprint LIMIT :page""";

	private static final String SNAPSHOT_NEXT_PAGE = """
			SELECT fingerprint, expires_at FROM oauth_nonce_fingerprints
			WHERE fingerprint > :after AND expires_at > :now
			ORDER BY fingerprint LIMIT :page""";

	@Override
	public boolean claim(long consumerId, String nonce, long expiresAtEpochSecond) {
		return this.memory.claim(consumerId, nonce, expiresAtEpochSecond);
	}

	/** A nonce whose timestamp is ahead of the clock is also queued for the database (see the class). */
	@Override
	public boolean claim(long consumerId, String nonce, long timestampEpochSecond, long expiresAtEpochSecond) {
		if (!this.memory.claim(consumerId, nonce, timestampEpochSecond, expiresAtEpochSecond)) {
			return false;
		}
		if (timestampEpochSecond > this.clock.instant().getEpochSecond()
				&& !this.queue.offer(new Used(consumerId, nonce, timestampEpochSecond, expiresAtEpochSecond)) && !this.lost) {
			this.lost = true;
			log.warn("More than {} nonces wait to be written: the next start will refuse timestamps up to its start",
					MAX_QUEUED);
		}
		return true;
	}

	@Override
	public long forgottenUntil() {
		return this.forgottenUntil;
	}

	@Override
	public boolean forgotten(long timestampEpochSecond, long expiresAtEpochSecond) {
		return timestampEpochSecond <= this.forgottenUntil || timestampEpochSecond <= this.memory.forgottenTimestamp();
	}

	@Override
	public long droppedEarly() {
		return this.dropped.sum();
	}

	/** The in-memory table dropped nonces before they expired: counted, and told once a minute. */
	private void dropped(long forgottenTimestamp, int count) {
		this.dropped.add(count);
		long nanos = System.nanoTime();
		long last = this.warnedAt.get();
		if (nanos - last >= WARN_NANOS && this.warnedAt.compareAndSet(last, nanos)) {
			long age = this.clock.instant().getEpochSecond() - forgottenTimestamp;
			log.warn("The in-memory nonce table is full ({} MB, keyway.oauth.nonce-memory): {} nonces dropped before "
					+ "their timestamps left the window since the start, so signed requests with an oauth_timestamp up "
					+ "to {} ({} s ago) are refused: the node accepts timestamps of the last {} s, not {} s. Give the "
					+ "node more heap and raise keyway.oauth.nonce-memory (docs/DEPLOYMENT.md, section 7).",
					String.format(java.util.Locale.ROOT, "%.1f", this.memory.maxBytes() / (1024.0 * 1024)),
					this.dropped.sum(), forgottenTimestamp, age,
					Math.max(0, age - 1), this.windowSeconds.getAsInt());
		}
	}

	/** Nonces accepted but not yet written (for tests). */
	int pending() {
		return this.queue.size();
	}

	/** The nonces of the in-memory table in front of the database. */
	@Override
	public long liveNonces() {
		return this.memory.size();
	}

	private void writeLoop() {
		List<Used> batch = new ArrayList<>(MAX_BATCH);
		while (this.running) {
			try {
				Used first = this.queue.poll(200, TimeUnit.MILLISECONDS);
				if (first == null) {
					continue;
				}
				batch.add(first);
				this.queue.drainTo(batch, MAX_BATCH - 1);
				write(batch);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			finally {
				batch.clear();
			}
		}
	}

	/**
	 * One transaction a batch. An expired row of the same key may still be there (the cleanup
	 * removes them later), so each key is deleted before it is inserted: the two statements every
	 * database takes, where an upsert would need a dialect.
	 */
	private void write(List<Used> batch) {
		try (Connection connection = this.dataSource.getConnection()) {
			boolean autoCommit = connection.getAutoCommit();
			connection.setAutoCommit(false);
			try (PreparedStatement delete = connection
				.prepareStatement("DELETE FROM oauth_nonces WHERE consumer_id = ? AND nonce = ?");
					PreparedStatement insert = connection
						.prepareStatement("INSERT INTO oauth_nonces (consumer_id, nonce, expires_at, oauth_timestamp) "
								+ "VALUES (?, ?, ?, ?)")) {
				for (Used used : batch) {
					delete.setLong(1, used.consumerId());
					delete.setString(2, used.nonce());
					delete.addBatch();
					insert.setLong(1, used.consumerId());
					insert.setString(2, used.nonce());
					insert.setLong(3, used.expiresAt());
					insert.setLong(4, used.timestamp());
					insert.addBatch();
				}
				delete.executeBatch();
				insert.executeBatch();
				connection.commit();
			}
			catch (SQLException | RuntimeException ex) {
				connection.rollback();
				throw ex;
			}
			finally {
				connection.setAutoCommit(autoCommit);
			}
		}
		catch (SQLException | RuntimeException ex) {
			this.lost = true;
			this.task.failed(ex);
			return;
		}
		this.task.succeeded();
	}

	/**
	 * Writes what is queued and the snapshot of the in-memory table, then marks the tables complete
	 * if every accepted nonce reached them in time.
	 */
	@Override
	public void destroy() throws InterruptedException {
		this.running = false;
		this.writer.join(JOIN_MILLIS);
		List<Used> rest = new ArrayList<>();
		this.queue.drainTo(rest);
		for (int from = 0; from < rest.size(); from += MAX_BATCH) {
			write(rest.subList(from, Math.min(rest.size(), from + MAX_BATCH)));
		}
		if (this.writer.isAlive() || this.lost) {
			log.warn("Stopping with nonces that may not be written: the next start will refuse timestamps up to its start");
			return;
		}
		if (!writeSnapshot()) {
			return;
		}
		long forgotten = this.memory.forgottenTimestamp();
		JdbcClient.create(this.dataSource)
			.sql("""
					UPDATE oauth_nonce_memory SET complete = TRUE, forgotten_timestamp = :forgotten,
					    snapshot_window = :window WHERE id = 1""")
			.param("forgotten", (forgotten == Long.MIN_VALUE) ? null : forgotten, java.sql.Types.BIGINT)
			.param("window", this.snapshotWindow)
			.update();
	}

	/** The in-memory table into {@code oauth_nonce_fingerprints}; false when it failed or ran out of time. */
	private boolean writeSnapshot() {
		long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SNAPSHOT_MILLIS);
		long[] written = { 0 };
		try (Connection connection = this.dataSource.getConnection()) {
			boolean autoCommit = connection.getAutoCommit();
			connection.setAutoCommit(false);
			try (PreparedStatement delete = connection.prepareStatement("DELETE FROM oauth_nonce_fingerprints");
					PreparedStatement insert = connection
						.prepareStatement("INSERT INTO oauth_nonce_fingerprints (fingerprint, expires_at) VALUES (?, ?)")) {
				delete.executeUpdate();
				int[] inBatch = { 0 };
				int window = this.windowSeconds.getAsInt();
				this.snapshotWindow = window;
				this.memory.forEachLive((fingerprint, timestamp) -> {
					try {
						insert.setLong(1, fingerprint);
						insert.setLong(2, timestamp + window + 1);
						insert.addBatch();
						if (++inBatch[0] == SNAPSHOT_BATCH) {
							insert.executeBatch();
							connection.commit();
							written[0] += inBatch[0];
							inBatch[0] = 0;
							if (System.nanoTime() > deadline) {
								throw new SnapshotTimeout();
							}
						}
					}
					catch (SQLException ex) {
						throw new IllegalStateException(ex);
					}
				});
				insert.executeBatch();
				connection.commit();
				written[0] += inBatch[0];
			}
			catch (SQLException | RuntimeException ex) {
				connection.rollback();
				throw ex;
			}
			finally {
				connection.setAutoCommit(autoCommit);
			}
			log.info("Wrote {} live nonces for the next start", written[0]);
			return true;
		}
		catch (SnapshotTimeout ex) {
			log.warn("Writing the live nonces took longer than {} ms ({} written): the next start will refuse "
					+ "timestamps up to its start", SNAPSHOT_MILLIS, written[0]);
			return false;
		}
		catch (SQLException | RuntimeException ex) {
			log.warn("Writing the live nonces failed, the next start will refuse timestamps up to its start: {}",
					ex.toString());
			return false;
		}
	}

	/** Ends a snapshot that runs out of time (thrown from inside the visitor). */
	private static final class SnapshotTimeout extends RuntimeException {

		SnapshotTimeout() {
			super(null, null, false, false);
		}

	}

}
