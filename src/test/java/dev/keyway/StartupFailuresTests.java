package dev.keyway;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.CoreErrorCode;
import org.flywaydb.core.api.ErrorDetails;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.exception.FlywayValidateException;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.jdbc.CannotGetJdbcConnectionException;

import dev.keyway.testing.DatabaseIndependent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

@DatabaseIndependent
class StartupFailuresTests {

	private final StartupFailures analyzer = new StartupFailures();

	@Test
	void analyzeWhenSchemaHasUnknownMigrationThenSaysTheSchemaIsNewer() {
		String message = "Validate failed: Migrations have failed validation\n"
				+ "Detected applied migration not resolved locally: 99.\nIf you removed this migration ...";
		FlywayValidateException validate = new FlywayValidateException(new ErrorDetails(CoreErrorCode.VALIDATE_ERROR, message),
				message);

		FailureAnalysis analysis = this.analyzer.analyze(new BeanCreationException("flyway", validate));

		assertThat(analysis.getDescription()).startsWith("The database schema is newer than this Keyway node")
			.contains("Detected applied migration not resolved locally: 99.");
		assertThat(analysis.getAction()).contains("Never start an older version");
	}

	@Test
	void analyzeWhenTheIntegrationsFileIsNotAppliedThenItsSentenceWithoutATrace() throws Exception {
		// an operator trial: a lock time-out came as a warning and forty lines of stack trace
		java.lang.reflect.Constructor<dev.keyway.integration.IntegrationsFileRefused> refused =
				dev.keyway.integration.IntegrationsFileRefused.class.getDeclaredConstructor(String.class);
		refused.setAccessible(true);
		Exception failure = new RuntimeException("Error applying", refused.newInstance("The integrations file was not "
				+ "applied: another node has been applying it for longer than keyway.integrations-file-lock-timeout (PT1M) "
				+ "lets this node wait."));

		FailureAnalysis analysis = this.analyzer.analyze(failure);

		assertThat(analysis.getDescription()).startsWith("The integrations file was not applied (nothing of it was): "
				+ "The integrations file was not applied: another node");
		assertThat(analysis.getAction()).contains("keyway.integrations-file").contains("docs/DEPLOYMENT.md");
	}

	@Test
	void analyzeWhenPostgresEndedAnIdleTransactionThenSaysNothingWasAppliedAndToStartAgain() {
		Exception failure = new RuntimeException("JDBC rollback failed", new SQLException(
				"FATAL: terminating connection due to idle-in-transaction timeout", "25P03"));

		FailureAnalysis analysis = this.analyzer.analyze(failure);

		assertThat(analysis.getDescription()).startsWith("PostgreSQL ended this node's transaction")
			.contains("nothing of the file was applied");
		assertThat(analysis.getAction()).startsWith("Start the node again");
	}

	@Test
	void analyzeWhenConnectionRefusedThenNamesTheDatabaseSetting() {
		CannotGetJdbcConnectionException refused = new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection",
				new SQLException("Connection to db:5432 refused", "08001"));

		FailureAnalysis analysis = this.analyzer.analyze(new BeanCreationException("flyway", refused));

