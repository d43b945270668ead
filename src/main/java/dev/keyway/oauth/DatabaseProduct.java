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

	/** A JDBC URL's passwords as {@code ***}: {@code password=...} parameters and {@code //user:password@host}. */
	static String withoutPasswords(String text) {
		return text.replaceAll("(?i)(password=)[^;&\\s]*", "$1***").replaceAll("//([^/:@\\s]+):[^@/\\s]*@", "//$1:***@");
	}

	public static boolean isPostgres(DataSource dataSource) {
		try (Connection connection = dataSource.getConnection()) {
			return connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres");
		}
		catch (SQLException ex) {
			throw new IllegalStateException(UNREACHABLE + ex.getMessage(), ex);
		}
		catch (RuntimeException ex) {
			// the first connection of a start: the pool reports a URL no driver accepts as a RuntimeException whose
			// message holds the whole URL, which may carry a password
			String message = withoutPasswords(String.valueOf(ex.getMessage()));
			// longer than EchoedValue's 64 characters: the URL is the point of the message
			throw new IllegalStateException(UNREACHABLE + ((message.length() <= 300) ? message
					: message.substring(0, 300) + "… (" + message.length() + " characters)"), ex);
		}
	}

}
