package dev.keyway;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

import org.flywaydb.core.api.exception.FlywayValidateException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.keyway.testing.AdminApi;
import dev.keyway.testing.KeywayNode;
import dev.keyway.testing.TestDatabases;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Keyway's own migrations on H2 and PostgreSQL: the second start on an unchanged database skips Flyway
 * and serves; a schema a newer node migrated is still refused at start (issue 14.3, DEPLOYMENT.md § 6).
 */
@ExtendWith(OutputCaptureExtension.class)
class UnchangedMigrationsNodeTests {

	@Test
	void startWhenDatabaseUnchangedSinceLastStartThenSkipsFlywayAndServes(CapturedOutput output) {
		TestDatabases.Database database = TestDatabases.newDatabase();
		String masterKey = masterKey();
		try (KeywayNode first = KeywayNode.start(database, masterKey, Map.of())) {
			assertThat(output.getOut()).doesNotContain("Flyway's migrate skipped");
			new AdminApi(first.http()).createIntegration("{\"integration\":{\"name\":\"before the restart\"}}");
		}

		try (KeywayNode second = KeywayNode.start(database, masterKey, Map.of())) {
			assertThat(output.getOut()).contains("Flyway's migrate skipped: the ");
			assertThat(new AdminApi(second.http()).get("/rest/V1/integrations").body()).contains("before the restart");
		}
	}

	@Test
	void startWhenSchemaHoldsMigrationOfNewerNodeThenRefused() {
		TestDatabases.Database database = TestDatabases.newDatabase();
		String masterKey = masterKey();
		KeywayNode.start(database, masterKey, Map.of()).close();
		JdbcClient.create(new DriverManagerDataSource(database.url(), database.username(), database.password()))
			.sql("""
					INSERT INTO "flyway_schema_history" ("installed_rank", "version", "description", "type",
					    "script", "checksum", "installed_by", "execution_time", "success")
					VALUES (999, '999', 'newer', 'SQL', 'V999__newer.sql', 1, 'keyway', 1, TRUE)
					""")
			.update();

		assertThatException().isThrownBy(() -> KeywayNode.start(database, masterKey, Map.of()))
			.withRootCauseInstanceOf(FlywayValidateException.class);
	}

	private static String masterKey() {
		byte[] key = new byte[32];
		new SecureRandom().nextBytes(key);
		return Base64.getEncoder().encodeToString(key);
	}

}
