package dev.keyway.migration;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.keyway.acl.AclTree;
import dev.keyway.audit.Actor;
import dev.keyway.audit.AuditTrail;
import dev.keyway.integration.Integration;
import dev.keyway.integration.IntegrationDraft;
import dev.keyway.integration.IntegrationException;
import dev.keyway.integration.IntegrationService;
import dev.keyway.oauth.ConsumerService;
import dev.keyway.oauth.NewConsumer;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Takes over a Magento deployment's integrations (issue 18) in one transaction: each consumer with
 * its key, secret and token record as Magento issued them, each integration with its fields, status
 * and grant, one {@code integration.import} audit entry per integration and one
 * {@code magento.import} entry for the whole. Any failure (a name or key collision, an unknown
 * resource, a value that does not decrypt) rolls everything back. A dry run does the same work and
 * rolls back at the end, so it reports exactly what the import would do, collisions included.
 */
@Service
public class MagentoImport {

	/**
	 * Where to read Magento's tables: a mysqldump file, or a live database.
	 * @param dumpName how messages name the dump (an upload's own file name, not the temporary file it
	 * was copied to); null: its path
	 */
	public record Source(Path dump, String jdbcUrl, String jdbcUser, String jdbcPassword, String tablePrefix,
			String dumpName) {

		public Source(Path dump, String jdbcUrl, String jdbcUser, String jdbcPassword, String tablePrefix) {
			this(dump, jdbcUrl, jdbcUser, jdbcPassword, tablePrefix, null);
		}

		/** The dump as messages name it. */
		String dumpLabel() {
			return (this.dumpName != null) ? this.dumpName : String.valueOf(this.dump);
		}

		@Override
		public String toString() {
			return (this.dump != null) ? "dump " + dumpLabel() : "database " + MagentoJdbcReader.withoutPassword(this.jdbcUrl);
		}

	}

	/**
	 * @param skipUnknownResources import integrations whose roles name resources Keyway's tree lacks,
	 * without those resources (each named in the report); by default such an import stops
	 */
	public record Options(boolean dryRun, boolean skipUnknownResources) {
	}

	/**
	 * Where Magento's deployment keys come from: the {@code app/etc/env.php} file, or the value of its
	 * {@code 'crypt' => ['key' => ...]} entry as pasted in the admin (several keys separated by white space).
	 */
	public sealed interface Keys {

		/**
		 * @param name how messages name the file (an upload's own file name, not the temporary file it
		 * was copied to); null: its path
		 */
		record EnvFile(Path path, String name) implements Keys {

			public EnvFile(Path path) {
				this(path, null);
			}

			String label() {
				return (this.name != null) ? this.name : String.valueOf(this.path);
			}

		}

		record CryptKey(String value) implements Keys {

			@Override
			public String toString() {
				return "CryptKey[value hidden]";
			}

		}

	}

	private static final Actor ACTOR = Actor.system("magento-import");

	private final ConsumerService consumers;

	private final IntegrationService integrations;

	private final AclTree tree;

	private final AuditTrail audit;

	private final TransactionTemplate transaction;

	MagentoImport(ConsumerService consumers, IntegrationService integrations, AclTree tree, AuditTrail audit,
			TransactionTemplate transaction) {
		this.consumers = consumers;
		this.integrations = integrations;
		this.tree = tree;
		this.audit = audit;
		this.transaction = transaction;
	}

	/** The command line's import: audited as the system actor {@code magento-import}. */
	public ImportReport run(Source source, Path envPhp, Options options) {
		return run(source, new Keys.EnvFile(envPhp), options, ACTOR);
	}

	/**
	 * An import on behalf of {@code actor} (the admin page's upload: the signed-in admin), the same
	 * work and audit entries as the command line's.
	 */
	public ImportReport run(Source source, Keys keys, Options options, Actor actor) {
		MagentoKeys magentoKeys = (keys instanceof Keys.EnvFile file) ? MagentoKeys.fromEnvFile(file.path(), file.label())
				: MagentoKeys.parse(((Keys.CryptKey) keys).value());
		MagentoTables tables = (source.dump() != null) ? new MysqlDumpReader(source.tablePrefix()).read(source.dump(), source.dumpLabel())
				: new MagentoJdbcReader(source.tablePrefix()).read(source.jdbcUrl(), source.jdbcUser(),
						source.jdbcPassword());
		return run(tables, magentoKeys, options, actor);
	}

