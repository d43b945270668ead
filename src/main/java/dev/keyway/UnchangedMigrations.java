package dev.keyway;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import dev.keyway.oauth.EchoedValue;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.flywaydb.core.Flyway;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.core.io.ResourceLoader;
import org.springframework.core.io.support.ResourcePatternResolver;
import org.springframework.core.io.support.ResourcePatternUtils;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Runs Flyway's migrate at start-up unless nothing could come of it (issue 14.3: ~0.1 s of every
 * start of the fast-start launcher; creating the {@code Flyway} bean stays). It is skipped only when
 * the class path holds the same migrations and settings ({@link MigrationSet}) as when Flyway last ran
 * to the end on this database, and its schema history is still the one it left then: every row successful, the versions exactly
 * the class path's. Any difference, any doubt, and any failure of the check runs Flyway as before,
 * with its validation and the refusal of a newer schema ({@link NewerSchemaRefusal}).
 *
 * <p>After Flyway ran, the pair is recorded in {@code migration_check} (V55) — unless the history
 * holds a version this node does not have (a newer node migrated in between), so that the next
 * start of this node runs Flyway and refuses that schema; a deleted row is put back.
 * {@code keyway.flyway.skip-when-unchanged=false} runs Flyway on every start.
 */
@Component
class UnchangedMigrations implements FlywayMigrationStrategy {

	private static final Log log = LogFactory.getLog(UnchangedMigrations.class);

	private static final String RECORDED = """
			SELECT migrations_sha256, history_sha256 FROM migration_check WHERE id = 1
			""";

	private static final String RECORD = """
			UPDATE migration_check SET migrations_sha256 = ?, history_sha256 = ?, recorded_at = ? WHERE id = 1
			""";

	private static final String RECORD_AGAIN = """
			INSERT INTO migration_check (id, migrations_sha256, history_sha256, recorded_at) VALUES (1, ?, ?, ?)
			""";

	private static final Set<String> MARKERS = Set.of("TABLE", "SCHEMA");

	private final ResourcePatternResolver resolver;

	private final boolean enabled;

	UnchangedMigrations(ResourceLoader resources,
			@Value("${keyway.flyway.skip-when-unchanged:true}") boolean enabled) {
		this.resolver = ResourcePatternUtils.getResourcePatternResolver(resources);
		this.enabled = enabled;
	}

	@Override
	public void migrate(Flyway flyway) {
		Optional<MigrationSet> migrations = this.enabled ? scan(flyway) : Optional.empty();
		if (migrations.isEmpty()) {
			flyway.migrate();
			return;
		}
		JdbcClient jdbc = JdbcClient.create(flyway.getConfiguration().getDataSource());
		String table = flyway.getConfiguration().getTable();
		if (unchanged(jdbc, table, migrations.get())) {
			log.info("Flyway's migrate skipped: the " + migrations.get().versions().size()
					+ " migrations and the schema history are the ones Flyway last ran with and left "
					+ "(keyway.flyway.skip-when-unchanged=false runs it on every start)");
			return;
		}
		flyway.migrate();
		record(jdbc, table, migrations.get());
	}

	private Optional<MigrationSet> scan(Flyway flyway) {
		try {
			return MigrationSet.scan(flyway.getConfiguration(), this.resolver);
		}
		catch (IOException | RuntimeException ex) {
			log.debug("Migrations not fingerprinted, Flyway runs", ex);
			return Optional.empty();
		}
	}

	private static boolean unchanged(JdbcClient jdbc, String table, MigrationSet migrations) {
		try {
			List<List<String>> recorded = jdbc.sql(RECORDED)
				.query((rs, n) -> List.of(rs.getString(1), rs.getString(2)))
				.list();
			Optional<String> history = history(jdbc, table, migrations);
			return history.isPresent() && recorded.equals(List.of(List.of(migrations.sha256(), history.get())));
		}
		catch (RuntimeException ex) {
			// a new database, or one from before V55 (Flyway creates or completes it); anything else
			// that stops the check: Flyway decides, as without it
			log.debug("No migration check on this database, Flyway runs", ex);
			return false;
		}
	}

	private static void record(JdbcClient jdbc, String table, MigrationSet migrations) {
		try {
			Optional<String> history = history(jdbc, table, migrations);
			if (history.isEmpty()) {
				return;
			}
			Timestamp now = Timestamp.from(Instant.now());
			if (jdbc.sql(RECORD).params(migrations.sha256(), history.get(), now).update() == 0) {
				// the row was deleted by hand: put it back (a node doing the same at once loses on the key)
				jdbc.sql(RECORD_AGAIN).params(migrations.sha256(), history.get(), now).update();
			}
		}
		catch (RuntimeException ex) {
			log.warn("The migration check was not recorded; Flyway runs again at the next start: "
					+ EchoedValue.cut(ex.getMessage()));
		}
	}

	/**
	 * The digest of the history's rows, when every row is a successful versioned migration (or one of
	 * Flyway's markers) and the versions are exactly the class path's; empty otherwise.
	 */
	static Optional<String> history(JdbcClient jdbc, String table, MigrationSet migrations) {
		MessageDigest digest = MigrationSet.newDigest();
		Set<String> versions = new HashSet<>();
		boolean[] plain = { true };
		jdbc.sql("""
				SELECT "installed_rank", "version", "description", "type", "script", "checksum", "success"
				FROM "%s" ORDER BY "installed_rank"
				""".formatted(table.replace("\"", "\"\""))).query((rs) -> {
			String version = rs.getString(2);
			String type = rs.getString(4);
			if (version != null) {
				plain[0] &= rs.getBoolean(7) && ("SQL".equals(type) || "JDBC".equals(type));
				versions.add(version);
			}
			else {
				// Flyway's own markers: "<< Flyway Schema History table created >>" and the like
				plain[0] &= rs.getBoolean(7) && MARKERS.contains(type);
			}
			for (int column = 1; column <= 7; column++) {
				digest.update((rs.getString(column) + "\t").getBytes(StandardCharsets.UTF_8));
			}
			digest.update((byte) '\n');
		});
		return plain[0] && versions.equals(migrations.versions()) ? Optional.of(HexFormat.of().formatHex(digest.digest()))
				: Optional.empty();
	}

}
