package dev.keyway.migration;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads Magento's tables from a {@code mysqldump} (or {@code mariadb-dump}) SQL file: the column
 * order from each {@code CREATE TABLE}, the rows from its {@code INSERT INTO ... VALUES (...),(...)}
 * statements (with or without a column list), the other statements skipped.
 * <p>
 * Hand-written rather than built on a general SQL parser (JSqlParser): only two statement shapes
 * that mysqldump itself writes are needed, MySQL's backslash escapes inside strings must be read
 * exactly as the server reads them ({@code \0 \' \" \b \n \r \t \Z \\}), and an extended INSERT of
 * thousands of rows is read in one pass without building a syntax tree per value.
 * <p>
 * A file that stops inside a statement, or a mysqldump file without its closing
 * {@code -- Dump completed} line, is refused as truncated; a file without a single CREATE TABLE or
 * INSERT statement (nor mysqldump's header) as not a MySQL dump.
 */
final class MysqlDumpReader {

	private static final Pattern CREATE = Pattern.compile("(?is)^CREATE\\s+TABLE\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?`?([^`\\s(]+)`?\\s*\\((.*)\\)[^)]*$");

	private static final Pattern INSERT = Pattern.compile("(?is)^(?:INSERT|REPLACE)\\s+(?:IGNORE\\s+)?INTO\\s+`?([^`\\s(]+)`?\\s*(\\([^)]*\\))?\\s*VALUES\\s*");

	private static final Pattern COLUMN_LINE = Pattern.compile("^\\s*`([^`]+)`\\s");

	private final String prefix;

	MysqlDumpReader(String tablePrefix) {
		this.prefix = (tablePrefix != null) ? tablePrefix : "";
	}

	MagentoTables read(Path file) {
		return read(file, file.toString());
	}

	/** Reads {@code file}; messages name it {@code name} (an upload's own name, not its temporary copy). */
	MagentoTables read(Path file, String name) {
		try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
			return read(reader, name);
		}
		catch (IOException ex) {
			throw new MagentoImportException("Cannot read the dump file " + name + ": " + ex.getMessage(), ex);
		}
	}

	MagentoTables read(Reader input, String source) throws IOException {
		Map<String, List<String>> columns = new HashMap<>();
		Map<String, List<Map<String, String>>> rows = new LinkedHashMap<>();
		List<String> created = new ArrayList<>();
		StatementSplitter splitter = new StatementSplitter(input);
		String statement;
		boolean sql = false;
		while ((statement = splitter.next()) != null) {
			Matcher create = CREATE.matcher(statement);
			sql |= create.lookingAt() || INSERT.matcher(statement).lookingAt();
			if (create.lookingAt()) {
				created.add(create.group(1));
			}
			if (create.lookingAt() && wanted(create.group(1)) != null) {
				columns.put(wanted(create.group(1)), columnsOf(create.group(2)));
				continue;
			}
			Matcher insert = INSERT.matcher(statement);
			if (insert.lookingAt() && wanted(insert.group(1)) != null) {
				String table = wanted(insert.group(1));
				List<String> names = (insert.group(2) != null) ? listedColumns(insert.group(2)) : columns.get(table);
				if (names == null) {
					throw new MagentoImportException("The dump " + source + " inserts into " + insert.group(1)
							+ " before its CREATE TABLE and without a column list; dump with mysqldump's defaults "
							+ "or --complete-insert");
				}
				List<Map<String, String>> target = rows.computeIfAbsent(table, (t) -> new ArrayList<>());
				new ValuesReader(statement, insert.end(), source).rows(names, target, insert.group(1));
			}
		}
		if (!sql && !splitter.mysqldumpHeader()) {
			// nothing read as SQL at all: "truncated" would send the admin looking for the missing end
			throw new MagentoImportException("The file " + source + " is not a MySQL dump: it holds no CREATE TABLE "
					+ "or INSERT statement; export Magento's database with mysqldump (or mariadb-dump) and use that file");
		}
		if (splitter.pending()) {
			throw new MagentoImportException("The dump " + source + " is truncated: it ends inside a statement ("
					+ head(splitter.rest()) + " ...)");
		}
		if (splitter.mysqldumpHeader() && !splitter.completed()) {
			throw new MagentoImportException("The dump " + source
					+ " is truncated: it lacks mysqldump's closing line '-- Dump completed on ...'");
		}
		for (String table : MagentoTables.NAMES) {
			if (!columns.containsKey(table)) {
				throw new MagentoImportException("The dump " + source + " holds no table " + this.prefix + table
						+ MagentoTables.otherPrefix(created, this.prefix).map(MagentoTables::prefixHint)
							.orElse("; dump the tables " + String.join(", ", MagentoTables.NAMES.stream().map((t) -> this.prefix + t).toList())));
			}
			MagentoTables.checkColumns(table, new LinkedHashSet<>(columns.get(table)), "the dump " + source);
		}
		return new MagentoTables(rows);
	}

	private String wanted(String name) {
		if (!name.startsWith(this.prefix)) {
			return null;
		}
		String table = name.substring(this.prefix.length()).toLowerCase(Locale.ROOT);
		return MagentoTables.NAMES.contains(table) ? table : null;
	}

	private static List<String> columnsOf(String body) {
		List<String> names = new ArrayList<>();
		for (String line : body.split("\n")) {
			Matcher column = COLUMN_LINE.matcher(line);
			if (column.find()) {
				names.add(column.group(1));
			}
		}
		return names;
	}

	private static List<String> listedColumns(String list) {
		List<String> names = new ArrayList<>();
		for (String name : list.substring(1, list.length() - 1).split(",")) {
			names.add(name.strip().replace("`", ""));
		}
		return names;
	}

	/** The start of a statement up to its values, which may hold secrets and are never shown. */
	static String head(String statement) {
		int values = statement.toUpperCase(Locale.ROOT).indexOf("VALUES");
		return bounded((values >= 0) ? statement.substring(0, values + 6) : statement);
	}

	static String bounded(String text) {
		String flat = text.replaceAll("\\s+", " ").strip();
		return (flat.length() > 60) ? flat.substring(0, 60) + "…" : flat;
	}

	/** Splits the file at semicolons outside strings, quoted names and comments. */
	private static final class StatementSplitter {

		private final Reader input;

		private final StringBuilder current = new StringBuilder();

		private boolean header;

		private boolean completed;

		private boolean firstLine = true;

		/** True once the current statement holds more than white space (a comment can start only before). */
		private boolean started;

		StatementSplitter(Reader input) {
			this.input = input;
		}

		String next() throws IOException {
			this.current.setLength(0);
			this.started = false;
			int c;
			char quote = 0;
			while ((c = this.input.read()) != -1) {
				char ch = (char) c;
				if (quote != 0) {
					this.current.append(ch);
					if (ch == '\\' && quote != '`') {
						int escaped = this.input.read();
						if (escaped == -1) {
							break;
						}
						this.current.append((char) escaped);
					}
					else if (ch == quote) {
						quote = 0;
					}
					continue;
				}
				if (ch == '\'' || ch == '"' || ch == '`') {
					quote = ch;
					this.started = true;
					this.current.append(ch);
				}
				else if (ch == ';') {
					String statement = this.current.toString().strip();
					this.current.setLength(0);
					this.started = false;
					if (!statement.isEmpty()) {
						return statement;
					}
				}
				else if ((ch == '-' || ch == '#' || ch == '/') && !this.started) {
					skipComment(ch);
				}
				else {
					this.current.append(ch);
					this.started |= !Character.isWhitespace(ch);
				}
			}
			return null;
		}

		/** At the start of a statement: a {@code -- } or {@code #} line, or a {@code /*!...*}{@code /} block. */
		private void skipComment(char first) throws IOException {
			if (first == '/') {
				int star = this.input.read();
				if (star != '*') {
					this.current.append(first);
					if (star != -1) {
						this.current.append((char) star);
					}
					this.started = true;
					return;
				}
				int previous = 0;
				int c;
				while ((c = this.input.read()) != -1) {
					if (previous == '*' && c == '/') {
						return;
					}
					previous = c;
				}
				this.current.append("/*");
				return;
			}
			StringBuilder line = new StringBuilder().append(first);
			int c;
			while ((c = this.input.read()) != -1 && c != '\n') {
				line.append((char) c);
			}
			String text = line.toString();
			if (first == '-' && !text.startsWith("--")) {
				this.current.append(text).append('\n');
				this.started = true;
				return;
			}
			if (this.firstLine && (text.startsWith("-- MySQL dump") || text.startsWith("-- MariaDB dump"))) {
				this.header = true;
			}
			this.firstLine = false;
			if (text.startsWith("-- Dump completed")) {
				this.completed = true;
			}
		}

		boolean pending() {
			return !this.current.toString().isBlank();
		}

		String rest() {
			return this.current.toString();
		}

		boolean mysqldumpHeader() {
			return this.header;
		}

		boolean completed() {
			return this.completed;
		}

	}

	/** Reads {@code (v, v, ...), (...)} after VALUES: quoted strings with MySQL escapes, NULL, numbers, hex. */
	private static final class ValuesReader {

		private final String text;

		private final String source;

		private int at;

		ValuesReader(String text, int start, String source) {
			this.text = text;
			this.at = start;
			this.source = source;
		}

		void rows(List<String> names, List<Map<String, String>> target, String table) {
			while (true) {
				skipSpace();
				expect('(', table);
				List<String> values = new ArrayList<>();
				while (true) {
					skipSpace();
					values.add(value(table));
					skipSpace();
					if (peek() == ',') {
						this.at++;
						continue;
					}
					expect(')', table);
					break;
				}
				if (values.size() != names.size()) {
					throw new MagentoImportException("A row of " + table + " in " + this.source + " has " + values.size()
							+ " values for " + names.size() + " columns");
				}
				Map<String, String> row = new LinkedHashMap<>();
				for (int i = 0; i < names.size(); i++) {
					row.put(names.get(i), values.get(i));
				}
				target.add(row);
				skipSpace();
				if (peek() == ',') {
					this.at++;
					continue;
				}
				if (this.at < this.text.length()) {
					throw error(table, "unexpected text after a row");
				}
				return;
			}
		}

		private String value(String table) {
			char c = peek();
			if (c == '\'' || c == '"') {
				return string(c, table);
			}
			if (this.text.regionMatches(true, this.at, "_binary", 0, 7)) {
				this.at += 7;
				skipSpace();
				return string(peek(), table);
			}
			int start = this.at;
			while (this.at < this.text.length() && ",)".indexOf(this.text.charAt(this.at)) < 0
					&& !Character.isWhitespace(this.text.charAt(this.at))) {
				this.at++;
			}
			String bare = this.text.substring(start, this.at);
			if (bare.isEmpty()) {
				throw error(table, "a value is missing");
			}
			if (bare.equalsIgnoreCase("NULL")) {
				return null;
			}
			if (bare.startsWith("@")) {
				throw error(table, "a MySQL variable (" + bounded(bare) + ") stands for an id Magento assigns: this is "
						+ "an export-magento file made with --ids=auto, which loads into Magento only; export with "
						+ "--ids=keep for a file import-magento reads");
			}
			if (bare.regionMatches(true, 0, "0x", 0, 2)) {
				return new String(java.util.HexFormat.of().parseHex(bare.substring(2)), StandardCharsets.UTF_8);
			}
			return bare;
		}

		private String string(char quote, String table) {
			StringBuilder value = new StringBuilder();
			this.at++;
			while (this.at < this.text.length()) {
				char c = this.text.charAt(this.at++);
				if (c == '\\' && this.at < this.text.length()) {
					char e = this.text.charAt(this.at++);
					value.append(switch (e) {
						case '0' -> '\0';
						case 'b' -> '\b';
						case 'n' -> '\n';
						case 'r' -> '\r';
						case 't' -> '\t';
						case 'Z' -> (char) 26;
						default -> e;
					});
				}
				else if (c == quote) {
					if (peek() == quote) {
						value.append(quote);
						this.at++;
					}
					else {
						return value.toString();
					}
				}
				else {
					value.append(c);
				}
			}
			throw error(table, "a string is not closed");
		}

		private void expect(char c, String table) {
			if (peek() != c) {
				throw error(table, "expected '" + c + "'");
			}
			this.at++;
		}

		private char peek() {
			return (this.at < this.text.length()) ? this.text.charAt(this.at) : 0;
		}

		private void skipSpace() {
			while (this.at < this.text.length() && Character.isWhitespace(this.text.charAt(this.at))) {
				this.at++;
			}
		}

		private MagentoImportException error(String table, String what) {
			return new MagentoImportException("The INSERT into " + table + " in " + this.source + " cannot be read: "
					+ what + " at character " + this.at + " of the statement (values are not shown: they may be secrets)");
		}

	}

}
