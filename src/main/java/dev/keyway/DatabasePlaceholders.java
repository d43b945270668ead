package dev.keyway;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

import javax.sql.DataSource;

import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.stereotype.Component;

/**
 * Fills the few placeholders that let one Flyway history run unchanged on H2 and PostgreSQL.
 * {@code ${unlogged}} is {@code UNLOGGED} on PostgreSQL (for tables of short-lived rows such as
 * nonces) and empty elsewhere.
 */
@Component
class DatabasePlaceholders implements FlywayConfigurationCustomizer {

	private final DataSource dataSource;

	DatabasePlaceholders(DataSource dataSource) {
		this.dataSource = dataSource;
	}

	@Override
	public void customize(org.flywaydb.core.api.configuration.FluentConfiguration configuration) {
		boolean postgres = isPostgres(this.dataSource);
		configuration.placeholders(Map.of("unlogged", postgres ? "UNLOGGED" : ""));
	}

	static boolean isPostgres(DataSource dataSource) {
		try (Connection connection = dataSource.getConnection()) {
			return connection.getMetaData().getDatabaseProductName().toLowerCase().contains("postgres");
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Cannot reach the database to read its product name: " + ex.getMessage(), ex);
		}
	}

}
