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

	/**
	 * Every integration a dump holds, with all its values decrypted (secrets included), one line each,
	 * for comparing two dumps whatever their ids and ciphertexts.
	 */
	public static List<String> contents(Path dump, Path env) {
		MagentoTables tables = new MysqlDumpReader("").read(dump);
		return new MagentoModel(new MagentoDecryptor(MagentoKeys.fromEnvFile(env))).read(tables)
			.integrations()
			.stream()
			.map((i) -> String.join(" | ", i.name(), String.valueOf(i.email()), String.valueOf(i.endpoint()),
					String.valueOf(i.identityLinkUrl()), i.status().name(), String.valueOf(i.all()),
					new java.util.TreeSet<>(i.resources()).toString(), i.credentials().consumerKey(),
					i.credentials().consumerSecret(), String.valueOf(i.credentials().createdAt()),
					String.valueOf(i.credentials().exchangeStartedAt()), token(i.credentials().token())))
			.toList();
	}

	private static String token(dev.keyway.oauth.ExistingCredentials.Token token) {
		return (token == null) ? "no token" : String.join(" ", token.type().name(), String.valueOf(token.value()),
				String.valueOf(token.secret()), token.verifier(), String.valueOf(token.revoked()),
				String.valueOf(token.createdAt()));
	}

	/** Two integrations with access tokens (All, and customers), written into {@code directory}. */
	public static Files twoConnectors(Path directory, String first, String second) throws Exception {
		MagentoFixture magento = new MagentoFixture();
		magento.access(first, 1, List.of("Magento_Backend::all"));
		magento.access(second, 0, List.of("Magento_Customer::customer", "Magento_Customer::manage"));
		return new Files(magento.writeDump(directory), magento.writeEnv(directory));
	}

	/** One active integration declared by a module's config (setup type 1) with an empty email, as Magento keeps it. */
	public static Files declaredWithoutEmail(Path directory, String name) throws Exception {
		MagentoFixture magento = new MagentoFixture();
		MagentoFixture.Entry entry = magento.access(name, 1, List.of("Magento_Catalog::products"));
		magento.entries.set(0, new MagentoFixture.Entry(entry.id(), entry.name(), "", null, null, 1, 1,
				entry.consumerKey(), entry.consumerSecret(), 1, entry.consumerUpdatedAt(), entry.token(), entry.resources()));
		return new Files(magento.writeDump(directory), magento.writeEnv(directory));
	}

}
