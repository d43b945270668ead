package dev.keyway.oauth;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The single node's nonces (issue 11.3): answered from a {@link MemoryNonceStore}, so a request
 * never waits for the database, and written behind to {@code oauth_nonces} by one thread in
 * batches, so a restarted node loads them and still refuses a request captured before the
 * restart. A clean stop writes what is queued and marks the table complete
 * ({@code oauth_nonce_memory}); a start that does not find that mark follows a crash (or a write
 * that failed) and refuses every timestamp up to its own start second ({@link #forgottenUntil()}),
 * because the last accepted nonces may not have reached the database.
 */
final class DurableMemoryNonceStore implements NonceStore, DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(DurableMemoryNonceStore.class);

	private static final int MAX_BATCH = 1000;

	/** Beyond this many unwritten nonces the database cannot keep up: stop queueing, mark incomplete. */
	private static final int MAX_QUEUED = 1_000_000;

	private static final long JOIN_MILLIS = 10_000;

	private record Used(long consumerId, String nonce, long expiresAt) {
	}

	private final DataSource dataSource;

	private final MemoryNonceStore memory;

	private final long forgottenUntil;

	private final LinkedBlockingQueue<Used> queue = new LinkedBlockingQueue<>(MAX_QUEUED);

	private final Thread writer;

	private volatile boolean running = true;

	/** Set when a nonce could not be written: the next start must not trust the table. */
	private volatile boolean lost;

	DurableMemoryNonceStore(DataSource dataSource, Clock clock) {
		this.dataSource = dataSource;
		this.memory = new MemoryNonceStore(clock);
		JdbcClient jdbc = JdbcClient.create(dataSource);
		long now = clock.instant().getEpochSecond();
		boolean complete = jdbc.sql("UPDATE oauth_nonce_memory SET complete = FALSE WHERE id = 1 AND complete = TRUE")
			.update() == 1;
		this.forgottenUntil = complete ? Long.MIN_VALUE : now;
		if (!complete) {
			log.warn("The nonce table is incomplete (the previous run did not stop cleanly): signed requests with an "
					+ "oauth_timestamp up to {} (this start) are refused", now);
		}
		int[] loaded = { 0 };
		jdbc.sql("SELECT consumer_id, nonce, expires_at FROM oauth_nonces WHERE expires_at > :now")
			.param("now", now)
			.query((RowCallbackHandler) (rs) -> {
				this.memory.claim(rs.getLong(1), rs.getString(2), rs.getLong(3));
				loaded[0]++;
			});
		log.info("Loaded {} live nonces from the database", loaded[0]);
		this.writer = new Thread(this::writeLoop, "keyway-nonce-write-behind");
		this.writer.setDaemon(true);
		this.writer.start();
	}

	@Override
	public boolean claim(long consumerId, String nonce, long expiresAtEpochSecond) {
		if (!this.memory.claim(consumerId, nonce, expiresAtEpochSecond)) {
			return false;
		}
		if (!this.queue.offer(new Used(consumerId, nonce, expiresAtEpochSecond)) && !this.lost) {
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
						.prepareStatement("INSERT INTO oauth_nonces (consumer_id, nonce, expires_at) VALUES (?, ?, ?)")) {
				for (Used used : batch) {
					delete.setLong(1, used.consumerId());
					delete.setString(2, used.nonce());
					delete.addBatch();
					insert.setLong(1, used.consumerId());
					insert.setString(2, used.nonce());
					insert.setLong(3, used.expiresAt());
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
			log.warn("Writing {} nonces failed, the next start will refuse timestamps up to its start: {}", batch.size(),
					ex.toString());
		}
	}

	/** Writes what is queued, then marks the table complete if every accepted nonce reached it. */
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
		JdbcClient.create(this.dataSource).sql("UPDATE oauth_nonce_memory SET complete = TRUE WHERE id = 1").update();
	}

}
