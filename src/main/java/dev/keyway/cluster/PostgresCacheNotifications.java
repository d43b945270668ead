package dev.keyway.cluster;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import javax.sql.DataSource;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.keyway.acl.GrantChanged;
import dev.keyway.integration.IntegrationChanged;
import dev.keyway.oauth.BackgroundTaskLog;
import dev.keyway.oauth.CredentialsChanged;
import dev.keyway.settings.SettingsChanged;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Keeps the caches of every node of a PostgreSQL deployment in line (SPEC 8): each change is
 * announced with {@code pg_notify} inside the changing transaction, so PostgreSQL delivers it
 * exactly when (and only if) the change commits; every node LISTENs on one connection and empties
 * the matching cache entries (its own notifications it skips: its caches were emptied when its
 * transaction completed). When the listening connection breaks, notifications may have been
 * missed: on reconnecting the node empties all its caches; the caches' time-to-live bounds the harm
 * meanwhile. A half-open connection (a peer or firewall gone silently) delivers nothing and reports
 * no error, so a heartbeat runs {@code SELECT 1} on the listening connection every few seconds under
 * a network timeout: a missed beat counts as a break.
 */
final class PostgresCacheNotifications implements InitializingBean, DisposableBean {

	static final String CHANNEL = "keyway_cache";

	private static final Logger log = LoggerFactory.getLogger(PostgresCacheNotifications.class);

	private final DataSource dataSource;

	private final JdbcClient jdbc;

	private final CacheEvictors evictors;

	/** Marks this node's own notifications, which it skips: it emptied its caches already. */
	private final String nodeId = java.util.UUID.randomUUID().toString().substring(0, 8);

	private volatile boolean running = true;

	private volatile long received;

	private volatile long recoveries;

	private volatile int listenerPid;

	private final Heartbeat heartbeat;

	private final Duration heartbeatInterval;

	private Thread listener;

	private final BackgroundTaskLog task = new BackgroundTaskLog(PostgresCacheNotifications.class,
			"Cache notifications listener", "retrying every second, the caches' time-to-live bounds what is missed");

	/** Proves the listening connection still reaches the server; throws when it does not. */
	@FunctionalInterface
	interface Heartbeat {

		void beat(Connection connection) throws SQLException;

	}

	static final Duration HEARTBEAT_INTERVAL = Duration.ofSeconds(5);

	/** How long a heartbeat (or any read on the listening connection) may take before it counts as missed. */
	static final int NETWORK_TIMEOUT_MILLIS = 10_000;

	/** False on a database other than PostgreSQL: then this does nothing. */
	private final boolean enabled;

	PostgresCacheNotifications(DataSource dataSource, JdbcClient jdbc, CacheEvictors evictors, boolean enabled) {
		this(dataSource, jdbc, evictors, enabled, PostgresCacheNotifications::selectOne, HEARTBEAT_INTERVAL);
	}

	PostgresCacheNotifications(DataSource dataSource, JdbcClient jdbc, CacheEvictors evictors, boolean enabled,
			Heartbeat heartbeat, Duration heartbeatInterval) {
		this.enabled = enabled;
		this.dataSource = dataSource;
		this.jdbc = jdbc;
		this.evictors = evictors;
		this.heartbeat = heartbeat;
		this.heartbeatInterval = heartbeatInterval;
	}

	static void selectOne(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.execute("SELECT 1");
		}
	}

	@EventListener({ CredentialsChanged.class, GrantChanged.class, IntegrationChanged.class, SettingsChanged.class })
	void on(Object event) {
		if (!this.enabled) {
			return;
		}
		announce(CachePayload.of(event));
	}

	/** Inside the publisher's transaction when there is one: delivered at commit, dropped on rollback. */
	private void announce(String payload) {
		this.jdbc.sql("SELECT pg_notify(:channel, :payload)")
			.param("channel", CHANNEL)
			.param("payload", this.nodeId + "|" + payload)
			.query((rs) -> {
			});
	}

	/** Notifications applied so far (for tests and the benchmark). */
	long received() {
		return this.received;
	}

	/** Times the listener reconnected and emptied every cache (for tests). */
	long recoveries() {
		return this.recoveries;
	}

	/** The server process of the listening connection, 0 before the first LISTEN (for tests). */
	int listenerPid() {
		return this.listenerPid;
	}

	@Override
	public void afterPropertiesSet() {
		if (!this.enabled) {
			return;
		}
		this.listener = new Thread(this::listen, "keyway-cache-listener");
		this.listener.setDaemon(true);
		this.listener.start();
	}

	private void listen() {
		boolean first = true;
		while (this.running) {
			try (Connection connection = this.dataSource.getConnection()) {
				connection.setAutoCommit(true);
				connection.setNetworkTimeout(Runnable::run, NETWORK_TIMEOUT_MILLIS);
				try (Statement statement = connection.createStatement()) {
					statement.execute("LISTEN " + CHANNEL);
					try (ResultSet pid = statement.executeQuery("SELECT pg_backend_pid()")) {
						pid.next();
						this.listenerPid = pid.getInt(1);
					}
				}
				if (!first) {
					log.info("Listening for cache notifications again; emptying this node's caches in case some were missed");
					this.evictors.all();
					this.recoveries++;
				}
				first = false;
				this.task.succeeded();
				PGConnection pg = connection.unwrap(PGConnection.class);
				long nextBeat = System.nanoTime() + this.heartbeatInterval.toNanos();
				while (this.running) {
					PGNotification[] notifications = pg.getNotifications(500);
					if (notifications != null) {
						for (PGNotification notification : notifications) {
							apply(notification.getParameter());
						}
					}
					if (System.nanoTime() - nextBeat >= 0) {
						this.heartbeat.beat(connection);
						nextBeat = System.nanoTime() + this.heartbeatInterval.toNanos();
					}
				}
			}
			catch (SQLException ex) {
				// the listening connection broke or missed its heartbeat: the database's absence, for this task
				if (this.running) {
					this.task.unavailable(ex);
					first = false;
					sleep(1000);
				}
			}
			catch (RuntimeException ex) {
				if (this.running) {
					this.task.failed(ex);
					first = false;
					sleep(1000);
				}
			}
		}
	}

	private void apply(String message) {
		int bar = message.indexOf('|');
		if (bar < 0 || message.substring(0, bar).equals(this.nodeId)) {
			return;
		}
		String payload = message.substring(bar + 1);
		try {
			CachePayload.apply(payload, this.evictors);
			this.received++;
		}
		catch (RuntimeException ex) {
			log.warn("Ignoring cache notification '{}': {}", payload, ex.toString());
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void destroy() {
		this.running = false;
		if (this.listener != null) {
			this.listener.interrupt();
		}
	}

}
