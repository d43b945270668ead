package dev.keyway.admin;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;

import dev.keyway.account.AdminAccounts;
import dev.keyway.migration.MagentoFixtures;
import dev.keyway.testing.AdminBrowser;
import dev.keyway.testing.Axe;
import dev.keyway.testing.KeywayIntegrationTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * System › Data Transfer › Import from Magento in a real browser: the files chosen in the form, the
 * Preview's report shown after the redirect (screenshot {@code import-magento.png}), no axe-core
 * violation.
 */
@KeywayIntegrationTest
@Tag("browser")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MagentoImportBrowserTests {

	private static final String PASSWORD = "magento-import-browser-1";

	@LocalServerPort
	int port;

	@Autowired
	AdminAccounts accounts;

	AdminBrowser browser;

	String username;

	@BeforeAll
	void start() {
		this.username = AdminMvc.newAdmin(this.accounts, "import-browser", PASSWORD).username();
		this.browser = AdminBrowser.start(this.port);
	}

	@AfterAll
	void stop() {
		if (this.browser != null) {
			this.browser.close();
		}
	}

	@Test
	void previewWhenFilesChosenThenReportShownAndNothingWritten() throws Exception {
		String suffix = UUID.randomUUID().toString().substring(0, 6);
		MagentoFixtures.Files magento = MagentoFixtures.twoConnectors(Files.createTempDirectory("import-browser"),
				"ERP connector " + suffix, "CRM sync " + suffix);
		this.browser.signIn(this.username, PASSWORD);
		this.browser.open(AdminPaths.MAGENTO_IMPORT);

		this.browser.find(By.id("import-dump")).sendKeys(absolute(magento.dump()));
		this.browser.find(By.id("import-env")).sendKeys(absolute(magento.env()));
		this.browser.clickAndWaitForNewPage(By.id("import-preview"));
		this.browser.waitVisible(By.id("import-report"));

		String page = this.browser.driver().getPageSource();
		assertThat(page).contains("Preview: nothing was written. The import would take over 2 integrations.")
			.contains("ERP connector " + suffix, "CRM sync " + suffix);
		this.browser.screenshot("import-magento");
		assertThat(Axe.violations(this.browser)).as("axe-core violations (%s)", String.join(", ", Axe.TAGS)).isEmpty();
	}

	@Test
	void previewWhenFilesOverTheUploadLimitThenSaidOnThePageAndNothingSent() throws Exception {
		// the page tells the admin before sending (the server says it too, but only once the whole upload came)
		MagentoFixtures.Files magento = MagentoFixtures.twoConnectors(Files.createTempDirectory("import-browser-large"),
				"large " + UUID.randomUUID().toString().substring(0, 6), "large crm");
		this.browser.signIn(this.username, PASSWORD);
		this.browser.open(AdminPaths.MAGENTO_IMPORT);
		String form = this.browser.find(By.id("import-form")).getAttribute("data-max-upload-bytes");
		assertThat(Long.parseLong(form)).isEqualTo(256L * 1024 * 1024);
		// the dump is a few KB: the page's limit is lowered in the browser to stand for a file over 256 MB
		((org.openqa.selenium.JavascriptExecutor) this.browser.driver())
			.executeScript("document.getElementById('import-form').setAttribute('data-max-upload-bytes', '100')");
		String url = this.browser.driver().getCurrentUrl();

		this.browser.find(By.id("import-dump")).sendKeys(absolute(magento.dump()));
		this.browser.find(By.id("import-env")).sendKeys(absolute(magento.env()));
		this.browser.find(By.id("import-preview")).click();

		this.browser.waitVisible(By.id("import-too-large"));
		assertThat(this.browser.find(By.id("import-too-large")).getText()).startsWith("The chosen files are ")
			.contains("MB together: this page takes at most 256 MB (keyway.migration.max-upload-size).");
		assertThat(this.browser.driver().getCurrentUrl()).isEqualTo(url);
		assertThat(this.browser.find(By.id("import-dump")).getAttribute("aria-invalid")).isEqualTo("true");
		assertThat(Axe.violations(this.browser)).as("axe-core violations (%s)", String.join(", ", Axe.TAGS)).isEmpty();
	}

	@Test
	void previewWhenFilesOverTheUploadLimitSentWithoutThePageCheckThenTheLimitIsSaidWithTheFieldsKept() throws Exception {
		// the page's check taken away, as in a browser without JavaScript: the file goes to the server, which
		// reads past it and says the limit on the page (it answered a bare 403)
		Path directory = Files.createTempDirectory("import-browser-over");
		Path dump = directory.resolve("shop.sql");
		try (java.io.RandomAccessFile file = new java.io.RandomAccessFile(dump.toFile(), "rw")) {
			file.setLength(256L * 1024 * 1024 + 1);
		}
		try {
			this.browser.signIn(this.username, PASSWORD);
			this.browser.open(AdminPaths.MAGENTO_IMPORT);
			this.browser.script("document.getElementById('import-form').removeAttribute('data-max-upload-bytes')");
			this.browser.find(By.id("import-dump")).sendKeys(absolute(dump));
			this.browser.type(By.id("import-table-prefix"), "mg_");
			this.browser.click(By.id("import-skip-unknown"));

			this.browser.clickAndWaitForNewPage(By.id("import-preview"));

			assertThat(this.browser.message("error")).isEqualTo("Nothing was imported: the files sent, 'shop.sql' (256.0 MB), "
					+ "are 256.0 MB together, and this page takes at most 256 MB (keyway.migration.max-upload-size). "
					+ "Import a larger dump with the import-magento command (docs/MIGRATING.md), or raise the setting.");
			assertThat(this.browser.value(By.id("import-table-prefix"))).isEqualTo("mg_");
			assertThat(this.browser.find(By.id("import-skip-unknown")).isSelected()).isTrue();
		}
		finally {
			Files.deleteIfExists(dump);
		}
	}

	private static String absolute(Path file) {
		return file.toAbsolutePath().toString();
	}

}
