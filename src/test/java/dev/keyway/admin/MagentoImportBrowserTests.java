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

	private static String absolute(Path file) {
		return file.toAbsolutePath().toString();
	}

}
