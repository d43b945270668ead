package dev.keyway.migration;

import java.io.StringReader;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import dev.keyway.testing.DatabaseIndependent;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The dump reader's refusals when the tables are there under another prefix than the one given: the
 * message names the prefix the dump uses, so the operator fixes the prefix rather than dumping again.
 */
@DatabaseIndependent
class MysqlDumpReaderTests {

	@Test
	void readWhenTablesHaveAPrefixAndNoneGivenThenRefusalNamesThePrefix() {
		assertThatThrownBy(() -> new MysqlDumpReader(null).read(new StringReader(dump("mg_")), "magento.sql"))
			.isInstanceOf(MagentoImportException.class)
			.hasMessageContaining("The dump magento.sql holds no table integration")
			.hasMessageContaining("with the table prefix 'mg_'")
			.hasMessageContaining("--table-prefix=mg_");
	}

	@Test
	void readWhenWrongPrefixGivenThenRefusalNamesThePrefixOfTheDump() {
		assertThatThrownBy(() -> new MysqlDumpReader("mage_").read(new StringReader(dump("mg_")), "magento.sql"))
			.isInstanceOf(MagentoImportException.class)
			.hasMessageContaining("holds no table mage_integration")
			.hasMessageContaining("with the table prefix 'mg_'");
	}

	@Test
	void readWhenPrefixGivenInAnotherCaseThenRefusalNamesThePrefixAsWritten() {
		// MySQL on Linux tells MG_ from mg_, and so does the reader: the hint must still name the dump's (a review)
		assertThatThrownBy(() -> new MysqlDumpReader("MG_").read(new StringReader(dump("mg_")), "magento.sql"))
			.isInstanceOf(MagentoImportException.class)
			.hasMessageContaining("holds no table MG_integration")
			.hasMessageContaining("with the table prefix 'mg_'");
	}

	@Test
	void readWhenPrefixGivenButTablesHaveNoneThenRefusalSaysSo() {
		assertThatThrownBy(() -> new MysqlDumpReader("mg_").read(new StringReader(dump("")), "magento.sql"))
			.isInstanceOf(MagentoImportException.class)
			.hasMessageContaining("holds no table mg_integration")
			.hasMessageContaining("without a table prefix");
	}

	@Test
	void readWhenATableIsMissingThenRefusalAsksToDumpIt() {
		String dump = dump("mg_").replace("CREATE TABLE `mg_oauth_token`", "CREATE TABLE `mg_other`");
		assertThatThrownBy(() -> new MysqlDumpReader("mg_").read(new StringReader(dump), "magento.sql"))
			.isInstanceOf(MagentoImportException.class)
			.hasMessage("The dump magento.sql holds no table mg_oauth_token; dump the tables mg_integration, "
					+ "mg_oauth_consumer, mg_oauth_token, mg_authorization_role, mg_authorization_rule");
	}

	/** Magento's five tables (their required columns, no rows) as mysqldump writes them. */
	static String dump(String prefix) {
		String tables = MagentoTables.NAMES.stream()
			.map((table) -> "CREATE TABLE `" + prefix + table + "` (\n"
					+ MagentoTables.REQUIRED_COLUMNS.get(table).stream().map((column) -> "  `" + column + "` text")
						.collect(Collectors.joining(",\n"))
					+ "\n) ENGINE=InnoDB;\n")
			.collect(Collectors.joining());
		return String.join("\n", List.of("-- MySQL dump 10.13", tables, "-- Dump completed on 2024-05-01 10:00:00", ""));
	}

}
