package dev.keyway;

import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.pattern.ValidatePattern;

import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.stereotype.Component;

/**
 * Makes Flyway's validation at start-up refuse a schema that holds migrations newer than this node's
 * (a newer Keyway migrated it), which {@link StartupFailures} then tells in words. Flyway's default
 * ignores such "future" migrations ({@code *:future}), so an older node started on a newer schema with
 * a warning only, against docs/DEPLOYMENT.md § 6: running nodes of the older version keep working
 * during a roll-out (validation happens at start only), a newly started one does not.
 */
@Component
class NewerSchemaRefusal implements FlywayConfigurationCustomizer {

	@Override
	public void customize(FluentConfiguration configuration) {
		configuration.ignoreMigrationPatterns(new ValidatePattern[0]);
	}

}
