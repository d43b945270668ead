package dev.keyway;

import java.util.Map;

import javax.sql.DataSource;

import dev.keyway.oauth.DatabaseProduct;

import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.stereotype.Component;

/**
 * Fills the few placeholders that let one Flyway history run unchanged on H2 and PostgreSQL.
 * {@code ${unlogged}} is {@code UNLOGGED} on PostgreSQL (for tables of short-lived rows that may be
 * lost in a crash; no longer the nonces, which V23 made logged) and empty elsewhere.
 */
@Component
class DatabasePlaceholders implements FlywayConfigurationCustomizer {

	private final DataSource dataSource;

	DatabasePlaceholders(DataSource dataSource) {
		this.dataSource = dataSource;
	}

	@Override
	public void customize(org.flywaydb.core.api.configuration.FluentConfiguration configuration) {
		boolean postgres = DatabaseProduct.isPostgres(this.dataSource);
		configuration.placeholders(Map.of("unlogged", postgres ? "UNLOGGED" : ""));
	}

}
