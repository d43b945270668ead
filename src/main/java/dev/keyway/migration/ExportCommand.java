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
 * The jar's {@code export-magento --out=<new SQL file> --env=<env.php>} command (issue 18.2): writes
 * every integration in Magento's tables and format, secrets encrypted under env.php's current key;
 * exits 0, or 1 with the reason (2 for a wrong command line). In server mode it does nothing.
 */
@Component
class ExportCommand implements ApplicationRunner, ExitCodeGenerator {

	static final String NAME = "export-magento";

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
		String target = single(args, "out");
		String env = single(args, "env");
		if (target == null || env == null) {
			this.err.println("export-magento: give --out=<new SQL file> and --env=<app/etc/env.php>.");
			this.exitCode = 2;
			return;
		}
		if (Files.exists(Path.of(target))) {
			this.err.println("export-magento: " + target + " exists; give a new file name.");
			this.exitCode = 1;
			return;
		}
		try {
			int count = this.exporter.run(Path.of(target), Path.of(env));
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
