package dev.keyway.migration;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads Magento's tables from a live MySQL/MariaDB database (MariaDB's JDBC driver), read-only, in
 * one repeatable-read transaction so the five tables are one consistent snapshot; the session's
 * time zone is UTC, as in a {@code mysqldump} file, so timestamps read the same from both sources.
 */
final class MagentoJdbcReader {

	private final String prefix;

	MagentoJdbcReader(String tablePrefix) {
		this.prefix = (tablePrefix != null) ? tablePrefix : "";
	}

	MagentoTables read(String url, String user, String password) {
		String source = "the database " + withoutPassword(url);
		try (Connection connection = DriverManager.getConnection(url, user, password)) {
			connection.setReadOnly(true);
			connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
			connection.setAutoCommit(false);
			try (Statement statement = connection.createStatement()) {
				statement.execute("SET time_zone = '+00:00'");
				Map<String, List<Map<String, String>>> rows = new LinkedHashMap<>();
				for (String table : MagentoTables.NAMES) {
					try {
						rows.put(table, read(statement, table, source));
					}
					catch (SQLException ex) {
						throw new MagentoImportException("Cannot read Magento's tables from " + source + ": "
								+ ex.getMessage() + otherPrefix(statement).map(MagentoTables::prefixHint).orElse(""), ex);
					}
				}
				connection.rollback();
				return new MagentoTables(rows);
			}
		}
		catch (SQLException ex) {
			throw new MagentoImportException("Cannot read Magento's tables from " + source + ": " + ex.getMessage(), ex);
		}
	}

	private List<Map<String, String>> read(Statement statement, String table, String source) throws SQLException {
		List<Map<String, String>> rows = new ArrayList<>();
		// the table name is the fixed Magento name with the operator's --table-prefix, never a value from the data
		try (ResultSet result = statement.executeQuery("SELECT * FROM `" + this.prefix.replace("`", "") + table + "`")) {
			ResultSetMetaData meta = result.getMetaData();
			Set<String> columns = new LinkedHashSet<>();
			for (int i = 1; i <= meta.getColumnCount(); i++) {
				columns.add(meta.getColumnLabel(i));
			}
			MagentoTables.checkColumns(table, columns, source);
			while (result.next()) {
				Map<String, String> row = new LinkedHashMap<>();
				for (int i = 1; i <= meta.getColumnCount(); i++) {
					row.put(meta.getColumnLabel(i), result.getString(i));
				}
				rows.add(row);
			}
		}
		return rows;
	}

	/**
	 * The prefix under which the database holds the five tables, when a table was not found under the
	 * one given (information_schema lists the tables the user may read); empty when none or unknown.
	 */
	private Optional<String> otherPrefix(Statement statement) {
		List<String> tables = new ArrayList<>();
		try (ResultSet result = statement.executeQuery(
				"SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()")) {
			while (result.next()) {
				tables.add(result.getString(1));
			}
		}
		catch (SQLException ex) {
			return Optional.empty();
		}
		return MagentoTables.otherPrefix(tables, this.prefix);
	}

	/** The URL as it may be shown: a {@code password=} parameter is masked. */
	static String withoutPassword(String url) {
		return url.replaceAll("(?i)(password=)[^&;]*", "$1***").replaceAll("//([^/@:]+):[^/@]*@", "//$1:***@");
	}

}
