package dev.keyway;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.keyway.migration.MagentoFixtures;
import dev.keyway.migration.MariaDbServer;
import dev.keyway.testing.DatabaseIndependent;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The jar's contract (issue 18.4): {@code import-magento --dump=... --env=... [--dry-run]} with the
 * usual {@code --keyway.data-dir}: prints what it imported and exits 0, or exits non-zero with the
 * reason having written nothing. Runs the command as {@code main} does, without the web server.
 */
@DatabaseIndependent
class ImportMagentoCommandTests {

	@TempDir
	Path directory;

	private static final String LONG_NAME = "prefixed crm of a partner whose name runs past fifty chars";

	private record Run(int exitCode, String out, String err) {
	}

	private Run run(String... args) {
		PrintStream out = System.out;
		PrintStream err = System.err;
		ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
		ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
		System.setOut(new PrintStream(outBytes, true, StandardCharsets.UTF_8));
		System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
		try {
			int code = KeywayApplication.runCommand(args);
			return new Run(code, outBytes.toString(StandardCharsets.UTF_8), errBytes.toString(StandardCharsets.UTF_8));
		}
		finally {
			System.setOut(out);
			System.setErr(err);
		}
	}

	private List<String> integrationNames(Path dataDir) throws Exception {
		List<String> names = new ArrayList<>();
		try (Connection connection = DriverManager.getConnection("jdbc:h2:file:" + dataDir.resolve("keyway"), "keyway",
				""); ResultSet rows = connection.createStatement().executeQuery("SELECT name FROM integrations ORDER BY id")) {
			while (rows.next()) {
				names.add(rows.getString(1));
			}
		}
		return names;
	}

	@Test
	void runCommandWhenDumpAndEnvThenPrintsImportAndExitsZero() throws Exception {
		Path dataDir = Files.createDirectory(this.directory.resolve("data"));
		MagentoFixtures.Files magento = MagentoFixtures.twoConnectors(this.directory, "cli erp", "cli crm");

		Run dry = run("import-magento", "--dump=" + magento.dump(), "--env=" + magento.env(), "--dry-run",
				"--keyway.data-dir=" + dataDir);
		assertThat(dry.exitCode()).as(dry.err()).isZero();
		assertThat(dry.out()).contains("Dry run: nothing was written").contains("'cli erp'");
		assertThat(integrationNames(dataDir)).isEmpty();

		Run imported = run("import-magento", "--dump=" + magento.dump(), "--env=" + magento.env(),
				"--keyway.data-dir=" + dataDir);

		assertThat(imported.exitCode()).as(imported.err()).isZero();
		assertThat(imported.out()).contains("Imported 2 integration(s) from Magento").contains("'cli crm'");
		assertThat(integrationNames(dataDir)).containsExactly("cli erp", "cli crm");
	}

	@Test
	void runCommandWhenWrongKeyThenReasonAndNonZeroAndNothingWritten() throws Exception {
		Path dataDir = Files.createDirectory(this.directory.resolve("data"));
		MagentoFixtures.Files magento = MagentoFixtures.twoConnectors(this.directory, "cli wrong a", "cli wrong b");
		MagentoFixtures.Files other = MagentoFixtures.twoConnectors(Files.createDirectory(this.directory.resolve("o")),
				"other a", "other b");

		Run run = run("import-magento", "--dump=" + magento.dump(), "--env=" + other.env(),
				"--keyway.data-dir=" + dataDir);

		assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
		assertThat(run.err()).contains("import-magento: ").contains("does not decrypt with the keys of env.php");
		assertThat(integrationNames(dataDir)).isEmpty();
	}

	@Test
	void runCommandWhenNeitherDumpNorJdbcUrlThenUsageAndExitTwo() {
		Run run = run("import-magento", "--env=/nonexistent/env.php",
				"--keyway.data-dir=" + this.directory.resolve("data"));

		assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
		assertThat(run.err()).contains("give --env and exactly one of --dump or --jdbc-url").contains("usage:");
	}

