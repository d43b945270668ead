package dev.keyway.migration;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import com.github.scribejava.core.model.Verb;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.keyway.testing.GoogleOAuthClient;
import dev.keyway.testing.Http;
import dev.keyway.testing.KeywayIntegrationTest;
import dev.keyway.testing.OAuthClientCredentials;
import dev.keyway.testing.ScribeOAuthClient;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Importing a Magento deployment from a mysqldump file whose secrets PHP's sodium functions
 * encrypted as Magento does; the imported connectors call Keyway signed by independent OAuth
 * libraries; bad inputs stop the import with a clear reason and nothing written.
 */
@KeywayIntegrationTest
class MagentoImportTests {

	private static final String CUSTOMER = "/rest/V1/customers/1";

	@LocalServerPort
	int port;

	@Autowired
	MagentoImport importer;

	@TempDir
	Path directory;

	private Http http;

	private final MagentoFixture magento = new MagentoFixture();

	@BeforeEach
	void setUp() {
		this.http = new Http(this.port);
	}

	private ImportReport importDump(boolean dryRun) throws Exception {
		return importDump(this.magento.writeDump(this.directory), this.magento.writeEnv(this.directory), dryRun);
	}

	private ImportReport importDump(Path dump, Path env, boolean dryRun) {
		return this.importer.run(new MagentoImport.Source(dump, null, null, null, null), env,
				new MagentoImport.Options(dryRun, false));
	}

	private static OAuthClientCredentials credentials(MagentoFixture.Entry entry) {
		return new OAuthClientCredentials(entry.consumerKey(), entry.consumerSecret(), (String) entry.token().get("token"),
				(String) entry.token().get("secret"));
	}

	private int googleCall(MagentoFixture.Entry entry) throws IOException {
		return GoogleOAuthClient.call("GET", this.http.url(CUSTOMER), credentials(entry), null).status();
	}

	private static String unique(String name) {
		return name + " " + MagentoFixture.random(6);
	}

	@Test
	void runWhenDumpEncryptedByMagentoThenConnectorsCallWithTheirOwnCredentials() throws Exception {
		MagentoFixture.Entry all = this.magento.access(unique("erp all"), 1, List.of("Magento_Backend::all"));
		MagentoFixture.Entry oldKey = this.magento.access(unique("crm old key"), 0,
				List.of("Magento_Customer::customer", "Magento_Customer::manage"));
		MagentoFixture.Entry clear = this.magento.access(unique("pim clear secrets"), null, List.of("Magento_Backend::all"));
		assertThat(googleCall(all)).isEqualTo(401);

		ImportReport report = importDump(false);

		assertThat(report.integrations()).extracting(ImportReport.Line::name)
			.containsExactly(all.name(), oldKey.name(), clear.name());
		assertThat(report.text()).contains("Imported 3 integration(s)").doesNotContain(all.consumerSecret());
		assertThat(googleCall(all)).isEqualTo(200);
		assertThat(googleCall(oldKey)).isEqualTo(200);
		assertThat(ScribeOAuthClient.call(Verb.GET, this.http.url(CUSTOMER), credentials(clear), null).status())
			.isEqualTo(200);
	}

	@Test
	void runWhenVerifierWasPostedOnMagentoThenHandshakeCompletesOnKeyway() throws Exception {
		MagentoFixture.Entry started = this.magento.verifierPosted(unique("connector mid handshake"),
				Instant.now().minusSeconds(30), List.of("Magento_Customer::customer", "Magento_Customer::manage"));

		importDump(false);
		OAuthClientCredentials issued = GoogleOAuthClient.exchange(this.http.url("/"), started.consumerKey(),
				started.consumerSecret(), (String) started.token().get("verifier"));

		assertThat(GoogleOAuthClient.call("GET", this.http.url(CUSTOMER), issued, null).status()).isEqualTo(200);
	}

	@Test
	void runWhenDryRunThenReportedAndNothingWritten() throws Exception {
		MagentoFixture.Entry entry = this.magento.access(unique("dry run connector"), 1, List.of("Magento_Backend::all"));

		ImportReport report = importDump(true);

		assertThat(report.text()).startsWith("Dry run: nothing was written").contains(entry.name());
		assertThat(googleCall(entry)).isEqualTo(401);
		importDump(false);
		assertThat(googleCall(entry)).isEqualTo(200);
	}

