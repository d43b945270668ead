package dev.keyway.migration;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.stereotype.Component;

/**
 * The jar's {@code import-magento} command (issue 18.4):
 * <pre>
 * java -jar keyway.jar import-magento --dump=&lt;mysqldump file&gt; --env=&lt;env.php&gt; [--dry-run]
 * java -jar keyway.jar import-magento --jdbc-url=jdbc:mariadb://host/db --jdbc-user=u --env=&lt;env.php&gt;
 * </pre>
 * with the usual Keyway properties ({@code --keyway.data-dir}, {@code --spring.datasource.url}).
 * Prints what it imported and exits 0, or prints the reason on standard error and exits 1 (2 for a
 * wrong command line) having written nothing. {@code KeywayApplication} starts the application
 * without its web server when the first argument is a command; in server mode this runner does nothing.
 * The database password may come from {@code MAGENTO_DB_PASSWORD} instead of the command line.
 */
@Component
class ImportCommand implements ApplicationRunner, ExitCodeGenerator {

	static final String NAME = "import-magento";

	private static final Set<String> OPTIONS = Set.of("dump", "jdbc-url", "jdbc-user", "jdbc-password", "env",
			"dry-run", "table-prefix", "skip-unknown-resources");

	private final MagentoImport importer;

	private final PrintStream out = System.out;

	private final PrintStream err = System.err;

	private int exitCode;

	ImportCommand(MagentoImport importer) {
		this.importer = importer;
	}

	@Override
	public void run(ApplicationArguments args) {
		if (args.getNonOptionArgs().isEmpty() || !NAME.equals(args.getNonOptionArgs().get(0))) {
			return;
		}
		this.exitCode = execute(args);
	}

	int execute(ApplicationArguments args) {
		String usage = "usage: import-magento (--dump=<mysqldump file> | --jdbc-url=<jdbc:mariadb://...> "
				+ "[--jdbc-user=<user>] [--jdbc-password=<password>]) --env=<app/etc/env.php> [--dry-run] "
				+ "[--table-prefix=<prefix>] [--skip-unknown-resources]";
		String dump = single(args, "dump");
		String url = single(args, "jdbc-url");
		String env = single(args, "env");
		if ((dump == null) == (url == null) || env == null) {
			this.err.println("import-magento: give --env and exactly one of --dump or --jdbc-url.");
			this.err.println(usage);
			return 2;
		}
		for (String name : args.getOptionNames()) {
			if (!OPTIONS.contains(name) && !name.contains(".")) {
				this.err.println("import-magento: unknown option --" + MysqlDumpReader.bounded(name) + ".");
				this.err.println(usage);
				return 2;
			}
		}
		if (dump != null && !Files.isReadable(Path.of(dump))) {
			this.err.println("import-magento: the dump file " + dump + " cannot be read.");
			return 1;
		}
		String password = single(args, "jdbc-password");
		if (password == null) {
			password = System.getenv("MAGENTO_DB_PASSWORD");
		}
		MagentoImport.Source source = new MagentoImport.Source((dump != null) ? Path.of(dump) : null, url,
				single(args, "jdbc-user"), password, single(args, "table-prefix"));
		try {
			ImportReport report = this.importer.run(source, Path.of(env),
					new MagentoImport.Options(args.containsOption("dry-run"), args.containsOption("skip-unknown-resources")));
			this.out.print(report.text());
			this.out.flush();
			return 0;
		}
		catch (MagentoImportException ex) {
			this.err.println("import-magento: " + ex.getMessage());
			return 1;
		}
	}

	private static String single(ApplicationArguments args, String name) {
		List<String> values = args.getOptionValues(name);
		return (values == null || values.isEmpty()) ? null : values.get(values.size() - 1);
	}

	@Override
	public int getExitCode() {
		return this.exitCode;
	}

}
