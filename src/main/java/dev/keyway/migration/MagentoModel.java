package dev.keyway.migration;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.keyway.acl.Grant;
import dev.keyway.integration.IntegrationStatus;
import dev.keyway.oauth.ExistingCredentials;
import dev.keyway.oauth.TokenType;

/**
 * Turns Magento's rows into integrations to take over (Magento 2.3/2.4 schema):
 * <ul>
 * <li>{@code integration}: status 0 inactive, 1 active, 2 recalled (Keyway's Reset); setup type 0
 * manual, 1 declared by a module's config;</li>
 * <li>{@code oauth_consumer} by {@code integration.consumer_id}: key and secret;</li>
 * <li>{@code oauth_token} of that consumer with {@code user_type} 1 (Magento's
 * {@code UserContextInterface::USER_TYPE_INTEGRATION}): Magento keeps one row per consumer, moved from
 * {@code verifier} to {@code request} to {@code access}, like Keyway's single token record;</li>
 * <li>the grant: the {@code authorization_role} with {@code role_type} 'U', {@code user_type} 1 and
 * {@code user_id} = the integration id, and its {@code authorization_rule} rows with permission
 * 'allow'; {@code Magento_Backend::all} means All.</li>
 * </ul>
 * Secrets stored in clear (older 2.x) are taken as they are; encrypted ones are decrypted.
 */
final class MagentoModel {

	static final String USER_TYPE_INTEGRATION = "1";

	private final MagentoDecryptor decryptor;

	MagentoModel(MagentoDecryptor decryptor) {
		this.decryptor = decryptor;
	}

	/** What the rows hold, with what the import had to leave out or change, named in {@code notes}. */
	record Reading(List<MagentoIntegration> integrations, List<String> notes) {
	}

	Reading read(MagentoTables tables) {
		Map<String, Map<String, String>> consumers = index(tables.of(MagentoTables.CONSUMER), "entity_id");
		Map<String, List<Map<String, String>>> tokens = group(tables.of(MagentoTables.TOKEN), "consumer_id");
		Map<String, String> roleOfIntegration = new HashMap<>();
		for (Map<String, String> role : tables.of(MagentoTables.ROLE)) {
			if ("U".equals(role.get("role_type")) && USER_TYPE_INTEGRATION.equals(role.get("user_type"))) {
				roleOfIntegration.put(role.get("user_id"), role.get("role_id"));
			}
		}
		Map<String, List<Map<String, String>>> rules = group(tables.of(MagentoTables.RULE), "role_id");
		List<MagentoIntegration> integrations = new ArrayList<>();
		List<String> notes = new ArrayList<>();
		List<Map<String, String>> rows = new ArrayList<>(tables.of(MagentoTables.INTEGRATION));
		rows.sort(Comparator.comparingLong((row) -> number(row, "integration_id", "integration")));
		for (Map<String, String> row : rows) {
			long id = number(row, "integration_id", "integration");
			String name = row.get("name");
			String where = "integration " + id + " ('" + name + "')";
			Map<String, String> consumer = consumers.get(row.get("consumer_id"));
			if (consumer == null) {
				throw new MagentoImportException(where + " refers to consumer_id " + row.get("consumer_id")
						+ ", which oauth_consumer does not hold; the dump or database is incomplete");
			}
			String secret = clear(consumer.get("secret"), "oauth_consumer.secret of " + where);
			ExistingCredentials.Token token = token(tokens.getOrDefault(consumer.get("entity_id"), List.of()), where,
					notes);
			Instant created = instant(consumer.get("created_at"));
			Instant updated = Optional.ofNullable(instant(consumer.get("updated_at"))).orElse(created);
			ExistingCredentials credentials = new ExistingCredentials(consumer.get("key"), secret,
					(created != null) ? created : Instant.EPOCH, updated, token);
			boolean configDeclared = "1".equals(row.get("setup_type"));
			if (configDeclared) {
				notes.add(where + " was declared by a Magento module's config (setup type 1); it is imported as a "
						+ "manual integration: declare it in Keyway's integrations file to make it read-only again");
			}
			List<String> allowed = new ArrayList<>();
			String role = roleOfIntegration.get(Long.toString(id));
			if (role != null) {
				for (Map<String, String> rule : rules.getOrDefault(role, List.of())) {
					if ("allow".equals(rule.get("permission"))) {
						allowed.add(rule.get("resource_id"));
					}
				}
			}
			boolean all = allowed.contains(Grant.ALL_RESOURCE);
			integrations.add(new MagentoIntegration(id, name, row.get("email"), row.get("endpoint"),
					row.get("identity_link_url"), status(row.get("status"), where), configDeclared, credentials, all,
					all ? List.of() : List.copyOf(allowed)));
		}
		return new Reading(List.copyOf(integrations), List.copyOf(notes));
	}