	ImportReport run(MagentoTables tables, MagentoKeys keys, Options options) {
		return run(tables, keys, options, ACTOR);
	}

	private ImportReport run(MagentoTables tables, MagentoKeys keys, Options options, Actor actor) {
		MagentoModel.Reading reading = new MagentoModel(new MagentoDecryptor(keys)).read(tables);
		List<String> notes = new ArrayList<>(reading.notes());
		List<MagentoIntegration> toImport = new ArrayList<>();
		List<String> unknownReport = new ArrayList<>();
		for (MagentoIntegration integration : reading.integrations()) {
			List<String> unknown = this.tree.unknown(integration.resources());
			if (unknown.isEmpty()) {
				toImport.add(integration);
				continue;
			}
			unknownReport.add("integration " + integration.magentoId() + " ('" + integration.name() + "'): "
					+ String.join(", ", unknown));
			List<String> known = new ArrayList<>(integration.resources());
			known.removeAll(unknown);
			toImport.add(new MagentoIntegration(integration.magentoId(), integration.name(), integration.email(),
					integration.endpoint(), integration.identityLinkUrl(), integration.status(),
					integration.configDeclared(), integration.credentials(), false, known));
		}
		if (!unknownReport.isEmpty()) {
			if (!options.skipUnknownResources()) {
				throw new MagentoImportException("Resources unknown to Keyway's ACL tree are granted in Magento; nothing "
						+ "was imported. Rerun with --skip-unknown-resources to import these integrations without "
						+ "them: " + String.join("; ", unknownReport));
			}
			unknownReport.forEach((line) -> notes.add("not granted (unknown to Keyway's ACL tree): " + line));
		}
		List<ImportReport.Line> lines = this.transaction.execute((status) -> {
			List<ImportReport.Line> imported = new ArrayList<>();
			for (MagentoIntegration integration : toImport) {
				imported.add(adopt(integration, actor));
			}
			Map<String, Object> summary = new LinkedHashMap<>();
			summary.put("integrations", imported.stream().map(ImportReport.Line::name).toList());
			summary.put("notes", notes);
			this.audit.record(actor, "magento.import", new AuditTrail.Subject("import", null, "Magento"), null, summary);
			if (options.dryRun()) {
				status.setRollbackOnly();
			}
			return imported;
		});
		return new ImportReport(options.dryRun(), lines, List.copyOf(notes));
	}

	private ImportReport.Line adopt(MagentoIntegration magento, Actor actor) {
		String where = "integration " + magento.magentoId() + " ('" + magento.name() + "')";
		NewConsumer consumer;
		try {
			consumer = this.consumers.adopt(magento.credentials());
		}
		catch (DataIntegrityViolationException ex) {
			String text = String.valueOf(ex.getMostSpecificCause().getMessage()).toLowerCase(Locale.ROOT);
			if (text.contains("uq_oauth_consumers_key")) {
				throw new MagentoImportException("The consumer key " + magento.credentials().consumerKey() + " of " + where
						+ " is already registered in Keyway (imported before?); nothing was imported", ex);
			}
			throw new MagentoImportException("The consumer of " + where + " cannot be stored: "
					+ ex.getMostSpecificCause().getMessage(), ex);
		}
		IntegrationDraft draft = new IntegrationDraft(magento.name(), magento.email(), magento.endpoint(),
				magento.identityLinkUrl(), magento.all(), magento.resources(), true);
		Integration adopted;
		try {
			adopted = this.integrations.adopt(draft, magento.status(), consumer.id(), actor);
		}
		catch (IntegrationException ex) {
			// the message already holds every field's error (IntegrationException.invalid): once, not twice
			throw new MagentoImportException(where + " cannot be imported: " + ex.getMessage() + "; nothing was imported", ex);
		}
		String stage = (magento.credentials().token() != null)
				? magento.credentials().token().type().name().toLowerCase(Locale.ROOT)
						+ (magento.credentials().token().revoked() ? " (revoked)" : "")
				: "none";
		String grant = adopted.grant().all() ? "All" : adopted.grant().resources().size() + " listed";
		return new ImportReport.Line(magento.magentoId(), adopted.id(), adopted.name(), adopted.status().label(),
				consumer.key(), stage, grant);
	}

}
