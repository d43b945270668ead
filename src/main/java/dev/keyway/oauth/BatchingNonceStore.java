package dev.keyway.oauth;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntSupplier;

import javax.sql.DataSource;

import org.springframework.beans.factory.DisposableBean;

/**
 * Nonces shared by every node of a PostgreSQL deployment, so a request accepted by one node is
 * refused as a replay by all others (SPEC 4.6, 8). Concurrent claims are written together: a few
 * writer threads each take everything queued and send it as one
 * {@code INSERT ... ON CONFLICT ... RETURNING} into {@code oauth_nonces} (a logged table since V23, so
 * nonces survive a crash: SPEC 4.8), so under load
 * a request costs a fraction of a round trip instead of Magento's SELECT + INSERT each. An expired
 * row is overwritten in the same statement. A local {@link MemoryNonceStore} in front refuses the
 * replays this node has already seen without asking the database.
 */
final class BatchingNonceStore implements NonceStore, DisposableBean {

	private static final int MAX_BATCH = 500;

	private static final Duration WAIT = Duration.ofSeconds(10);

	/** One queued claim and the answer its request waits for. */
	private record Claim(long consumerId, String nonce, long expiresAt, CompletableFuture<Boolean> accepted) {
	}

	private final DataSource dataSource;

	private final MemoryNonceStore local;

	private final Clock clock;

	private final LinkedBlockingQueue<Claim> queue = new LinkedBlockingQueue<>();

	private final List<Thread> writers = new ArrayList<>();

	private volatile boolean running = true;

	private final BackgroundTaskLog task = new BackgroundTaskLog(BatchingNonceStore.class, "Nonce writer",
			"signed requests are answered 503 meanwhile");

	BatchingNonceStore(DataSource dataSource, Clock clock, int writerThreads) {
		this(dataSource, clock, writerThreads, MemoryNonceStore.DEFAULT_WINDOW, MemoryNonceStore.UNBOUNDED);
	}

	/**
	 * @param windowSeconds the timestamp window as set now
	 * @param localMaxBytes the ceiling of the in-memory table in front of the database
	 * (keyway.oauth.nonce-memory); at the ceiling it forgets the oldest nonces, which the database
	 * still refuses
	 */
	BatchingNonceStore(DataSource dataSource, Clock clock, int writerThreads, IntSupplier windowSeconds,
			long localMaxBytes) {
		this.dataSource = dataSource;
		this.clock = clock;
		this.local = new MemoryNonceStore(clock, new SecureRandom().nextLong(), windowSeconds, localMaxBytes, null);
		for (int i = 0; i < writerThreads; i++) {
			Thread writer = new Thread(this::writeLoop, "keyway-nonce-writer-" + i);
			writer.setDaemon(true);
			writer.start();
			this.writers.add(writer);
		}
	}

	@Override
	public boolean claim(long consumerId, String nonce, long expiresAtEpochSecond) {
		if (!this.local.claim(consumerId, nonce, expiresAtEpochSecond)) {
			return false;
		}
		Claim claim = new Claim(consumerId, nonce, expiresAtEpochSecond, new CompletableFuture<>());
		this.queue.add(claim);
		try {
			return claim.accepted().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			// not recorded: the client's retry after the 503 must not be taken for a replay here
			this.local.release(consumerId, nonce);
			throw new NonceStoreUnavailableException(ex.getCause());
		}
		catch (TimeoutException ex) {
			// the write may still land; if it does, the database refuses the retry itself
			this.local.release(consumerId, nonce);
			throw new NonceStoreUnavailableException(ex);
		}
		catch (InterruptedException ex) {
			this.local.release(consumerId, nonce);
			Thread.currentThread().interrupt();
			throw new NonceStoreUnavailableException(ex);
		}
	}

	/** The nonces of the in-memory table in front of the database. */
	@Override
	public long liveNonces() {
		return this.local.size();
	}

	private void writeLoop() {
		List<Claim> batch = new ArrayList<>(MAX_BATCH);
		while (this.running) {
			try {
				Claim first = this.queue.poll(1, TimeUnit.SECONDS);
				if (first == null) {
					continue;
				}
				batch.add(first);
				this.queue.drainTo(batch, MAX_BATCH - 1);
				write(batch);
				this.task.succeeded();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (RuntimeException | SQLException ex) {
				this.task.failed(ex);
				batch.forEach((claim) -> claim.accepted().completeExceptionally(ex));
			}
			finally {
				batch.clear();
			}
		}
	}

	/** One statement for the whole batch; a claim repeated within the batch is a replay. */
	private void write(List<Claim> batch) throws SQLException {
		Map<String, Claim> unique = new HashMap<>();
		List<Claim> distinct = new ArrayList<>(batch.size());
		for (Claim claim : batch) {
			if (unique.putIfAbsent(claim.consumerId() + "\u0000" + claim.nonce(), claim) == null) {
				distinct.add(claim);
			}
			else {
				claim.accepted().complete(false);
			}
		}
		StringBuilder sql = new StringBuilder("INSERT INTO oauth_nonces (consumer_id, nonce, expires_at) VALUES ");
		for (int i = 0; i < distinct.size(); i++) {
			sql.append((i == 0) ? "(?, ?, ?)" : ", (?, ?, ?)");
		}
		sql.append(" ON CONFLICT (consumer_id, nonce) DO UPDATE SET expires_at = EXCLUDED.expires_at")
			.append(" WHERE oauth_nonces.expires_at <= ? RETURNING consumer_id, nonce");
		Set<String> accepted = new HashSet<>();
		try (Connection connection = this.dataSource.getConnection();
				PreparedStatement insert = connection.prepareStatement(sql.toString())) {
			int index = 1;
			for (Claim claim : distinct) {
				insert.setLong(index++, claim.consumerId());
				insert.setString(index++, claim.nonce());
				insert.setLong(index++, claim.expiresAt());
			}
			insert.setLong(index, this.clock.instant().getEpochSecond());
			try (ResultSet rows = insert.executeQuery()) {
				while (rows.next()) {
					accepted.add(rows.getLong(1) + "\u0000" + rows.getString(2));
				}
			}
			if (!connection.getAutoCommit()) {
				connection.commit();
			}
		}
		for (Claim claim : distinct) {
			claim.accepted().complete(accepted.contains(claim.consumerId() + "\u0000" + claim.nonce()));
		}
	}

	@Override
	public void destroy() {
		this.running = false;
		this.writers.forEach(Thread::interrupt);
	}

}
