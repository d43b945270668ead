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
 * Ids are Keyway's; load the file into a Magento whose integration tables are empty. Timestamps
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

	/** Writes the file (which must not exist yet) and returns how many integrations it holds. */
	public int run(Path target, Path envPhp) {
		MagentoEncryptor encryptor = new MagentoEncryptor(MagentoKeys.fromEnvFile(envPhp));
		List<String> integrationRows = new ArrayList<>();
		List<String> consumerRows = new ArrayList<>();
		List<String> tokenRows = new ArrayList<>();
		List<String> roleRows = new ArrayList<>();
		List<String> ruleRows = new ArrayList<>();
		long tokenId = 1;
		long ruleId = 1;
		for (Integration summary : all()) {
			Integration integration = this.integrations.get(summary.id());
			ExistingCredentials credentials = this.consumers.export(integration.consumerId());
			long consumerId = integration.consumerId();
			Instant updated = (credentials.exchangeStartedAt() != null) ? credentials.exchangeStartedAt()
					: credentials.createdAt();
			consumerRows.add(row(consumerId, time(credentials.createdAt()), time(updated), "Integration" + consumerId,
					credentials.consumerKey(), encryptor.encrypt(credentials.consumerSecret()), null, ""));
			integrationRows.add(row(integration.id(), integration.name(), integration.email(), integration.endpoint(),
					integration.status().code(), consumerId, time(integration.createdAt()), time(integration.updatedAt()),
					0, integration.identityLinkUrl()));
			ExistingCredentials.Token token = credentials.token();
			if (token != null) {
				boolean verifier = token.type() == dev.keyway.oauth.TokenType.VERIFIER;
				// Magento's row always has a token and a secret; at the verifier stage Keyway keeps none, so fresh
				// random ones stand in (Magento replaces both when the request token is issued)
				String value = verifier ? MagentoExport.randomToken() : token.value();
				String secret = verifier ? MagentoExport.randomToken() : token.secret();
				tokenRows.add(row(tokenId++, consumerId, null, null, token.type().name().toLowerCase(Locale.ROOT), value,
						encryptor.encrypt(secret), token.verifier(), "oob", token.revoked() ? 1 : 0,
						(token.type() == dev.keyway.oauth.TokenType.ACCESS) ? 1 : 0, 1, time(token.createdAt())));
			}
			long roleId = integration.id();
			roleRows.add(row(roleId, 0, 1, 0, "U", integration.id(), "1", integration.name()));
			Grant grant = integration.grant();
			List<String> resources = grant.all() ? List.of(Grant.ALL_RESOURCE) : List.copyOf(grant.resources());
			for (String resource : resources) {
				ruleRows.add(row(ruleId++, roleId, resource, null, "allow"));
			}
		}
		try (Writer out = Files.newBufferedWriter(target, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW)) {
			out.write("-- Keyway export of integrations in Magento 2.4's tables\n");
			out.write("/*!40103 SET TIME_ZONE='+00:00' */;\n/*!40101 SET NAMES utf8mb4 */;\n");
			out.write(tables());
			insert(out, "oauth_consumer", "`entity_id`, `created_at`, `updated_at`, `name`, `key`, `secret`, "
					+ "`callback_url`, `rejected_callback_url`", consumerRows);
			insert(out, "oauth_token", "`entity_id`, `consumer_id`, `admin_id`, `customer_id`, `type`, `token`, `secret`, "
					+ "`verifier`, `callback_url`, `revoked`, `authorized`, `user_type`, `created_at`", tokenRows);
			insert(out, "integration", "`integration_id`, `name`, `email`, `endpoint`, `status`, `consumer_id`, "
					+ "`created_at`, `updated_at`, `setup_type`, `identity_link_url`", integrationRows);
			insert(out, "authorization_role", "`role_id`, `parent_id`, `tree_level`, `sort_order`, `role_type`, `user_id`, "
					+ "`user_type`, `role_name`", roleRows);
			insert(out, "authorization_rule", "`rule_id`, `role_id`, `resource_id`, `privileges`, `permission`", ruleRows);
			out.write("-- Dump completed\n");
		}
		catch (IOException ex) {
			throw new MagentoImportException("Cannot write the export file " + target + ": " + ex.getMessage(), ex);
		}
		return integrationRows.size();
	}

	private static String tables() throws IOException {
		try (var in = MagentoExport.class.getResourceAsStream("/migration/magento-tables.sql")) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
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

	private static void insert(Writer out, String table, String columns, List<String> rows) throws IOException {
		for (String row : rows) {
			out.write("INSERT INTO `" + table + "` (" + columns + ") VALUES " + row + ";\n");
		}
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
