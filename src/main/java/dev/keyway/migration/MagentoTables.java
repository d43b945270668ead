package dev.keyway.migration;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The rows of Magento's tables an import needs, each row as column name → value as text (null for
 * SQL NULL), whatever the source (a {@code mysqldump} file or a live database).
 */
record MagentoTables(Map<String, List<Map<String, String>>> rows) {

	static final String INTEGRATION = "integration";

	static final String CONSUMER = "oauth_consumer";

	static final String TOKEN = "oauth_token";

	static final String ROLE = "authorization_role";

	static final String RULE = "authorization_rule";

	/** Every table read, in the order an import uses them. */
	static final List<String> NAMES = List.of(INTEGRATION, CONSUMER, TOKEN, ROLE, RULE);

	/** The columns each table must have (Magento 2.3/2.4 schema); others are ignored. */
	static final Map<String, Set<String>> REQUIRED_COLUMNS = Map.of(
			INTEGRATION, Set.of("integration_id", "name", "email", "endpoint", "status", "consumer_id", "setup_type",
					"identity_link_url"),
			CONSUMER, Set.of("entity_id", "key", "secret", "created_at", "updated_at"),
			TOKEN, Set.of("entity_id", "consumer_id", "type", "token", "secret", "verifier", "revoked", "authorized",
					"user_type", "created_at"),
			ROLE, Set.of("role_id", "role_type", "user_id", "user_type"),
			RULE, Set.of("role_id", "resource_id", "permission"));

	MagentoTables {
		Map<String, List<Map<String, String>>> copy = new LinkedHashMap<>();
		rows.forEach((table, list) -> copy.put(table, List.copyOf(list)));
		rows = copy;
	}

	List<Map<String, String>> of(String table) {
		return this.rows.getOrDefault(table, List.of());
	}

	/** Fails naming the table and the column when a source lacks what the import reads. */
	static void checkColumns(String table, Set<String> columns, String source) {
		for (String column : REQUIRED_COLUMNS.get(table)) {
			if (!columns.contains(column)) {
				throw new MagentoImportException("Table " + table + " in " + source + " has no column '" + column
						+ "'; a Magento 2.3/2.4 schema is expected (columns found: " + String.join(", ", columns) + ")");
			}
		}
	}

	/**
	 * The table prefix under which {@code tableNames} (a dump's or a database's tables) hold all five
	 * tables, when it is another than {@code given} (null: none): the operator gave the wrong prefix, or
	 * none. Empty when no such prefix exists.
	 */
	static Optional<String> otherPrefix(Collection<String> tableNames, String given) {
		Set<String> names = tableNames.stream().map((name) -> name.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
		// the prefix compared as written: MySQL on Linux tells MG_ from mg_, and so do the readers (a review)
		String current = (given != null) ? given : "";
		return tableNames.stream()
			.filter((name) -> name.toLowerCase(Locale.ROOT).endsWith(INTEGRATION))
			.map((name) -> name.substring(0, name.length() - INTEGRATION.length()))
			.filter((prefix) -> !prefix.equals(current))
			.filter((prefix) -> NAMES.stream().allMatch((table) -> names.contains((prefix + table).toLowerCase(Locale.ROOT))))
			.sorted()
			.findFirst();
	}

	/** What a refusal adds when the tables are there under {@code prefix}: the prefix to give instead. */
	static String prefixHint(String prefix) {
		if (prefix.isEmpty()) {
			return "; the five tables are there without a table prefix: give none (leave out --table-prefix)";
		}
		String shown = MysqlDumpReader.bounded(prefix);
		return "; the five tables are there with the table prefix '" + shown + "': give it (--table-prefix=" + shown + ")";
	}

	@Override
	public String toString() {
		StringBuilder text = new StringBuilder("MagentoTables[");
		this.rows.forEach((table, list) -> text.append(table).append('=').append(list.size()).append(" row(s) "));
		return text.append("values hidden]").toString();
	}

}