	/**
	 * The consumer's integration token: Magento keeps one row per consumer; should a database hold
	 * several, the most advanced stage is kept (access, then request, then verifier) and the others named.
	 */
	private ExistingCredentials.Token token(List<Map<String, String>> rows, String where, List<String> notes) {
		List<Map<String, String>> own = rows.stream()
			.filter((row) -> row.get("user_type") == null || USER_TYPE_INTEGRATION.equals(row.get("user_type")))
			.sorted(Comparator.comparingInt((Map<String, String> row) -> stage(row, where)).reversed()
				.thenComparing((row) -> "1".equals(row.get("revoked")))
				.thenComparing(Comparator.comparingLong((Map<String, String> row) -> number(row, "entity_id", "oauth_token")).reversed()))
			.toList();
		if (own.isEmpty()) {
			return null;
		}
		for (Map<String, String> extra : own.subList(1, own.size())) {
			notes.add(where + ": oauth_token " + extra.get("entity_id") + " (" + extra.get("type")
					+ ") is not imported; Keyway keeps one token record per consumer and kept oauth_token "
					+ own.get(0).get("entity_id") + " (" + own.get(0).get("type") + ")");
		}
		Map<String, String> row = own.get(0);
		TokenType type = TokenType.valueOf(row.get("type").toUpperCase(java.util.Locale.ROOT));
		String what = "oauth_token " + row.get("entity_id") + " of " + where;
		boolean verifier = type == TokenType.VERIFIER;
		return new ExistingCredentials.Token(type, verifier ? null : clear(row.get("token"), what + " (token)"),
				verifier ? null : clear(row.get("secret"), what + " (secret)"), clear(row.get("verifier"), what + " (verifier)"),
				"1".equals(row.get("revoked")), Optional.ofNullable(instant(row.get("created_at"))).orElse(Instant.EPOCH));
	}

	private static int stage(Map<String, String> row, String where) {
		return switch (String.valueOf(row.get("type"))) {
			case "verifier" -> 0;
			case "request" -> 1;
			case "access" -> 2;
			default -> throw new MagentoImportException("oauth_token " + row.get("entity_id") + " of " + where
					+ " has type '" + MysqlDumpReader.bounded(String.valueOf(row.get("type")))
					+ "'; Magento writes 'verifier', 'request' or 'access'");
		};
	}

	private String clear(String value, String what) {
		if (value == null) {
			throw new MagentoImportException(what + " is empty (NULL); Magento always stores one");
		}
		return MagentoDecryptor.looksEncrypted(value) ? this.decryptor.decrypt(value, what) : value;
	}

	private static IntegrationStatus status(String value, String where) {
		try {
			return IntegrationStatus.ofCode(Integer.parseInt(value));
		}
		catch (IllegalArgumentException ex) {
			throw new MagentoImportException(where + " has status '" + value
					+ "'; Magento writes 0 (inactive), 1 (active) or 2 (recalled)");
		}
	}

	private static long number(Map<String, String> row, String column, String table) {
		try {
			return Long.parseLong(row.get(column));
		}
		catch (NumberFormatException ex) {
			throw new MagentoImportException(table + "." + column + " holds '" + MysqlDumpReader.bounded(String.valueOf(row.get(column)))
					+ "', not a number");
		}
	}

	/** Magento's timestamps are UTC (mysqldump and the live reader both set the session to +00:00). */
	static Instant instant(String value) {
		if (value == null || value.isBlank() || value.startsWith("0000")) {
			return null;
		}
		try {
			String text = value.strip().replace(' ', 'T');
			return LocalDateTime.parse((text.length() > 19) ? text.substring(0, 19) : text).toInstant(ZoneOffset.UTC);
		}
		catch (DateTimeParseException ex) {
			throw new MagentoImportException("'" + MysqlDumpReader.bounded(value) + "' is not a MySQL timestamp");
		}
	}

	private static Map<String, Map<String, String>> index(List<Map<String, String>> rows, String column) {
		Map<String, Map<String, String>> index = new HashMap<>();
		rows.forEach((row) -> index.put(row.get(column), row));
		return index;
	}

	private static Map<String, List<Map<String, String>>> group(List<Map<String, String>> rows, String column) {
		Map<String, List<Map<String, String>>> groups = new HashMap<>();
		rows.forEach((row) -> groups.computeIfAbsent(row.get(column), (k) -> new ArrayList<>()).add(row));
		return groups;
	}

}
