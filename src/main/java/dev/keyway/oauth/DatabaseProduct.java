package dev.keyway.oauth;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

import javax.sql.DataSource;

/**
 * Which database Keyway runs on, read from the driver's metadata: the one test for PostgreSQL
 * (Flyway placeholders, the nonce store, cross-node cache notifications), so a wrapped or proxied
 * JDBC URL cannot make them disagree. In this module because every other module may depend on it.
 */
public final class DatabaseProduct {

	private DatabaseProduct() {
	}

	/** How the refusal below starts (the start-up report tells it as a database that cannot be used). */
	public static final String UNREACHABLE = "Cannot reach the database to read its product name: ";

	public static boolean isPostgres(DataSource dataSource) {
		try (Connection connection = dataSource.getConnection()) {
			return connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres");
		}
		catch (SQLException | RuntimeException ex) {
			// the first connection of a start: Hikari reports a URL no driver accepts as a RuntimeException
			throw new IllegalStateException(UNREACHABLE + ex.getMessage(), ex);
		}
	}

}
