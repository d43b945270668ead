package dev.keyway.migration;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import dev.keyway.acl.Grant;
import dev.keyway.integration.Integration;
import dev.keyway.integration.IntegrationPage;
import dev.keyway.integration.IntegrationQuery;
import dev.keyway.integration.IntegrationService;
import dev.keyway.oauth.ConsumerService;
import dev.keyway.oauth.ExistingCredentials;

import org.springframework.stereotype.Service;

/**
 * Writes Keyway's integrations back as Magento's tables (issue 18.2), so a merchant can leave as
 * easily as they came: a SQL file of {@code INSERT}s (with column lists) into {@code integration},
 * {@code oauth_consumer}, {@code oauth_token}, {@code authorization_role} and
 * {@code authorization_rule}, secrets encrypted as Magento 2.4 does under env.php's current key.
 * Ids are Magento's to assign by default ({@link Ids#AUTO}), or Keyway's ({@link Ids#KEEP}). Timestamps
 * are UTC ({@code SET TIME_ZONE='+00:00'}, as mysqldump writes).
 */
@Service
public class MagentoExport {

	private static final DateTimeFormatter MYSQL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
		.withZone(ZoneOffset.UTC);

	private final IntegrationService integrations;

	private final ConsumerService consumers;

	MagentoExport(IntegrationService integrations, ConsumerService consumers) {
		this.integrations = integrations;
		this.consumers = consumers;
	}

	/**
	 * How the file names rows (issue 18): {@code AUTO} lets Magento number them (no id is written; each
	 * integration's rows are linked with {@code LAST_INSERT_ID()}), so the file loads into a Magento
	 * that already has rows (every installation has admin roles and rules, most have admin tokens);
	 * {@code KEEP} writes Keyway's ids (integration, consumer, role = integration id; tokens and rules
	 * numbered from 1), a file {@code import-magento} reads back, for tables without those ids.
	 */
	public enum Ids {

		AUTO, KEEP

	}

	private static final String CONSUMER_COLUMNS = "`created_at`, `updated_at`, `name`, `key`, `secret`, `callback_url`, "
			+ "`rejected_callback_url`";

	private static final String TOKEN_COLUMNS = "`consumer_id`, `admin_id`, `customer_id`, `type`, `token`, `secret`, "
			+ "`verifier`, `callback_url`, `revoked`, `authorized`, `user_type`, `created_at`";

	private static final String INTEGRATION_COLUMNS = "`name`, `email`, `endpoint`, `status`, `consumer_id`, "
			+ "`created_at`, `updated_at`, `setup_type`, `identity_link_url`";

	private static final String ROLE_COLUMNS = "`parent_id`, `tree_level`, `sort_order`, `role_type`, `user_id`, "
			+ "`user_type`, `role_name`";

	private static final String RULE_COLUMNS = "`role_id`, `resource_id`, `privileges`, `permission`";

	/** A MySQL expression written as it is (a session variable), not quoted as a value. */
	private record Expression(String sql) {
	}

	private static final Expression CONSUMER = new Expression("@keyway_consumer_id");

	private static final Expression INTEGRATION = new Expression("@keyway_integration_id");

	private static final Expression ROLE = new Expression("@keyway_role_id");

	/** Writes the file with Keyway's ids ({@link Ids#KEEP}). */
	public int run(Path target, Path envPhp) {
		return run(target, envPhp, Ids.KEEP);
	}

	/** Writes the file (which must not exist yet) for tables without a prefix. */
	public int run(Path target, Path envPhp, Ids ids) {
		return run(target, envPhp, ids, "");
	}

