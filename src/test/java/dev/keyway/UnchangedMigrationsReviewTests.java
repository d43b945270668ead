package dev.keyway;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.keyway.testing.DatabaseIndependent;

import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.Mockito.spy;
import static org.mockito.Mockito.verify;

/**
 * Review of af72cda: starts on which Flyway would not have been a no-op, but the check skips it.
 * Same set-up as UnchangedMigrationsTests (own class path, own H2).
 */
@DatabaseIndependent
class UnchangedMigrationsReviewTests {

	private static final String CHECK_TABLE = """
			CREATE TABLE migration_check (id SMALLINT NOT NULL PRIMARY KEY CHECK (id = 1),
			    migrations_sha256 VARCHAR(64) NOT NULL, history_sha256 VARCHAR(64) NOT NULL,
			    recorded_at TIMESTAMP WITH TIME ZONE NOT NULL);
			INSERT INTO migration_check VALUES (1, '', '', CURRENT_TIMESTAMP);
			""";

	@TempDir
	Path root;

	private URLClassLoader classLoader;

	private JdbcDataSource dataSource;

	private JdbcClient jdbc;

	@BeforeEach
	void migrations() throws Exception {
		Path migrations = Files.createDirectories(this.root.resolve("test/migration"));
		Files.writeString(migrations.resolve("V1__check.sql"), CHECK_TABLE);
		Files.writeString(migrations.resolve("V2__first.sql"), "CREATE TABLE t_first (id INT);");
		this.classLoader = new URLClassLoader(new URL[] { this.root.toUri().toURL() }, getClass().getClassLoader());
		this.dataSource = new JdbcDataSource();
		this.dataSource.setURL("jdbc:h2:mem:review-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
		this.jdbc = JdbcClient.create(this.dataSource);
	}

	@AfterEach
	void close() throws Exception {
		this.jdbc.sql("SHUTDOWN").update();
		this.classLoader.close();
	}

	/**
	 * spring.flyway.callback-locations: Flyway runs afterMigrate.sql on every migrate, also when nothing
	 * is pending; MigrationSet.shipped() does not look at getCallbackLocations(), so the second start
	 * skips Flyway and the callback silently stops running.
	 */
	@Test
	void migrateWhenCallbackLocationsHoldAfterMigrateScriptThenRunsFlywayOnEveryStart() throws Exception {
		Path callbacks = Files.createDirectories(this.root.resolve("test/callback"));
		Files.writeString(callbacks.resolve("afterMigrate.sql"),
				"CREATE TABLE IF NOT EXISTS after_migrate_runs (id INT); INSERT INTO after_migrate_runs VALUES (1);");
		Consumer<FluentConfiguration> withCallbacks = (configuration) -> configuration
			.callbackLocations("classpath:test/callback");
		start(withCallbacks);
		assertThat(count("after_migrate_runs")).isEqualTo(1);

		Flyway second = start(withCallbacks);

		assertThat(count("after_migrate_runs")).as("afterMigrate.sql ran on the second start").isEqualTo(2);
		verify(second).migrate();
	}

	/**
	 * spring.flyway.locations gains a class-path location that does not exist, with
	 * spring.flyway.fail-on-missing-locations=true: Flyway refuses the start; the locations and that
	 * flag are not in the digest (an empty location adds no file), so the check skips Flyway.
	 */
	@Test
	void migrateWhenMissingLocationAndFailOnMissingLocationsThenFlywayRefusesTheStart() {
		start((configuration) -> {
		});
		Consumer<FluentConfiguration> missing = (configuration) -> configuration
			.locations("classpath:test/migration", "classpath:test/absent")
			.failOnMissingLocations(true);
		// what Flyway itself does with that configuration
		assertThatExceptionOfType(FlywayException.class).isThrownBy(() -> flyway(missing).migrate())
			.withMessageContaining("test/absent");

		assertThatExceptionOfType(FlywayException.class).as("the start Flyway would have refused")
			.isThrownBy(() -> start(missing));
	}

	/**
	 * spring.flyway.init-sqls: Flyway runs them on each of its connections (here: another schema, so
	 * Flyway would create a new history there and migrate it); the check's own connections do not run
	 * them and initSql is not in the digest, so it reads the old schema's history and skips Flyway.
	 */
	@Test
	void migrateWhenInitSqlPointsFlywayElsewhereThenRunsFlyway() {
		start((configuration) -> {
		});
		this.jdbc.sql("CREATE SCHEMA other").update();
		// what Flyway itself sees with that configuration: both migrations pending in schema OTHER
		assertThat(flyway((configuration) -> configuration.initSql("SET SCHEMA other")).info().pending()).hasSize(2);

		Flyway second = start((configuration) -> configuration.initSql("SET SCHEMA other"));

		verify(second).migrate();
	}

	private Flyway start(Consumer<FluentConfiguration> customizer) {
		Flyway flyway = spy(flyway(customizer));
		new UnchangedMigrations(new DefaultResourceLoader(this.classLoader), true).migrate(flyway);
		return flyway;
	}

	private Flyway flyway(Consumer<FluentConfiguration> customizer) {
		FluentConfiguration configuration = Flyway.configure(this.classLoader)
			.dataSource(this.dataSource)
			.locations("classpath:test/migration")
			.placeholders(Map.of("unlogged", ""));
		new NewerSchemaRefusal().customize(configuration);
		customizer.accept(configuration);
		return configuration.load();
	}

	private int count(String table) {
		return this.jdbc.sql("SELECT COUNT(*) FROM " + table).query(Integer.class).single();
	}

}