	@Test
	void runCommandWhenImportExportImportThenSecondExportIdentical() throws Exception {
		Path first = Files.createDirectory(this.directory.resolve("first"));
		Path second = Files.createDirectory(this.directory.resolve("second"));
		MagentoFixtures.Files magento = MagentoFixtures.twoConnectors(this.directory, "trip erp", "trip crm");
		Path exportFirst = this.directory.resolve("export-first.sql");
		Path exportSecond = this.directory.resolve("export-second.sql");

		assertThat(run("import-magento", "--dump=" + magento.dump(), "--env=" + magento.env(),
				"--keyway.data-dir=" + first).exitCode()).isZero();
		Run exported = run("export-magento", "--out=" + exportFirst, "--env=" + magento.env(), "--ids=keep",
				"--keyway.data-dir=" + first);
		assertThat(exported.exitCode()).as(exported.err()).isZero();
		assertThat(run("import-magento", "--dump=" + exportFirst, "--env=" + magento.env(),
				"--keyway.data-dir=" + second).exitCode()).isZero();
		assertThat(run("export-magento", "--out=" + exportSecond, "--env=" + magento.env(), "--ids=keep",
				"--keyway.data-dir=" + second).exitCode()).isZero();

		List<String> original = MagentoFixtures.contents(magento.dump(), magento.env());
		assertThat(original).hasSize(2);
		assertThat(MagentoFixtures.contents(exportFirst, magento.env())).containsAll(original);
		assertThat(MagentoFixtures.contents(exportSecond, magento.env()))
			.containsExactlyElementsOf(MagentoFixtures.contents(exportFirst, magento.env()));
	}

	/**
	 * Every Magento has rows beside its integrations (the Administrators role and its rule, admin
	 * tokens) and ids that a fresh Keyway's own collide with: the default export ({@code --ids=auto})
	 * loads into such a Magento, each integration linked to its own consumer, token and role.
	 */
	@Test
	void runCommandWhenExportedWithAutoIdsThenLoadsIntoMagentoWithRowsAndLinksKept() throws Exception {
		Path dataDir = Files.createDirectory(this.directory.resolve("auto"));
		MagentoFixtures.Files source = MagentoFixtures.twoConnectors(Files.createDirectory(this.directory.resolve("src")),
				"auto erp", "auto crm");
		MagentoFixtures.Files target = MagentoFixtures.twoConnectors(Files.createDirectory(this.directory.resolve("dst")),
				"magento erp", "magento crm");
		assertThat(run("import-magento", "--dump=" + source.dump(), "--env=" + source.env(),
				"--keyway.data-dir=" + dataDir).exitCode()).isZero();
		Path export = this.directory.resolve("export-auto.sql");
		Run exported = run("export-magento", "--out=" + export, "--env=" + target.env(), "--keyway.data-dir=" + dataDir);
		assertThat(exported.exitCode()).as(exported.err()).isZero();
		assertThat(Files.readString(export)).doesNotContain("INSERT INTO `integration` (`integration_id`")
			.contains("LAST_INSERT_ID()");

		try (MariaDbServer magento = MariaDbServer.start(Files.createDirectory(this.directory.resolve("mariadb")))) {
			magento.load("magento", target.dump());
			magento.loadInto("magento", export);
			Path merged = magento.dump("magento", this.directory.resolve("merged.sql"));

			List<String> contents = MagentoFixtures.contents(merged, target.env());
			assertThat(contents).hasSize(4)
				.containsAll(MagentoFixtures.contents(target.dump(), target.env()))
				.containsAll(MagentoFixtures.contents(source.dump(), source.env()));
		}
	}

	/**
	 * Magento's {@code integration.email} is NOT NULL; an integration without an email in Keyway (a
	 * config-declared one imported with '', or one created without) is exported with '' so the file loads.
	 */
	@Test
	void runCommandWhenIntegrationHasNoEmailThenExportLoadsIntoMagento() throws Exception {
		Path dataDir = Files.createDirectory(this.directory.resolve("no-email"));
		MagentoFixtures.Files source = MagentoFixtures.declaredWithoutEmail(
				Files.createDirectory(this.directory.resolve("no-email-src")), "declared feed");
		MagentoFixtures.Files target = MagentoFixtures.twoConnectors(Files.createDirectory(this.directory.resolve("no-email-dst")),
				"no email erp", "no email crm");
		assertThat(run("import-magento", "--dump=" + source.dump(), "--env=" + source.env(),
				"--keyway.data-dir=" + dataDir).exitCode()).isZero();
		Path export = this.directory.resolve("export-no-email.sql");
		assertThat(run("export-magento", "--out=" + export, "--env=" + target.env(), "--keyway.data-dir=" + dataDir)
			.exitCode()).isZero();

		try (MariaDbServer magento = MariaDbServer.start(Files.createDirectory(this.directory.resolve("mariadb-no-email")))) {
			magento.load("magento", target.dump());
			magento.loadInto("magento", export);
			Path merged = magento.dump("magento", this.directory.resolve("merged-no-email.sql"));

			assertThat(MagentoFixtures.contents(merged, target.env())).hasSize(3)
				.anySatisfy((line) -> assertThat(line).contains("declared feed"));
		}
	}