	/**
	 * Writes the file (which must not exist yet) and returns how many integrations it holds.
	 * @param prefix the Magento's table prefix ({@code db/table_prefix} in env.php), checked by
	 * {@link #checkPrefix}; empty for none
	 */
	public int run(Path target, Path envPhp, Ids ids, String tablePrefix) {
		String prefix = (tablePrefix != null) ? tablePrefix : "";
		checkPrefix(prefix);
		MagentoEncryptor encryptor = new MagentoEncryptor(MagentoKeys.fromEnvFile(envPhp));
		List<String> integrationRows = new ArrayList<>();
		List<String> consumerRows = new ArrayList<>();
		List<String> tokenRows = new ArrayList<>();
		List<String> roleRows = new ArrayList<>();
		List<String> ruleRows = new ArrayList<>();
		StringBuilder linked = new StringBuilder();
		long tokenId = 1;
		long ruleId = 1;
		int count = 0;
		for (Integration summary : all()) {
			count++;
			Integration integration = this.integrations.get(summary.id());
			ExistingCredentials credentials = this.consumers.export(integration.consumerId());
			long consumerId = integration.consumerId();
			Instant updated = (credentials.exchangeStartedAt() != null) ? credentials.exchangeStartedAt()
					: credentials.createdAt();
			Object[] consumer = { time(credentials.createdAt()), time(updated), "Integration" + consumerId,
					credentials.consumerKey(), encryptor.encrypt(credentials.consumerSecret()), null, "" };
			// Magento's integration.email is NOT NULL: an integration without one is written with '' (as Magento
			// keeps a config-declared integration's), else the mariadb client stops the whole file at that row
			Object[] row = { integration.name(), (integration.email() != null) ? integration.email() : "", integration.endpoint(),
					integration.status().code(), consumerId, time(integration.createdAt()), time(integration.updatedAt()),
					0, integration.identityLinkUrl() };
			Object[] token = null;
			ExistingCredentials.Token issued = credentials.token();
			if (issued != null) {
				boolean verifier = issued.type() == dev.keyway.oauth.TokenType.VERIFIER;
				// Magento's row always has a token and a secret; at the verifier stage Keyway keeps none, so fresh
				// random ones stand in (Magento replaces both when the request token is issued)
				String value = verifier ? MagentoExport.randomToken() : issued.value();
				String secret = verifier ? MagentoExport.randomToken() : issued.secret();
				token = new Object[] { consumerId, null, null, issued.type().name().toLowerCase(Locale.ROOT), value,
						encryptor.encrypt(secret), issued.verifier(), "oob", issued.revoked() ? 1 : 0,
						(issued.type() == dev.keyway.oauth.TokenType.ACCESS) ? 1 : 0, 1, time(issued.createdAt()) };
			}
			// Magento names an integration's role by the integration's id (AuthorizationService::_createRole); its
			// role_name is a varchar(50), which a longer integration name overflowed (a review)
			Object[] role = { 0, 1, 0, "U", integration.id(), "1", Long.toString(integration.id()) };
			Grant grant = integration.grant();
			List<String> resources = grant.all() ? List.of(Grant.ALL_RESOURCE) : List.copyOf(grant.resources());
			if (ids == Ids.AUTO) {
				row[4] = CONSUMER;
				role[4] = INTEGRATION;
				role[6] = INTEGRATION;
				linked.append(insert(prefix + "oauth_consumer", CONSUMER_COLUMNS, row(consumer)))
					.append("SET ").append(CONSUMER.sql()).append(" = LAST_INSERT_ID();\n")
					.append(insert(prefix + "integration", INTEGRATION_COLUMNS, row(row)))
					.append("SET ").append(INTEGRATION.sql()).append(" = LAST_INSERT_ID();\n");
				if (token != null) {
					token[0] = CONSUMER;
					linked.append(insert(prefix + "oauth_token", TOKEN_COLUMNS, row(token)));
				}
				linked.append(insert(prefix + "authorization_role", ROLE_COLUMNS, row(role)))
					.append("SET ").append(ROLE.sql()).append(" = LAST_INSERT_ID();\n");
				for (String resource : resources) {
					linked.append(insert(prefix + "authorization_rule", RULE_COLUMNS, row(ROLE, resource, null, "allow")));
				}
				continue;
			}
			consumerRows.add(row(prepend(consumerId, consumer)));
			integrationRows.add(row(prepend(integration.id(), row)));
			if (token != null) {
				tokenRows.add(row(prepend(tokenId++, token)));
			}
			long roleId = integration.id();
			roleRows.add(row(prepend(roleId, role)));
			for (String resource : resources) {
				ruleRows.add(row(ruleId++, roleId, resource, null, "allow"));
			}
		}
		try (Writer out = Files.newBufferedWriter(target, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW)) {
			out.write("-- Keyway export of integrations in Magento 2.4's tables"
					+ ((ids == Ids.AUTO) ? " (ids assigned by Magento)" : " (Keyway's ids)") + "\n");
			out.write("/*!40103 SET TIME_ZONE='+00:00' */;\n/*!40101 SET NAMES utf8mb4 */;\n");
			out.write(tables(prefix));
			// after the CREATE TABLEs (each commits): the mariadb client stops at the first failing statement
			// (a key or name Magento already has) and the open transaction is rolled back, so nothing is loaded
			out.write("START TRANSACTION;\n");
			if (ids == Ids.AUTO) {
				out.write(linked.toString());
			}
			else {
				insertAll(out, prefix + "oauth_consumer", "`entity_id`, " + CONSUMER_COLUMNS, consumerRows);
				insertAll(out, prefix + "oauth_token", "`entity_id`, " + TOKEN_COLUMNS, tokenRows);
				insertAll(out, prefix + "integration", "`integration_id`, " + INTEGRATION_COLUMNS, integrationRows);
				insertAll(out, prefix + "authorization_role", "`role_id`, " + ROLE_COLUMNS, roleRows);
				insertAll(out, prefix + "authorization_rule", "`rule_id`, " + RULE_COLUMNS, ruleRows);
			}
			out.write("COMMIT;\n");
			out.write("-- Dump completed\n");
		}
		catch (IOException ex) {
			throw new MagentoImportException("Cannot write the export file " + target + ": " + ex.getMessage(), ex);
		}
		return count;
	}

