package dev.keyway.oauth;

import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a scheduled or background task reports its failures. A database outage ({@link DatabaseUnavailability})
 * is one WARN line naming the task and the cause when the task first meets it, and one INFO line when
 * the task succeeds again: an operator trial with PostgreSQL stopped saw a 60-line stack trace every
 * 2 s per node from every task, where a request logs one WARN line. Any other failure is a fault,
 * logged at ERROR with its trace every time. One instance per task, as the task's own field; lives
 * here, next to {@link DatabaseUnavailability}, because every module with a task may depend on
 * {@code oauth}.
 */
public final class BackgroundTaskLog {

	private final Logger log;

	private final String task;

	private final String whileDown;

	private final AtomicBoolean databaseDown = new AtomicBoolean();

	/**
	 * @param owner the task's class, whose logger is used (so its level is set where the task lives)
	 * @param task the task as the log names it, for example "OAuth cleanup"
	 */
	public BackgroundTaskLog(Class<?> owner, String task) {
		this(owner, task, "it runs again on its schedule");
	}

	/** @param whileDown what the outage means for this task, for the WARN line */
	public BackgroundTaskLog(Class<?> owner, String task, String whileDown) {
		this.log = LoggerFactory.getLogger(owner);
		this.task = task;
		this.whileDown = whileDown;
	}

	/**
	 * Runs one pass of the task and reports its outcome; never throws a {@link RuntimeException} (a
	 * scheduler would log it with its trace at every run).
	 */
	public void run(Runnable pass) {
		try {
			pass.run();
		}
		catch (RuntimeException ex) {
			failed(ex);
			return;
		}
		succeeded();
	}

	/** After a pass that worked: one INFO line if the database was away until now. */
	public void succeeded() {
		if (this.databaseDown.compareAndSet(true, false)) {
			this.log.info("{}: the database answers again", this.task);
		}
	}

	/** After a pass that failed: an outage is {@link #unavailable reported once}, a fault at ERROR with its trace. */
	public void failed(Throwable failure) {
		if (DatabaseUnavailability.is(failure)) {
			unavailable(failure);
		}
		else {
			this.log.error("{} failed", this.task, failure);
		}
	}

	/**
	 * After a pass the database's absence stopped, for a caller that knows so (a connection of its
	 * own that broke): one WARN line without a trace, then nothing until {@link #succeeded()}.
	 */
	public void unavailable(Throwable failure) {
		if (this.databaseDown.compareAndSet(false, true)) {
			this.log.warn("{}: the database is unavailable ({}); {}; not logged again until it answers", this.task,
					cause(failure), this.whileDown);
		}
	}

	/** True between a pass the database's absence stopped and the next pass that worked. */
	public boolean databaseDown() {
		return this.databaseDown.get();
	}

	/** The failure and, when it wraps one, its innermost cause: "Failed to obtain JDBC Connection" alone says little. */
	static String cause(Throwable failure) {
		Throwable root = failure;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return (root == failure) ? failure.toString() : failure + "; cause: " + root;
	}

}