		assertThat(analysis.getDescription()).startsWith("Keyway cannot reach its database");
		assertThat(analysis.getAction()).contains("spring.datasource.url");
	}

	@Test
	void analyzeWhenPasswordRefusedThenSaysSoRatherThanATrace() {
		// as the first connection of a start reports it (DatabaseProduct, then the beans that needed it)
		SQLException refused = new SQLException("FATAL: password authentication failed for user \"keyway\"", "28P01");
		Exception failure = new BeanCreationException("flyway",
				new IllegalStateException(dev.keyway.oauth.DatabaseProduct.UNREACHABLE + refused.getMessage(), refused));

		FailureAnalysis analysis = this.analyzer.analyze(failure);

		assertThat(analysis.getDescription()).isEqualTo("Keyway's database refused the user name or password: "
				+ "FATAL: password authentication failed for user \"keyway\"");
		assertThat(analysis.getAction()).contains("spring.datasource.url", "password");
	}

	@Test
	void analyzeWhenDatabaseDoesNotExistThenSaysSo() {
		SQLException missing = new SQLException("FATAL: database \"keywa\" does not exist", "3D000");

		FailureAnalysis analysis = this.analyzer.analyze(new BeanCreationException("flyway",
				new IllegalStateException(dev.keyway.oauth.DatabaseProduct.UNREACHABLE + missing.getMessage(), missing)));

		assertThat(analysis.getDescription()).isEqualTo("Keyway's database does not exist: FATAL: database \"keywa\" does not exist");
	}

	@Test
	void analyzeWhenNoDriverTakesTheUrlThenNamesTheDatabaseSetting() {
		RuntimeException pool = new RuntimeException("Driver org.h2.Driver claims to not accept jdbcUrl, jdbc:postgres://db/k");

		FailureAnalysis analysis = this.analyzer.analyze(new BeanCreationException("flyway",
				new IllegalStateException(dev.keyway.oauth.DatabaseProduct.UNREACHABLE + pool.getMessage(), pool)));

		assertThat(analysis.getDescription()).isEqualTo("Keyway cannot open its database with spring.datasource.url: "
				+ "Driver org.h2.Driver claims to not accept jdbcUrl, jdbc:postgres://db/k");
		assertThat(analysis.getAction()).contains("spring.datasource.url");
	}

	@Test
	void analyzeWhenKeywaySettingRefusedThenTellsTheRuleAndTheValueWithoutATrace() {
		Exception failure = new RuntimeException("Error creating bean with name 'nonceStore'",
				new IllegalStateException("keyway.oauth.nonce-memory must be a size of at least 1MB, such as 64MB; got \"lots\""));

		FailureAnalysis analysis = this.analyzer.analyze(failure);

		assertThat(analysis.getDescription())
			.isEqualTo("A setting was refused: keyway.oauth.nonce-memory must be a size of at least 1MB, such as 64MB; "
					+ "got \"lots\"");
		assertThat(analysis.getAction()).contains("docs/SETTINGS.md");
	}

	@Test
	void analyzeWhenGatewayFileRefusedThenTellsTheFileTheEntryAndTheRule() {
		// a file whose name starts with "keyway." is still told as the gateway file's refusal
		String rule = "keyway.gateway.yml, upstreams[0] (\"erp\"): \"ca_file\" needs an https url; got \"http://127.0.0.1:9000\"";
		Throwable refused = new dev.keyway.gateway.GatewayFileRefused(rule);
		Exception failure = new RuntimeException("Error creating bean with name 'nginxVerify'", refused);

		FailureAnalysis analysis = this.analyzer.analyze(failure);

		assertThat(analysis.getDescription()).isEqualTo("The gateway file was refused: " + rule);
		assertThat(analysis.getAction()).contains("docs/GATEWAY.md");
	}

	@Test
	void analyzeWhenOperatorAclResourceRefusedThenTellsItsOriginAndTheRule() {
		dev.keyway.acl.AclExtension extension = () -> List.of(new dev.keyway.acl.AclResource("Acme::a", "A",
				"Magento_Catalog::products", "gateway.yml, resources[0] (\"Acme::a\")"), new dev.keyway.acl.AclResource(
						"Acme::a", "Again", "Magento_Backend::admin", "gateway.yml, resources[1] (\"Acme::a\")"));
		Throwable refused = catchThrowable(() -> new dev.keyway.acl.AclTree(List.of(extension)));
		Exception failure = new RuntimeException("Error creating bean with name 'aclTree'", refused);

		FailureAnalysis analysis = this.analyzer.analyze(failure);

		assertThat(analysis.getDescription()).isEqualTo("An ACL resource was refused: gateway.yml, resources[1] "
				+ "(\"Acme::a\"): the ACL resource id \"Acme::a\" is already in the tree (ids are unique)");
		assertThat(analysis.getAction()).contains("docs/GATEWAY.md");
	}

	@Test
	void validateWhenSchemaHasMigrationOfNewerVersionThenRefusesAndSaysTheSchemaIsNewer(@TempDir Path migrations)
			throws Exception {
		// Flyway ignores applied migrations newer than the node's ("*:future") unless told otherwise: an
		// older node then started on a schema a newer one had migrated, where DEPLOYMENT.md promises a refusal
		Files.writeString(migrations.resolve("V1__first.sql"), "CREATE TABLE t (id INT);");
		JdbcDataSource dataSource = new JdbcDataSource();
		dataSource.setURL("jdbc:h2:mem:newer-schema;DB_CLOSE_DELAY=-1");
		FluentConfiguration configuration = Flyway.configure().dataSource(dataSource)
			.locations("filesystem:" + migrations);
		new NewerSchemaRefusal().customize(configuration);
		configuration.load().migrate();
		try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
			// what a newer Keyway leaves behind: one more applied migration
			statement.execute("INSERT INTO \"flyway_schema_history\" (\"installed_rank\", \"version\", \"description\", "
					+ "\"type\", \"script\", \"checksum\", \"installed_by\", \"execution_time\", \"success\") "
					+ "VALUES (2, '2', 'newer', 'SQL', 'V2__newer.sql', 1, 'keyway', 1, TRUE)");
		}

		Throwable refused = catchThrowable(() -> configuration.load().migrate());

		assertThat(refused).isInstanceOf(FlywayValidateException.class);
		FailureAnalysis analysis = this.analyzer.analyze(new BeanCreationException("flyway", refused));
		assertThat(analysis).isNotNull();
		assertThat(analysis.getDescription()).startsWith("The database schema is newer than this Keyway node");
	}

	@Test
	void analyzeWhenOtherFailureThenLeavesItToSpringBoot() {
		assertThat(this.analyzer.analyze(new IllegalStateException("something else"))).isNull();
	}

}