	private static Object[] prepend(Object id, Object[] values) {
		Object[] all = new Object[values.length + 1];
		all[0] = id;
		System.arraycopy(values, 0, all, 1, values.length);
		return all;
	}

	private static String tables(String prefix) throws IOException {
		try (var in = MagentoExport.class.getResourceAsStream("/migration/magento-tables.sql")) {
			String tables = new String(in.readAllBytes(), StandardCharsets.UTF_8);
			for (String table : MagentoTables.NAMES) {
				tables = tables.replace("CREATE TABLE IF NOT EXISTS `" + table + "`",
						"CREATE TABLE IF NOT EXISTS `" + prefix + table + "`");
			}
			return tables;
		}
	}

	/**
	 * A table prefix written into the file's statements: a letter, then letters, digits and underscores, as
	 * Magento's installer takes it (which also keeps it to 5 characters; a longer one set in env.php by hand works).
	 */
	private static final java.util.regex.Pattern PREFIX = java.util.regex.Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,31}");

	/** Refuses a prefix Magento would not have (it is written into the file's statements), naming the rule. */
	static void checkPrefix(String prefix) {
		if (!prefix.isEmpty() && !PREFIX.matcher(prefix).matches()) {
			throw new MagentoImportException("The table prefix must be a letter followed by up to 31 letters, digits or "
					+ "underscores (Magento's installer takes 2 to 5 of them); got '" + MysqlDumpReader.bounded(prefix) + "'.");
		}
	}

	private List<Integration> all() {
		List<Integration> all = new ArrayList<>();
		for (int page = 1;; page++) {
			IntegrationPage result = this.integrations
				.search(new IntegrationQuery(null, null, IntegrationQuery.Sort.ID, false, page, 200));
			all.addAll(result.items());
			if (result.items().size() < 200) {
				return all;
			}
		}
	}

	private static void insertAll(Writer out, String table, String columns, List<String> rows) throws IOException {
		for (String row : rows) {
			out.write(insert(table, columns, row));
		}
	}

	private static String insert(String table, String columns, String row) {
		return "INSERT INTO `" + table + "` (" + columns + ") VALUES " + row + ";\n";
	}

	private static String row(Object... values) {
		return java.util.Arrays.stream(values).map(MagentoExport::sql).collect(Collectors.joining(",", "(", ")"));
	}

	private static String sql(Object value) {
		if (value == null) {
			return "NULL";
		}
		if (value instanceof Number) {
			return value.toString();
		}
		if (value instanceof Expression expression) {
			return expression.sql();
		}
		StringBuilder quoted = new StringBuilder("'");
		for (char c : value.toString().toCharArray()) {
			switch (c) {
				case '\\' -> quoted.append("\\\\");
				case '\'' -> quoted.append("\\'");
				case '\0' -> quoted.append("\\0");
				case '\n' -> quoted.append("\\n");
				case '\r' -> quoted.append("\\r");
				default -> quoted.append(c);
			}
		}
		return quoted.append('\'').toString();
	}

	private static String time(Instant instant) {
		return (instant != null) ? MYSQL.format(instant) : null;
	}

	private static String randomToken() {
		String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
		java.security.SecureRandom random = new java.security.SecureRandom();
		StringBuilder token = new StringBuilder();
		for (int i = 0; i < 32; i++) {
			token.append(alphabet.charAt(random.nextInt(alphabet.length())));
		}
		return token.toString();
	}

}
