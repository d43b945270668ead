package dev.keyway.migration;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.stereotype.Component;

/**
 * The jar's {@code export-magento --out=<new SQL file> --env=<env.php> [--ids=auto|keep] [--table-prefix=<prefix>]} command
 * (issue 18.2): writes every integration in Magento's tables and format, secrets encrypted under
 * env.php's current key; ids assigned by Magento when loaded ({@code auto}, the default: safe into a
 * Magento that has rows) or Keyway's ({@code keep}: a file {@code import-magento} reads back);
 * exits 0, or 1 with the reason (2 for a wrong command line). In server mode it does nothing.
 */
@Component
class ExportCommand implements ApplicationRunner, ExitCodeGenerator {

	static final String NAME = "export-magento";

	private static final java.util.Set<String> OPTIONS = java.util.Set.of("out", "env", "ids", "table-prefix");

	private static final String USAGE = "usage: export-magento --out=<new SQL file> --env=<app/etc/env.php> "
			+ "[--ids=auto|keep] [--table-prefix=<prefix>]";

	private final MagentoExport exporter;

	private final PrintStream out = System.out;

	private final PrintStream err = System.err;

	private int exitCode;

	ExportCommand(MagentoExport exporter) {
		this.exporter = exporter;
	}

	@Override
	public void run(ApplicationArguments args) {
		if (args.getNonOptionArgs().isEmpty() || !NAME.equals(args.getNonOptionArgs().get(0))) {
			return;
		}
		for (String name : args.getOptionNames()) {
			if (!OPTIONS.contains(name) && !name.contains(".")) {
				this.err.println("export-magento: unknown option --" + MysqlDumpReader.bounded(name) + ".");
				this.err.println(USAGE);
				this.exitCode = 2;
				return;
			}
		}
		if (args.getNonOptionArgs().size() > 1) {
			// "--table-prefix mg_" (a space, not '='): the prefix would be lost and the tables written without it
			this.err.println("export-magento: unexpected argument '" + MysqlDumpReader.bounded(args.getNonOptionArgs().get(1))
					+ "'; give every option as --name=value.");
			this.err.println(USAGE);
			this.exitCode = 2;
			return;
		}
		if (args.containsOption("table-prefix") && single(args, "table-prefix") == null) {
			this.err.println("export-magento: --table-prefix needs a value (--table-prefix=<prefix>).");
			this.err.println(USAGE);
			this.exitCode = 2;
			return;
		}
		String target = single(args, "out");
		String env = single(args, "env");
		String ids = single(args, "ids");
		String prefix = (single(args, "table-prefix") != null) ? single(args, "table-prefix") : "";
		if (target == null || env == null) {
			this.err.println("export-magento: give --out=<new SQL file> and --env=<app/etc/env.php>.");
			this.err.println(USAGE);
			this.exitCode = 2;
			return;
		}
		if (ids != null && !ids.equals("auto") && !ids.equals("keep")) {
			this.err.println("export-magento: --ids must be auto (Magento numbers the rows; the default) or keep "
					+ "(Keyway's ids); got '" + MysqlDumpReader.bounded(ids) + "'.");
			this.exitCode = 2;
			return;
		}
		try {
			MagentoExport.checkPrefix(prefix);
		}
		catch (MagentoImportException ex) {
			this.err.println("export-magento: " + ex.getMessage());
			this.exitCode = 2;
			return;
		}
		if (Files.exists(Path.of(target))) {
			this.err.println("export-magento: " + target + " exists; give a new file name.");
			this.exitCode = 1;
			return;
		}
		try {
			int count = this.exporter.run(Path.of(target), Path.of(env),
					"keep".equals(ids) ? MagentoExport.Ids.KEEP : MagentoExport.Ids.AUTO, prefix);
			this.out.println("Exported " + count + " integration(s) in Magento's tables to " + target + ".");
		}
		catch (MagentoImportException ex) {
			this.err.println("export-magento: " + ex.getMessage());
			this.exitCode = 1;
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
