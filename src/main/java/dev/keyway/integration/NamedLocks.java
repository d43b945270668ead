package dev.keyway.integration;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.Duration;

import javax.sql.DataSource;

import dev.keyway.oauth.DatabaseProduct;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Locks every node of one database shares: a row of {@code named_locks} (V54) per lock, taken with
 * {@code SELECT … FOR UPDATE} inside the caller's transaction. The lock is the transaction's: it ends with a
 * commit, a rollback or the connection (a node that dies holding it blocks nobody: PostgreSQL ends the
 * transaction of a closed connection, and H2 the session's). Chosen over PostgreSQL's
 * {@code pg_advisory_xact_lock}, which H2 lacks: one Flyway history and one code path serve both, and the
 * H2 path is what the single-node default and the H2 test pass run.
 *
 * <p>The wait is bounded: PostgreSQL by {@code lock_timeout}, H2 by {@code FOR UPDATE WAIT}, both for this
 * transaction only (a pooled connection keeps no setting), and for the wait only (the lock taken, the work
 * under it waits for other rows as it would without it). On PostgreSQL three quarters of it, but at least
 * {@link #HOLDER_IDLE_MIN}, is the transaction's {@code idle_in_transaction_session_timeout}: a holder that
 * stops sending statements without its connection closing (a frozen JVM, a network that drops packets
 * without a reset, which TCP itself notices only after hours) is cut off by the server, so the nodes after
 * it wait no longer than that either.
 *
 * <p>In the integration module because the integrations file is its one user; the table is not theirs alone.
 */
@Component
class NamedLocks {

	/** The lock of applying the integrations file (SPEC 2.7). */
	static final String INTEGRATIONS_FILE = "integrations-file";

	private final JdbcClient jdbc;

	private final boolean postgres;

	NamedLocks(JdbcClient jdbc, DataSource dataSource) {
		this.jdbc = jdbc;
		this.postgres = DatabaseProduct.isPostgres(dataSource);
	}

	/**
	 * Takes the lock {@code name} for the current transaction, waiting at most {@code timeout} for the
	 * transaction that holds it.
	 * @throws LockTimeout when another transaction held it for longer (on PostgreSQL this transaction is then
	 * aborted: the caller can only roll it back)
	 * @throws IllegalStateException when no transaction is active (the lock would end with the statement) or
	 * the lock's row is missing
	 */
	void lock(String name, Duration timeout) {
		if (!TransactionSynchronizationManager.isActualTransactionActive()) {
			throw new IllegalStateException("The lock '" + name + "' is held by a transaction; none is active");
		}
		String held;
		try {
			held = this.postgres ? lockOnPostgres(name, timeout) : lockOnH2(name, timeout);
		}
		catch (DataAccessException ex) {
			if (timedOut(ex)) {
				throw new LockTimeout(name, timeout, ex);
			}
			throw ex;
		}
		if (held == null) {
			throw new IllegalStateException("The lock '" + name + "' has no row in the table named_locks; "
					+ "the migration that introduces it inserts it (was the row deleted?)");
		}
	}

	private String lockOnPostgres(String name, Duration timeout) {
		// set_config(…, true) is SET LOCAL: for this transaction, and it takes the value as a parameter
		this.jdbc.sql("""
				SELECT set_config('lock_timeout', :millis, true),
				       set_config('idle_in_transaction_session_timeout', :idle, true)
				""")
			.param("millis", Long.toString(timeout.toMillis()))
			.param("idle", Long.toString(holderIdleBound(timeout).toMillis()))
			.query((row, number) -> row.getString(1))
			.single();
		String held = this.jdbc.sql("""
				SELECT name FROM named_locks WHERE name = :name FOR UPDATE
				""")
			.param("name", name)
			.query(String.class)
			.optional()
			.orElse(null);
		// the bound was for this wait: the work under the lock waits for other rows as it would without it
		this.jdbc.sql("SET LOCAL lock_timeout TO DEFAULT").update();
		return held;
	}

	/**
	 * How long the holder may stay idle between two statements before PostgreSQL ends its transaction: three
	 * quarters of the waiters' bound, so that a waiter that began to wait before the holder froze still outlasts
	 * it (an operator trial: with the same bound both ran out together), but never below
	 * {@link #HOLDER_IDLE_MIN}, so that a pause of the holder's own (a collection, a cold class at start-up) never
	 * ends its apply (a review: at a 300 ms timeout a node alone failed its start).
	 */
	static Duration holderIdleBound(Duration timeout) {
		Duration threeQuarters = timeout.multipliedBy(3).dividedBy(4);
		return (threeQuarters.compareTo(HOLDER_IDLE_MIN) < 0) ? HOLDER_IDLE_MIN : threeQuarters;
	}

	/** The least idle time a holder is allowed (see {@link #holderIdleBound}). */
	static final Duration HOLDER_IDLE_MIN = Duration.ofSeconds(10);

	private String lockOnH2(String name, Duration timeout) {
		// WAIT takes a literal number of seconds, not a parameter: a number formatted here, nothing of the input
		BigDecimal seconds = BigDecimal.valueOf(timeout.toMillis()).movePointLeft(3);
		return this.jdbc.sql("""
				SELECT name FROM named_locks WHERE name = :name FOR UPDATE WAIT %s
				""".formatted(seconds.toPlainString()))
			.param("name", name)
			.query(String.class)
			.optional()
			.orElse(null);
	}

	/**
	 * Whether the lock statement failed for its timeout: read from the driver's own code, not from Spring's
	 * translation (which names H2's a query timeout and PostgreSQL's a lock failure).
	 */
	private boolean timedOut(DataAccessException ex) {
		// the driver's exception itself (the cause Spring wraps), not its own causes
		if (!(ex.getCause() instanceof SQLException sql)) {
			return false;
		}
		// PostgreSQL: lock_not_available (lock_timeout); H2: LOCK_TIMEOUT_1
		return this.postgres ? "55P03".equals(sql.getSQLState()) : sql.getErrorCode() == 50200;
	}

	/** The lock was held by another transaction for longer than the caller would wait. */
	static final class LockTimeout extends RuntimeException {

		private static final long serialVersionUID = 1L;

		LockTimeout(String name, Duration timeout, Throwable cause) {
			super("The lock '" + name + "' was not free within " + timeout.toMillis() + " ms", cause);
		}

	}

}
