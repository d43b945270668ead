package dev.keyway;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.ResourceProvider;
import org.flywaydb.core.api.exception.FlywayValidateException;
import org.flywaydb.core.api.resource.LoadableResource;
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
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.spy;
import static org.mockito.Mockito.verify;

/**
 * Flyway is skipped at start-up only when neither the class path's migrations nor the schema history
 * changed since Flyway last ran to the end (issue 14.3); every other start runs it, with its validation.
 * Migrations on a class path of the test's own, so that they can be added, edited and removed.
 */
@DatabaseIndependent
class UnchangedMigrationsTests {

	private static final String CHECK_TABLE = """
			CREATE TABLE migration_check (id SMALLINT NOT NULL PRIMARY KEY CHECK (id = 1),
			    migrations_sha256 VARCHAR(64) NOT NULL, history_sha256 VARCHAR(64) NOT NULL,
			    recorded_at TIMESTAMP WITH TIME ZONE NOT NULL);
			INSERT INTO migration_check VALUES (1, '', '', CURRENT_TIMESTAMP);
			""";

	@TempDir
	Path root;

	private Path migrations;

	private URLClassLoader classLoader;

	private JdbcDataSource dataSource;

	private JdbcClient jdbc;

	@BeforeEach
	void migrations() throws Exception {
		this.migrations = Files.createDirectories(this.root.resolve("test/migration"));
		Files.writeString(this.migrations.resolve("V1__check.sql"), CHECK_TABLE);
		Files.writeString(this.migrations.resolve("V2__first.sql"), "CREATE TABLE t_first (id INT);");
		this.classLoader = new URLClassLoader(new URL[] { this.root.toUri().toURL() }, getClass().getClassLoader());
		this.dataSource = new JdbcDataSource();
		this.dataSource.setURL("jdbc:h2:mem:unchanged-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
		this.jdbc = JdbcClient.create(this.dataSource);
	}

	@AfterEach
	void close() throws Exception {
		this.jdbc.sql("SHUTDOWN").update();
		this.classLoader.close();
	}

	@Test
	void migrateWhenFirstStartThenRunsFlywayAndRecordsWhatItLeft() {
		Flyway flyway = start(true);

		verify(flyway).migrate();
		assertThat(recorded()).doesNotContain("");
		assertThat(tableExists("T_FIRST")).isTrue();
	}

	@Test
	void migrateWhenNothingChangedThenSkipsFlyway() {
		start(true);

		Flyway second = start(true);

		verify(second, never()).migrate();
	}

	@Test
	void migrateWhenMigrationAddedThenRunsFlywayAndTheStartAfterSkipsIt() throws Exception {
		start(true);
		Files.writeString(this.migrations.resolve("V3__second.sql"), "CREATE TABLE t_second (id INT);");

		verify(start(true)).migrate();
		assertThat(tableExists("T_SECOND")).isTrue();
		verify(start(true), never()).migrate();
	}

	@Test
	void migrateWhenAppliedMigrationEditedThenRunsFlywayWhichRefusesIt() throws Exception {
		start(true);
		Files.writeString(this.migrations.resolve("V2__first.sql"), "CREATE TABLE t_first (id BIGINT);");

		assertThatExceptionOfType(FlywayValidateException.class).isThrownBy(() -> start(true))
			.withMessageContaining("checksum mismatch");
	}

	@Test
	void migrateWhenHistoryHoldsNewerVersionThenRunsFlywayWhichRefusesIt() {
		start(true);
		insertNewerHistoryRow();

		assertThatExceptionOfType(FlywayValidateException.class).isThrownBy(() -> start(true))
			.withMessageContaining("99");
	}

	@Test
	void migrateWhenHistoryRowAlteredThenRunsFlywayWhichRefusesIt() {
		start(true);
		this.jdbc.sql("UPDATE \"flyway_schema_history\" SET \"checksum\" = 42 WHERE \"version\" = '2'").update();

		assertThatExceptionOfType(FlywayValidateException.class).isThrownBy(() -> start(true))
			.withMessageContaining("checksum mismatch");
	}

	@Test
	void migrateWhenNewerNodeMigratedWhileThisOneRanFlywayThenNothingRecordedAndNextStartRefuses() {
		start(true);
		// the history changed since the record (so Flyway runs), and a newer node's migration lands
		// between this node's migrate and its record
		this.jdbc.sql("UPDATE migration_check SET history_sha256 = 'stale'").update();
		Flyway racing = spy(flyway((configuration) -> {
		}));
		doAnswer((invocation) -> {
			Object result = invocation.callRealMethod();
			insertNewerHistoryRow();
			return result;
		}).when(racing).migrate();

		strategy(true).migrate(racing);

		assertThat(recorded().get(1)).isEqualTo("stale");
		assertThatExceptionOfType(FlywayValidateException.class).isThrownBy(() -> start(true));
	}

	@Test
	void migrateWhenSettingChangedThenRunsFlyway() {
		start(true);

		verify(start(true, (configuration) -> configuration.placeholders(Map.of("unlogged", "UNLOGGED")))).migrate();
	}

	@Test
	void migrateWhenLocationHoldsRepeatableMigrationThenRunsFlywayOnEveryStart() throws Exception {
		Files.writeString(this.migrations.resolve("R__view.sql"), "CREATE OR REPLACE VIEW v AS SELECT id FROM t_first;");
		start(true);

		verify(start(true)).migrate();
	}

	@Test
	void migrateWhenSwitchedOffThenRunsFlywayOnEveryStart() {
		start(false);

		verify(start(false)).migrate();
	}

	@Test
	void migrateWhenDatabaseLacksCheckTableThenRunsFlywayOnEveryStart() throws Exception {
		Files.delete(this.migrations.resolve("V1__check.sql"));
		start(true);

		verify(start(true)).migrate();
	}

	@Test
	void migrateWhenCheckRowDeletedThenRunsFlywayAndPutsTheRowBack() {
		start(true);
		this.jdbc.sql("DELETE FROM migration_check").update();

		verify(start(true)).migrate();
		verify(start(true), never()).migrate();
	}

	@Test
	void migrateWhenCallbackLocationsHoldAfterMigrateScriptThenRunsFlywayOnEveryStart() throws Exception {
		// found by review: Flyway runs afterMigrate.sql on every migrate, also when nothing is pending
		Path callbacks = Files.createDirectories(this.root.resolve("test/callback"));
		Files.writeString(callbacks.resolve("afterMigrate.sql"),
				"CREATE TABLE IF NOT EXISTS after_migrate_runs (id INT); INSERT INTO after_migrate_runs VALUES (1);");
		Consumer<FluentConfiguration> withCallbacks = (configuration) -> configuration
			.callbackLocations("classpath:test/callback");
		start(true, withCallbacks);

		Flyway second = start(true, withCallbacks);

		verify(second).migrate();
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM after_migrate_runs").query(Integer.class).single()).isEqualTo(2);
	}

	@Test
	void migrateWhenLocationAddedThatIsMissingAndMustExistThenRunsFlywayWhichRefusesIt() {
		// found by review: a location without files adds none to the digest; the setting itself must count
		start(true);
		Consumer<FluentConfiguration> missing = (configuration) -> configuration
			.locations("classpath:test/migration", "classpath:test/absent")
			.failOnMissingLocations(true);

		assertThatExceptionOfType(FlywayException.class).isThrownBy(() -> start(true, missing))
			.withMessageContaining("test/absent");
	}

	@Test
	void migrateWhenInitSqlPointsFlywayElsewhereThenRunsFlyway() {
		// found by review: Flyway runs the init SQL on its connections (here another schema, where both
		// migrations are pending); the check's connections do not
		start(true);
		this.jdbc.sql("CREATE SCHEMA other").update();

		Flyway second = start(true, (configuration) -> configuration.initSql("SET SCHEMA other"));

		verify(second).migrate();
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = 'OTHER' "
				+ "AND TABLE_NAME = 'T_FIRST'").query(Integer.class).single()).isEqualTo(1);
	}

	@Test
	void migrateWhenMigrationsComeFromOwnResourceProviderThenRunsFlyway() {
		ResourceProvider own = new ResourceProvider() {

			@Override
			public LoadableResource getResource(String name) {
				return null;
			}

			@Override
			public Collection<LoadableResource> getResources(String prefix, String... suffixes) {
				return List.of();
			}

		};
		start(true);

		// it serves none of the applied migrations: only a run of Flyway finds that out
		assertThatExceptionOfType(FlywayValidateException.class)
			.isThrownBy(() -> start(true, (configuration) -> configuration.resourceProvider(own)));
	}

	private Flyway start(boolean skipWhenUnchanged) {
		return start(skipWhenUnchanged, (configuration) -> {
		});
	}

	private Flyway start(boolean skipWhenUnchanged, Consumer<FluentConfiguration> customizer) {
		Flyway flyway = spy(flyway(customizer));
		strategy(skipWhenUnchanged).migrate(flyway);
		return flyway;
	}

	private UnchangedMigrations strategy(boolean skipWhenUnchanged) {
		return new UnchangedMigrations(new DefaultResourceLoader(this.classLoader), skipWhenUnchanged);
	}

	/** Keyway's settings (NewerSchemaRefusal, the placeholder), then the test's. */
	private Flyway flyway(Consumer<FluentConfiguration> customizer) {
		FluentConfiguration configuration = Flyway.configure(this.classLoader)
			.dataSource(this.dataSource)
			.locations("classpath:test/migration")
			.placeholders(Map.of("unlogged", ""));
		new NewerSchemaRefusal().customize(configuration);
		customizer.accept(configuration);
		return configuration.load();
	}

	private void insertNewerHistoryRow() {
		this.jdbc.sql("""
				INSERT INTO "flyway_schema_history" ("installed_rank", "version", "description", "type", "script",
				    "checksum", "installed_by", "execution_time", "success")
				VALUES (99, '99', 'newer', 'SQL', 'V99__newer.sql', 1, 'keyway', 1, TRUE)
				""").update();
	}

	private List<String> recorded() {
		return this.jdbc.sql("SELECT migrations_sha256, history_sha256 FROM migration_check")
			.query((rs, n) -> List.of(rs.getString(1), rs.getString(2)))
			.single();
	}

	private boolean tableExists(String name) {
		return this.jdbc.sql("SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME = ?")
			.param(name)
			.query(Integer.class)
			.single() == 1;
	}

}
