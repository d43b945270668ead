package dev.keyway.migration;

import java.nio.file.Path;
import java.util.List;

/** Fixtures of a Magento deployment for tests outside this package (the command-line tests). */
public final class MagentoFixtures {

	/** A dump file and its env.php. */
	public record Files(Path dump, Path env) {
	}

	private MagentoFixtures() {
	}

	/** Two integrations with access tokens (All, and customers), written into {@code directory}. */
	public static Files twoConnectors(Path directory, String first, String second) throws Exception {
		MagentoFixture magento = new MagentoFixture();
		magento.access(first, 1, List.of("Magento_Backend::all"));
		magento.access(second, 0, List.of("Magento_Customer::customer", "Magento_Customer::manage"));
		return new Files(magento.writeDump(directory), magento.writeEnv(directory));
	}

}
