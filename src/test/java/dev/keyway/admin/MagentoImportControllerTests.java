package dev.keyway.admin;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import dev.keyway.account.AdminAccounts;
import dev.keyway.account.AdminUser;
import dev.keyway.audit.AuditEntry;
import dev.keyway.audit.AuditTrail;
import dev.keyway.migration.ImportReport;
import dev.keyway.migration.MagentoFixtures;
import dev.keyway.testing.KeywayIntegrationTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockMultipartHttpServletRequestBuilder;
import org.springframework.web.context.WebApplicationContext;

import static dev.keyway.admin.AdminMvc.as;
import static dev.keyway.admin.AdminMvc.body;
import static dev.keyway.admin.AdminMvc.flash;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;

/**
 * System › Data Transfer › Import from Magento (issue 18): an uploaded mysqldump file and env.php (or
 * the pasted crypt key) previewed, then imported under the signed-in admin; every refusal names the
 * rule and the value, and writes nothing (a preview afterwards still finds nothing in the way).
 */
@KeywayIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MagentoImportControllerTests {

	private static final String PAGE = "/admin/system/import-magento";

	@Autowired
	WebApplicationContext context;

	@Autowired
	AdminAccounts accounts;

	@Autowired
	AuditTrail audit;

	@TempDir
	Path directory;

	MockMvc mvc;

	AdminUser admin;

	@BeforeAll
	void setUp() {
		this.mvc = AdminMvc.mockMvc(this.context);
		this.admin = AdminMvc.newAdmin(this.accounts, "magento-import", "magento-import-password-1");
	}

	private static String unique(String name) {
		return name + " " + UUID.randomUUID().toString().substring(0, 8);
	}

	private MagentoFixtures.Files magento(String first, String second) throws Exception {
		return MagentoFixtures.twoConnectors(Files.createTempDirectory(this.directory, "magento"), first, second);
	}

	private static MockMultipartFile file(String name, Path path) throws Exception {
		return new MockMultipartFile(name, path.getFileName().toString(), "application/octet-stream",
				Files.readAllBytes(path));
	}

	private MvcResult post(String mode, MockMultipartFile... files) throws Exception {
		return post(mode, "", files);
	}

	private MvcResult post(String mode, String cryptKey, MockMultipartFile... files) throws Exception {
		MockMultipartHttpServletRequestBuilder request = multipart(PAGE);
		for (MockMultipartFile file : files) {
			request.file(file);
		}
		return this.mvc.perform(request.param("mode", mode).param("cryptKey", cryptKey).with(csrf()).with(as(this.admin)))
			.andReturn();
	}

	private static ImportReport report(MvcResult result) {
		return (ImportReport) flash(result).get(MagentoImportController.REPORT);
	}

	private static String error(MvcResult result) {
		return (String) flash(result).get(Flash.ERROR);
	}

	private static long uploads() throws Exception {
		try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
			return files.filter((file) -> file.getFileName().toString().startsWith("keyway-magento-")).count();
		}
	}

	@Test
	void runWhenPreviewThenReportShownAndNothingWritten() throws Exception {
		String first = unique("page preview erp");
		String second = unique("page preview crm");
		MagentoFixtures.Files magento = magento(first, second);

		MvcResult preview = post("preview", file("dump", magento.dump()), file("env", magento.env()));

		assertThat(preview.getResponse().getRedirectedUrl()).isEqualTo(PAGE);
		assertThat(report(preview).dryRun()).isTrue();
		assertThat(report(preview).integrations()).extracting(ImportReport.Line::name).containsExactly(first, second);
		assertThat((String) flash(preview).get(Flash.SUCCESS)).isEqualTo(
				"Preview: nothing was written. The import would take over 2 integrations.");
		MvcResult page = this.mvc.perform(get(PAGE).with(as(this.admin)).flashAttrs(flash(preview))).andReturn();
		assertThat(body(page)).contains("Preview: what the import would do", AdminMvc.html(first), AdminMvc.html(second));
		MvcResult again = post("preview", file("dump", magento.dump()), file("env", magento.env()));
		assertThat(error(again)).isNull();
		assertThat(report(again).integrations()).hasSize(2);
	}

	@Test
	void runWhenImportThenImportedAuditedAsTheAdminAndUploadsDeleted() throws Exception {
		MagentoFixtures.Files magento = magento(unique("page import erp"), unique("page import crm"));
		long uploadsBefore = uploads();

		MvcResult imported = post("import", file("dump", magento.dump()), file("env", magento.env()));

		assertThat(error(imported)).isNull();
		ImportReport report = report(imported);
		assertThat(report.dryRun()).isFalse();
		assertThat(report.integrations()).hasSize(2);
		assertThat((String) flash(imported).get(Flash.SUCCESS)).isEqualTo("Imported 2 integrations from Magento.");
		List<AuditEntry> entries = this.audit.find("integration",
				String.valueOf(report.integrations().get(0).keywayId()), 10, 0);
		assertThat(entries).anySatisfy((entry) -> {
			assertThat(entry.action()).isEqualTo("integration.import");
			assertThat(entry.actorName()).isEqualTo(this.admin.username());
		});
		assertThat(uploads()).isEqualTo(uploadsBefore);
		MvcResult twice = post("preview", file("dump", magento.dump()), file("env", magento.env()));
		assertThat(error(twice)).contains("already");
	}

	@Test
	void runWhenCryptKeyPastedInsteadOfEnvThenImported() throws Exception {
		MagentoFixtures.Files magento = magento(unique("page pasted erp"), unique("page pasted crm"));
		Matcher key = Pattern.compile("'key' => '([^']*)'")
			.matcher(Files.readString(magento.env(), StandardCharsets.UTF_8));
		assertThat(key.find()).isTrue();

		MvcResult imported = post("import", key.group(1), file("dump", magento.dump()));

		assertThat(error(imported)).isNull();
		assertThat(report(imported).integrations()).hasSize(2);
	}

	@Test
	void runWhenEnvOfAnotherDeploymentThenRuleNamedAndNothingWritten() throws Exception {
		MagentoFixtures.Files magento = magento(unique("page wrong key a"), unique("page wrong key b"));
		MagentoFixtures.Files other = magento(unique("other a"), unique("other b"));

		MvcResult refused = post("import", file("dump", magento.dump()), file("env", other.env()));

		assertThat(report(refused)).isNull();
		assertThat(error(refused)).startsWith("Import stopped, nothing was written: ")
			.contains("does not decrypt with the keys of env.php");
		MvcResult preview = post("preview", file("dump", magento.dump()), file("env", magento.env()));
		assertThat(error(preview)).isNull();
	}

	@Test
	void runWhenDumpTruncatedThenRuleNamedAndNothingWritten() throws Exception {
		MagentoFixtures.Files magento = magento(unique("page truncated a"), unique("page truncated b"));
		String text = Files.readString(magento.dump(), StandardCharsets.UTF_8);
		Path truncated = this.directory.resolve("truncated.sql");
		Files.writeString(truncated, text.substring(0, text.indexOf("INSERT INTO `oauth_token`") + 40));

		MvcResult refused = post("import", file("dump", truncated), file("env", magento.env()));

		assertThat(error(refused)).contains("is truncated").contains("INSERT INTO `oauth_token`");
		MvcResult preview = post("preview", file("dump", magento.dump()), file("env", magento.env()));
		assertThat(error(preview)).isNull();
	}

	@Test
	void runWhenDumpTruncatedThenTheUploadedFileIsNamedNotItsTemporaryCopy() throws Exception {
		MagentoFixtures.Files magento = magento(unique("page named a"), unique("page named b"));
		String text = Files.readString(magento.dump(), StandardCharsets.UTF_8);
		Path truncated = this.directory.resolve("shop-backup.sql");
		Files.writeString(truncated, text.substring(0, text.indexOf("INSERT INTO `oauth_token`") + 40));

		MvcResult refused = post("preview", file("dump", truncated), file("env", magento.env()));

		assertThat(error(refused)).contains("The dump 'shop-backup.sql' is truncated")
			.doesNotContain(System.getProperty("java.io.tmpdir")).doesNotContain("keyway-magento-");
	}

	@Test
	void runWhenEnvHoldsNoCryptKeyThenTheUploadedFileIsNamedNotItsTemporaryCopy() throws Exception {
		MagentoFixtures.Files magento = magento(unique("page env a"), unique("page env b"));
		Path env = this.directory.resolve("env-staging.php");
		Files.writeString(env, "<?php\nreturn ['db' => ['table_prefix' => '']];\n");

		MvcResult refused = post("preview", file("dump", magento.dump()), file("env", env));

		assertThat(error(refused)).contains("The env.php file 'env-staging.php' holds no 'crypt'")
			.doesNotContain(System.getProperty("java.io.tmpdir")).doesNotContain("keyway-magento-");
	}

	@Test
	void runWhenFileIsNoDumpThenNotAMysqlDumpAndTablePrefixKeptButNotTheCryptKey() throws Exception {
		Path junk = this.directory.resolve("notes.txt");
		Files.writeString(junk, "not a dump\n");
		MockMultipartHttpServletRequestBuilder request = multipart(PAGE);
		request.file(file("dump", junk));

		MvcResult refused = this.mvc.perform(request.param("mode", "preview")
			.param("cryptKey", "0123456789abcdef0123456789abcdef")
			.param("tablePrefix", "mg_")
			.with(csrf())
			.with(as(this.admin))).andReturn();
		MvcResult page = this.mvc.perform(get(PAGE).with(as(this.admin)).flashAttrs(refused.getFlashMap())).andReturn();

		assertThat(error(refused)).isEqualTo("The import would stop, nothing was written: The file 'notes.txt' is not a "
				+ "MySQL dump: it holds no CREATE TABLE or INSERT statement; export Magento's database with mysqldump "
				+ "(or mariadb-dump) and use that file")
			.doesNotContain("truncated");
		assertThat(flash(refused).values()).noneSatisfy(
				(value) -> assertThat(String.valueOf(value)).contains("0123456789abcdef0123456789abcdef"));
		assertThat(flash(refused)).containsEntry(Flash.NOTICE, "Type the crypt key again for the next Preview or Import: "
				+ "Keyway keeps it nowhere, not even until the next page (and choose the files again).");
		assertThat(body(page)).containsPattern("id=\"import-table-prefix\"[^>]*value=\"mg_\"")
			.doesNotContain("0123456789abcdef0123456789abcdef");
	}

	@Test
	void runWhenNameAlreadyInKeywayThenRuleAndNameShownAndNothingWritten() throws Exception {
		String taken = unique("page taken");
		MagentoFixtures.Files first = magento(taken, unique("page first batch"));
		assertThat(error(post("import", file("dump", first.dump()), file("env", first.env())))).isNull();
		MagentoFixtures.Files second = magento(unique("page second batch"), taken);

		MvcResult refused = post("import", file("dump", second.dump()), file("env", second.env()));

		assertThat(error(refused)).contains("('" + taken + "') cannot be imported").contains("nothing was imported");
		assertThat(report(refused)).isNull();
	}

	@Test
	void runWhenNoDumpOrNoKeyThenRuleNamed() throws Exception {
		MagentoFixtures.Files magento = magento(unique("page missing a"), unique("page missing b"));

		assertThat(error(post("import", file("env", magento.env()))))
			.isEqualTo("A mysqldump file is required: none was chosen.");
		assertThat(error(post("import", file("dump", magento.dump()))))
			.isEqualTo("Magento's crypt key is required: choose env.php or paste its crypt key.");
		assertThat(error(post("import", "abc", file("dump", magento.dump()), file("env", magento.env()))))
			.isEqualTo("Give one source of the crypt key: env.php or the pasted key, not both.");
	}

	@Test
	void pageWhenOpenedThenFormWithLimitAndLinkedFromNavigation() throws Exception {
		String page = body(this.mvc.perform(get(PAGE).with(as(this.admin))).andReturn());

		assertThat(page).contains("enctype=\"multipart/form-data\"", "name=\"dump\"", "name=\"env\"",
				"name=\"cryptKey\"", "at most 256 MB", "id=\"magento-import-link\"", "aria-current=\"page\"");
		// the browser says an upload over the limit before sending it (over it, a bare 403)
		assertThat(page).contains("data-max-upload-bytes=\"268435456\"")
			.contains("data-too-large=\"The chosen files are %size% together: this page takes at most 256 MB "
					+ "(keyway.migration.max-upload-size).");
	}

}