	@Test
	void runWhenEnvHoldsAnotherKeyThenRefusedAndNothingWritten() throws Exception {
		MagentoFixture.Entry entry = this.magento.access(unique("wrong key"), 1, List.of("Magento_Backend::all"));
		Path dump = this.magento.writeDump(this.directory);
		Path otherEnv = new MagentoFixture().writeEnv(Files.createDirectory(this.directory.resolve("other")));

		assertThatThrownBy(() -> importDump(dump, otherEnv, false)).isInstanceOf(MagentoImportException.class)
			.hasMessageContaining("oauth_consumer.secret of integration 1 ('" + entry.name() + "')")
			.hasMessageContaining("does not decrypt with the keys of env.php")
			.hasMessageNotContaining(entry.consumerSecret());
		assertThat(googleCall(entry)).isEqualTo(401);
	}

	@Test
	void runWhenDumpTruncatedThenRefusedAndNothingWritten() throws Exception {
		MagentoFixture.Entry entry = this.magento.access(unique("truncated"), 1, List.of("Magento_Backend::all"));
		Path dump = this.magento.writeDump(this.directory);
		String text = MagentoFixture.text(dump);
		Files.writeString(dump, text.substring(0, text.indexOf("INSERT INTO `integration`") + 60));

		assertThatThrownBy(() -> importDump(dump, this.magento.writeEnv(this.directory), false))
			.isInstanceOf(MagentoImportException.class)
			.hasMessageContaining("is truncated: it ends inside a statement (INSERT INTO `integration` VALUES ...)");
		assertThat(googleCall(entry)).isEqualTo(401);
	}

	@Test
	void runWhenResourceUnknownToKeywayThenRefusedNamingItAndNothingWritten() throws Exception {
		MagentoFixture.Entry fine = this.magento.access(unique("fine"), 1, List.of("Magento_Backend::all"));
		MagentoFixture.Entry odd = this.magento.access(unique("vendor module"), 1,
				List.of("Magento_Customer::manage", "Vendor_Loyalty::points"));

		assertThatThrownBy(() -> importDump(false)).isInstanceOf(MagentoImportException.class)
			.hasMessageContaining("integration 2 ('" + odd.name() + "'): Vendor_Loyalty::points")
			.hasMessageContaining("--skip-unknown-resources");
		assertThat(googleCall(fine)).isEqualTo(401);
	}

	@Test
	void runWhenSkippingUnknownResourcesThenImportedWithoutThemAndReported() throws Exception {
		MagentoFixture.Entry odd = this.magento.access(unique("vendor skip"), 1,
				List.of("Magento_Customer::customer", "Magento_Customer::manage", "Vendor_Loyalty::points"));

		ImportReport report = this.importer.run(
				new MagentoImport.Source(this.magento.writeDump(this.directory), null, null, null, null),
				this.magento.writeEnv(this.directory), new MagentoImport.Options(false, true));

		assertThat(report.notes()).anySatisfy((note) -> assertThat(note).contains(odd.name())
			.contains("Vendor_Loyalty::points"));
		assertThat(googleCall(odd)).isEqualTo(200);
	}

	@Test
	void runWhenNameAlreadyInKeywayThenRefusedAndNothingWritten() throws Exception {
		String name = unique("duplicate");
		this.magento.access(name, 1, List.of("Magento_Backend::all"));
		importDump(false);
		MagentoFixture second = new MagentoFixture();
		MagentoFixture.Entry other = second.access(unique("second batch"), 1, List.of("Magento_Backend::all"));
		second.access(name.toUpperCase(), 1, List.of("Magento_Backend::all"));
		Path batch = Files.createDirectory(this.directory.resolve("second"));

		assertThatThrownBy(() -> importDump(second.writeDump(batch), second.writeEnv(batch), false))
			.isInstanceOf(MagentoImportException.class)
			.hasMessageContaining("integration 2 ('" + name.toUpperCase() + "') cannot be imported")
			.hasMessageContaining("nothing was imported")
			// the reason once (it was written twice: the message and again its field errors)
			.satisfies((refusal) -> assertThat(refusal.getMessage().split(" exists\\.", -1)).hasSize(2));
		assertThat(googleCall(other)).isEqualTo(401);
	}

}
