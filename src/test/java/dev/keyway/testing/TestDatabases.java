package dev.keyway.testing;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The databases tests run on. {@code -Dkeyway-test.database=postgres} runs everything on a real
 * PostgreSQL (zonky's embedded binaries, started once per JVM); the default is H2. Every call of
 * {@link #newDatabase()} gives a fresh, empty database, so Spring contexts never share data.
 */
public final class TestDatabases {

	/** A JDBC URL with its credentials. */
	public record Database(String url, String username, String password) {
	}

	private static final AtomicInteger COUNTER = new AtomicInteger();

	private static EmbeddedPostgres postgres;

	private TestDatabases() {
	}

	public static boolean postgres() {
		return "postgres".equals(System.getProperty("keyway-test.database", "h2").toLowerCase(Locale.ROOT));
	}

	public static Database newDatabase() {
		return postgres() ? newPostgresDatabase() : newH2Database();
	}

	public static Database newH2Database() {
		return new Database("jdbc:h2:mem:keyway-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
	}

	public static synchronized Database newPostgresDatabase() {
		EmbeddedPostgres server = postgresServer();
		String name = "keyway_" + COUNTER.incrementAndGet();
		try (Connection connection = server.getPostgresDatabase().getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE DATABASE " + name);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Cannot create test database " + name, ex);
		}
		return new Database(server.getJdbcUrl("postgres", name), "postgres", "postgres");
	}

	/** The shared embedded PostgreSQL server of this JVM, started on first use. */
	public static synchronized EmbeddedPostgres postgresServer() {
		if (postgres == null) {
			try {
				postgres = EmbeddedPostgres.builder().setServerConfig("max_connections", "300").start();
			}
			catch (IOException ex) {
				throw new IllegalStateException("Cannot start the embedded PostgreSQL", ex);
			}
			EmbeddedPostgres started = postgres;
			Runtime.getRuntime().addShutdownHook(new Thread(() -> {
				try {
					started.close();
				}
				catch (IOException ex) {
					// the JVM is going away anyway
				}
			}));
		}
		return postgres;
	}

}