	/**
	 * A Magento installed with a table prefix ({@code db/table_prefix}) has its five tables under it: the export
	 * written with {@code --table-prefix} loads into them, and the live import with the same prefix reads it back.
	 */
	@Test
	void runCommandWhenExportedWithTablePrefixThenLoadsIntoPrefixedTablesAndImportsBack() throws Exception {
		Path dataDir = Files.createDirectory(this.directory.resolve("prefixed"));
		MagentoFixtures.Files source = MagentoFixtures.twoConnectors(
				// a name longer than Magento's role_name column (varchar(50)): the role is named by the integration's id
				Files.createDirectory(this.directory.resolve("prefixed-src")), "prefixed erp", LONG_NAME);
		Run imported = run("import-magento", "--dump=" + source.dump(), "--env=" + source.env(),
				"--keyway.data-dir=" + dataDir);
		assertThat(imported.exitCode()).as(imported.out() + imported.err()).isZero();
		Path export = this.directory.resolve("export-prefixed.sql");
		Run exported = run("export-magento", "--out=" + export, "--env=" + source.env(), "--table-prefix=mg_",
				"--keyway.data-dir=" + dataDir);
		assertThat(exported.exitCode()).as(exported.err()).isZero();
		assertThat(Files.readString(export)).contains("CREATE TABLE IF NOT EXISTS `mg_integration`")
			.contains("INSERT INTO `mg_oauth_consumer`").doesNotContain("INSERT INTO `integration`");

		try (MariaDbServer magento = MariaDbServer.start(Files.createDirectory(this.directory.resolve("mariadb-prefixed")))) {
			magento.load("magento", export);
			Run back = run("import-magento", "--jdbc-url=" + magento.url("magento"), "--jdbc-user=root",
					"--jdbc-password=", "--env=" + source.env(), "--table-prefix=mg_", "--dry-run",
					"--keyway.data-dir=" + Files.createDirectory(this.directory.resolve("prefixed-back")));

			assertThat(back.exitCode()).as(back.err()).isZero();
			assertThat(back.out()).contains("prefixed erp").contains(LONG_NAME);
		}
	}

	@Test
	void runCommandWhenExportTablePrefixNotAsMagentoTakesItThenRuleAndExitTwo() {
		Run run = run("export-magento", "--out=" + this.directory.resolve("never.sql"), "--env=/nonexistent/env.php",
				"--table-prefix=mg`; DROP", "--keyway.data-dir=" + this.directory.resolve("data"));

		assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
		assertThat(run.err()).contains("The table prefix must be a letter followed by up to 31 letters, digits or "
				+ "underscores (Magento's installer takes 2 to 5 of them); got 'mg`; DROP'");
		assertThat(this.directory.resolve("never.sql")).doesNotExist();
	}

	@Test
	void runCommandWhenExportTablePrefixGivenWithASpaceOrMistypedThenRefusedNotIgnored() {
		// "--table-prefix mg_" reads as an option without a value and a stray word: the tables would be written
		// without the prefix, into tables Magento never reads (a review)
		Run spaced = run("export-magento", "--out=" + this.directory.resolve("never.sql"), "--env=/nonexistent/env.php",
				"--table-prefix", "mg_", "--keyway.data-dir=" + this.directory.resolve("data"));
		Run mistyped = run("export-magento", "--out=" + this.directory.resolve("never.sql"), "--env=/nonexistent/env.php",
				"--table_prefix=mg_", "--keyway.data-dir=" + this.directory.resolve("data"));

		assertThat(spaced.exitCode()).as(spaced.err()).isEqualTo(2);
		assertThat(spaced.err()).contains("export-magento: unexpected argument 'mg_'; give every option as --name=value.");
		assertThat(mistyped.exitCode()).as(mistyped.err()).isEqualTo(2);
		assertThat(mistyped.err()).contains("export-magento: unknown option --table_prefix.").contains("usage: export-magento");
		assertThat(this.directory.resolve("never.sql")).doesNotExist();
	}

	@Test
	void runCommandWhenImportingAnAutoIdsExportThenReasonNamesKeep() throws Exception {
		Path dataDir = Files.createDirectory(this.directory.resolve("first"));
		MagentoFixtures.Files magento = MagentoFixtures.twoConnectors(this.directory, "auto back a", "auto back b");
		assertThat(run("import-magento", "--dump=" + magento.dump(), "--env=" + magento.env(),
				"--keyway.data-dir=" + dataDir).exitCode()).isZero();
		Path export = this.directory.resolve("export.sql");
		assertThat(run("export-magento", "--out=" + export, "--env=" + magento.env(), "--keyway.data-dir=" + dataDir)
			.exitCode()).isZero();

		Run refused = run("import-magento", "--dump=" + export, "--env=" + magento.env(),
				"--keyway.data-dir=" + Files.createDirectory(this.directory.resolve("second")));

		assertThat(refused.exitCode()).isEqualTo(1);
		assertThat(refused.err()).contains("made with --ids=auto").contains("--ids=keep");
	}

}
