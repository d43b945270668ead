package dev.keyway.testing;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcDataSource;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.datasource.DelegatingDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A database that is away until {@link #end()}: what a stopped PostgreSQL looks like to a background
 * task (the pool's {@link SQLTransientConnectionException}, as Spring translates it or not), and the
 * assertions that the task said so in one WARN line without a trace and one INFO line on recovery.
 */
public final class DatabaseOutage {

	/** The cause each failure carries, which the WARN line must name. */
	public static final String CAUSE = "Connection refused (test outage)";

	private volatile boolean down = true;

	/** The database is away from now on (it is at first). */
	public void begin() {
		this.down = true;
	}

	/** The database answers from now on. */
	public void end() {
		this.down = false;
	}

	/** Throws what a JdbcClient throws while the database is away; returns when it answers. */
	public void check() {
		if (this.down) {
			throw new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection",
					new SQLTransientConnectionException(CAUSE));
		}
	}

	/** A private in-memory H2 database, unreachable while the outage lasts. */
	public DataSource dataSource() {
		JdbcDataSource h2 = new JdbcDataSource();
		h2.setURL("jdbc:h2:mem:outage-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
		h2.setUser("sa");
		return new DelegatingDataSource(h2) {

			@Override
			public Connection getConnection() throws SQLException {
				if (DatabaseOutage.this.down) {
					throw new SQLTransientConnectionException(CAUSE);
				}
				return super.getConnection();
			}

		};
	}

	/**
	 * The task logged the outage once, at WARN, naming the cause, with no stack trace after it and no
	 * ERROR line of its own (other lines of the JVM's log, from other tests' threads, are not looked at).
	 */
	public static void assertReportedOnce(CapturedOutput output, String task) {
		assertReportedOnce(output.getAll(), task);
	}

	private static void assertReportedOnce(String output, String task) {
		List<String> lines = output.lines().toList();
		List<Integer> warnings = indexes(lines, task + ": the database is unavailable");
		assertThat(warnings).as("WARN lines of %s", task).hasSize(1);
		String warning = lines.get(warnings.get(0));
		assertThat(warning).contains("WARN").contains(CAUSE);
		if (warnings.get(0) + 1 < lines.size()) {
			assertThat(lines.get(warnings.get(0) + 1)).as("the line after the WARN").doesNotStartWith("\tat ")
				.doesNotStartWith("org.").doesNotStartWith("java.");
		}
		assertThat(indexes(lines, task + " failed")).as("ERROR lines of %s", task).isEmpty();
	}

	/**
	 * What one class logs from now on, kept in memory whatever the console, the levels configured or another
	 * test's output capture do: a full-suite run once missed a recovery line on the console that the task had
	 * logged (seen once in the captured output of a JVM shared with Spring contexts).
	 */
	public static Log log(Class<?> owner) {
		ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(owner);
		ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> appender =
				new ch.qos.logback.core.read.ListAppender<>();
		appender.start();
		logger.setLevel(ch.qos.logback.classic.Level.DEBUG);
		logger.addAppender(appender);
		return new Log(logger, appender);
	}

	/** The events one class logged since {@link #log(Class)}: "LEVEL message", each cause's frames as "\tat" lines. */
	public static final class Log implements AutoCloseable {

		private final ch.qos.logback.classic.Logger logger;

		private final ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> appender;

		Log(ch.qos.logback.classic.Logger logger,
				ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> appender) {
			this.logger = logger;
			this.appender = appender;
		}

		public String getAll() {
			StringBuilder all = new StringBuilder();
			for (ch.qos.logback.classic.spi.ILoggingEvent event : List.copyOf(this.appender.list)) {
				all.append(event.getLevel()).append(' ').append(event.getFormattedMessage()).append('\n');
				for (ch.qos.logback.classic.spi.IThrowableProxy cause = event.getThrowableProxy(); cause != null; cause = cause
					.getCause()) {
					all.append(cause.getClassName()).append(": ").append(cause.getMessage()).append('\n');
					for (ch.qos.logback.classic.spi.StackTraceElementProxy frame : cause.getStackTraceElementProxyArray()) {
						all.append('\t').append(frame.getSTEAsString()).append('\n');
					}
				}
			}
			return all.toString();
		}

		@Override
		public void close() {
			this.logger.detachAppender(this.appender);
			this.logger.setLevel(null);
		}

	}

	/** As {@link #assertReportedOnce(CapturedOutput, String)}, for a {@link #log(Class)}. */
	public static void assertReportedOnce(Log log, String task) {
		assertReportedOnce(log.getAll(), task);
	}

	/** As {@link #assertRecoveredOnce(CapturedOutput, String)}, for a {@link #log(Class)}. */
	public static void assertRecoveredOnce(Log log, String task) {
		assertRecoveredOnce(log.getAll(), task);
	}

	/** The task logged its recovery once at INFO, and the outage was not reported again. */
	public static void assertRecoveredOnce(CapturedOutput output, String task) {
		assertRecoveredOnce(output.getAll(), task);
	}

	private static void assertRecoveredOnce(String output, String task) {
		List<String> lines = output.lines().toList();
		List<Integer> recoveries = indexes(lines, task + ": the database answers again");
		assertThat(recoveries).as("INFO lines of %s", task).hasSize(1);
		assertThat(lines.get(recoveries.get(0))).contains("INFO");
		assertThat(indexes(lines, task + ": the database is unavailable")).hasSize(1);
	}

	private static List<Integer> indexes(List<String> lines, String part) {
		List<Integer> found = new ArrayList<>();
		for (int i = 0; i < lines.size(); i++) {
			if (lines.get(i).contains(part)) {
				found.add(i);
			}
		}
		return found;
	}

}
