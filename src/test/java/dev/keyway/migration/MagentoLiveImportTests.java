package dev.keyway.migration;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import dev.keyway.testing.GoogleOAuthClient;
import dev.keyway.testing.Http;
import dev.keyway.testing.KeywayIntegrationTest;
import dev.keyway.testing.OAuthClientCredentials;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Importing from a real MariaDB holding Magento's tables (loaded from the PHP-encrypted fixture):
 * over a live JDBC connection, and from the dump {@code mariadb-dump} makes of it.
 */
@KeywayIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MagentoLiveImportTests {

	@LocalServerPort
	int port;

	@Autowired
	MagentoImport importer;

	@TempDir
	static Path directory;

	private MariaDbServer mariadb;

	@BeforeAll
	void startMariaDb() throws Exception {
		this.mariadb = MariaDbServer.start(Files.createDirectory(directory.resolve("mariadb")));
	}

	@AfterAll
	void stopMariaDb() {
		if (this.mariadb != null) {
			this.mariadb.close();
		}
	}

	private MagentoFixture.Entry loaded(MagentoFixture magento, String database, String name) throws Exception {
		MagentoFixture.Entry entry = magento.access(name + " " + MagentoFixture.random(6), 1,
				List.of("Magento_Customer::customer", "Magento_Customer::manage"));
		magento.access(name + " all " + MagentoFixture.random(6), 0, List.of("Magento_Backend::all"));
		Path work = Files.createDirectory(directory.resolve(database));
		this.mariadb.load(database, magento.writeDump(work));
		return entry;
	}

	private int call(MagentoFixture.Entry entry) throws Exception {
		OAuthClientCredentials credentials = new OAuthClientCredentials(entry.consumerKey(), entry.consumerSecret(),
				(String) entry.token().get("token"), (String) entry.token().get("secret"));
		return GoogleOAuthClient.call("GET", new Http(this.port).url("/rest/V1/customers/1"), credentials, null).status();
	}

	@Test
	void runWhenLiveMariaDbThenConnectorsCallWithTheirOwnCredentials() throws Exception {
		MagentoFixture magento = new MagentoFixture();
		MagentoFixture.Entry entry = loaded(magento, "live", "live crm");
		assertThat(call(entry)).isEqualTo(401);

		ImportReport report = this.importer.run(
				new MagentoImport.Source(null, this.mariadb.url("live"), "root", "", null),
				magento.writeEnv(directory.resolve("live")), new MagentoImport.Options(false, false));

		assertThat(report.integrations()).hasSize(2);
		assertThat(call(entry)).isEqualTo(200);
	}

	@Test
	void runWhenDumpMadeByMariaDbDumpThenConnectorsCallWithTheirOwnCredentials() throws Exception {
		MagentoFixture magento = new MagentoFixture();
		MagentoFixture.Entry entry = loaded(magento, "dumped", "dumped crm");
		Path dump = this.mariadb.dump("dumped", directory.resolve("dumped").resolve("mariadb-dump.sql"));
		assertThat(Files.readString(dump)).contains("-- Dump completed");

		ImportReport report = this.importer.run(new MagentoImport.Source(dump, null, null, null, null),
				magento.writeEnv(directory.resolve("dumped")), new MagentoImport.Options(false, false));

		assertThat(report.integrations()).hasSize(2);
		assertThat(call(entry)).isEqualTo(200);
	}

	@Test
	void readWhenTablesHaveAPrefixAndNoneGivenThenRefusalNamesThePrefix() throws Exception {
		MagentoFixture magento = new MagentoFixture();
		loaded(magento, "prefixed", "prefixed crm");
		Path rename = directory.resolve("prefixed").resolve("rename.sql");
		Files.writeString(rename, """
				RENAME TABLE integration TO mg_integration, oauth_consumer TO mg_oauth_consumer,
				  oauth_token TO mg_oauth_token, authorization_role TO mg_authorization_role,
				  authorization_rule TO mg_authorization_rule;
				""");
		this.mariadb.loadInto("prefixed", rename);

		assertThatThrownBy(() -> new MagentoJdbcReader(null).read(this.mariadb.url("prefixed"), "root", ""))
			.isInstanceOf(MagentoImportException.class)
			.hasMessageContaining("integration")
			.hasMessageContaining("with the table prefix 'mg_'")
			.hasMessageContaining("--table-prefix=mg_");
		assertThat(new MagentoJdbcReader("mg_").read(this.mariadb.url("prefixed"), "root", "").of(MagentoTables.INTEGRATION))
			.hasSize(2);
	}

}
