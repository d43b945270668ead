package dev.keyway.admin;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;

import dev.keyway.account.AdminAccounts;
import dev.keyway.audit.Actor;
import dev.keyway.integration.Integration;
import dev.keyway.integration.IntegrationDraft;
import dev.keyway.integration.IntegrationQuery;
import dev.keyway.integration.IntegrationService;
import dev.keyway.testing.AdminBrowser;
import dev.keyway.testing.KeywayIntegrationTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A session that ends while an admin fills a form (it expired: here its row is deleted from the database, where
 * every node reads it) loses nothing typed: the sign-in page says the values were kept in the tab; after signing
 * in the admin is back on the form with them, told they are NOT saved, and nothing is saved until Save. No
 * password is kept anywhere: not in the page, the tab's storage or a URL.
 */
@KeywayIntegrationTest
@Tag("browser")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminSessionEndedBrowserTests {

	static final String PASSWORD = "session-ended-browser-password-1";

	static final String RESOURCE = "Magento_Cms::page";

	@LocalServerPort
	int port;

	@Autowired
	AdminAccounts accounts;

	@Autowired
	IntegrationService integrations;

	@Autowired
	JdbcClient jdbc;

	AdminBrowser browser;

	@BeforeAll
	void startBrowser() {
		this.browser = AdminBrowser.start(this.port);
	}

	@AfterAll
	void stopBrowser() {
		if (this.browser != null) {
			this.browser.close();
		}
	}

	@Test
	void saveWhenSessionExpiredOnNewFormThenAfterSignInTheTypedValuesBackNotSavedAndNoPassword() {
		String username = newAdmin("ended-new");
		this.browser.signIn(username, PASSWORD);
		this.browser.open("/admin/integrations/new");
		String name = "Typed before expiry " + UUID.randomUUID();
		this.browser.type(By.id("name"), name);
		this.browser.type(By.id("email"), "erp@example.com");
		this.browser.type(By.id("endpoint"), "https://erp.example.com/cb");
		this.browser.type(By.id("ipAllowList"), "203.0.113.0/24");
		this.browser.click(By.id("tab-api"));
		this.browser.script("document.querySelector('input[name=resources][value=\"" + RESOURCE + "\"]').click();");
		Object checked = checkedResources();
		assertThat(String.valueOf(checked)).contains(RESOURCE);
		this.browser.click(By.id("tab-info"));
		this.browser.type(By.id("currentPassword"), PASSWORD);
		expireSession();

		this.browser.clickAndWaitForNewPage(By.id("save"));

		this.browser.waitForPath("/admin/login");
		assertThat(this.browser.messages("notice")).contains("Your session expired. Please sign in again.")
			.anySatisfy((text) -> assertThat(text).startsWith("What you sent was not saved. This browser tab kept the values you typed"));
		assertThat(this.browser.driver().getCurrentUrl()).doesNotContain(PASSWORD).doesNotContain("erp");
		assertThat((String) this.browser.script("return sessionStorage.getItem('keyway.formDraft');")).contains(name)
			.doesNotContain(PASSWORD).doesNotContain("_csrf");
		assertNotSaved(name);
		this.browser.screenshot("login-session-ended-values-kept");

		this.browser.submitLogin(username, PASSWORD);

		this.browser.waitForPath("/admin/integrations/new");
		assertThat(this.browser.waitVisible(By.id("draft-restored")).getText())
			.contains("These are the values you typed before your session ended. They have NOT been saved yet");
		assertThat(this.browser.value(By.id("name"))).isEqualTo(name);
		assertThat(this.browser.value(By.id("email"))).isEqualTo("erp@example.com");
		assertThat(this.browser.value(By.id("endpoint"))).isEqualTo("https://erp.example.com/cb");
		assertThat(this.browser.value(By.id("ipAllowList"))).isEqualTo("203.0.113.0/24");
		assertThat(checkedResources()).isEqualTo(checked);
		assertThat(this.browser.value(By.id("currentPassword"))).isEmpty();
		assertThat(this.browser.script("return sessionStorage.getItem('keyway.formDraft');")).isNull();
		assertNotSaved(name);
		this.browser.screenshot("form-restored-after-session-ended");

		this.browser.type(By.id("currentPassword"), PASSWORD);
		this.browser.clickAndWaitForNewPage(By.id("save"));

		assertThat(this.browser.message("success")).isEqualTo("The integration '" + name + "' has been saved.");
		Integration saved = byName(name);
		assertThat(saved.email()).isEqualTo("erp@example.com");
		assertThat(saved.grant().resources()).contains(RESOURCE);
		assertThat(this.browser.script("return sessionStorage.getItem('keyway.formDraft');")).isNull();
	}

	@Test
	void saveWhenSessionExpiredOnEditFormSentBackAfterWrongPasswordThenItsEditPageWithTheValuesAndNothingSaved() {
		String username = newAdmin("ended-edit");
		Integration integration = this.integrations.create(new IntegrationDraft("Edit before expiry " + UUID.randomUUID(),
				null, null, null, true, List.of()), Actor.system("test"));
		this.browser.signIn(username, PASSWORD);
		this.browser.open("/admin/integrations/" + integration.id() + "/edit");
		String renamed = integration.name() + " renamed";
		this.browser.type(By.id("name"), renamed);
		this.browser.type(By.id("currentPassword"), "not the password");
		this.browser.clickAndWaitForNewPage(By.id("save"));
		this.browser.waitForPath("/admin/integrations/" + integration.id());
		this.browser.type(By.id("email"), "typed-after-refusal@example.com");
		this.browser.type(By.id("currentPassword"), PASSWORD);
		expireSession();

		this.browser.clickAndWaitForNewPage(By.id("save"));
		this.browser.waitForPath("/admin/login");
		this.browser.submitLogin(username, PASSWORD);

		this.browser.waitForPath("/admin/integrations/" + integration.id() + "/edit");
		this.browser.waitVisible(By.id("draft-restored"));
		assertThat(this.browser.value(By.id("name"))).isEqualTo(renamed);
		assertThat(this.browser.value(By.id("email"))).isEqualTo("typed-after-refusal@example.com");
		assertThat(this.browser.value(By.id("currentPassword"))).isEmpty();
		assertThat(this.integrations.get(integration.id()).name()).isEqualTo(integration.name());

		// Discard: the page as saved
		this.browser.clickAndWaitForNewPage(By.id("draft-discard"));
		assertThat(this.browser.value(By.id("name"))).isEqualTo(integration.name());
		assertThat(this.browser.findAll(By.id("draft-restored"))).isEmpty();
		// said, and the focus on what was said (a store admin's trial: the reload alone said nothing)
		assertThat(this.browser.waitVisible(By.id("draft-discarded")).getText())
			.isEqualTo("The values you had typed were discarded: the form shows what is saved.");
		assertThat(this.browser.script("return document.activeElement.id;")).isEqualTo("draft-discarded");
	}

	@Test
	void signInWhenWrongPasswordAfterSessionEndedThenPageStillSaysValuesAreKeptAndTheyComeBack() {
		String username = newAdmin("ended-wrong");
		this.browser.signIn(username, PASSWORD);
		this.browser.open("/admin/integrations/new");
		String name = "Typed before a wrong password " + UUID.randomUUID();
		this.browser.type(By.id("name"), name);
		this.browser.type(By.id("currentPassword"), PASSWORD);
		expireSession();
		this.browser.clickAndWaitForNewPage(By.id("save"));
		this.browser.waitForPath("/admin/login");

		this.browser.submitLogin(username, "not the password");

		this.browser.waitVisible(By.cssSelector(".message.error"));
		assertThat(this.browser.waitVisible(By.id("draft-kept")).getText())
			.startsWith("This browser tab still keeps the values you typed before your session ended");
		this.browser.submitLogin(username, PASSWORD);
		this.browser.waitForPath("/admin/integrations/new");
		this.browser.waitVisible(By.id("draft-restored"));
		assertThat(this.browser.value(By.id("name"))).isEqualTo(name);
		assertNotSaved(name);
	}

	@Test
	void signInWhenAnotherAdminSignsInOnTheSameTabThenTheValuesAreNotRestoredAndForgotten() {
		// the values belong to the admin who typed them: another admin signing in on that tab never sees them
		String typist = newAdmin("ended-typist");
		String other = newAdmin("ended-other");
		this.browser.signIn(typist, PASSWORD);
		this.browser.open("/admin/integrations/new");
		String name = "Typed by another admin " + UUID.randomUUID();
		this.browser.type(By.id("name"), name);
		this.browser.type(By.id("email"), "typist@example.com");
		this.browser.type(By.id("currentPassword"), PASSWORD);
		expireSession();
		this.browser.clickAndWaitForNewPage(By.id("save"));
		this.browser.waitForPath("/admin/login");

		this.browser.submitLogin(other, PASSWORD);

		this.browser.waitForPath("/admin/integrations/new");
		assertThat(this.browser.findAll(By.id("draft-restored"))).isEmpty();
		assertThat(this.browser.value(By.id("name"))).isEmpty();
		assertThat(this.browser.value(By.id("email"))).isEmpty();
		assertThat(this.browser.script("return sessionStorage.getItem('keyway.formDraft');")).isNull();
		assertNotSaved(name);
	}

	private String newAdmin(String prefix) {
		String username = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
		this.accounts.create(username, PASSWORD);
		return username;
	}

	/** The browser's session ends as an expiry ends it: gone from the database every node reads. */
	private void expireSession() {
		String cookie = this.browser.driver().manage().getCookieNamed("SESSION").getValue();
		String id = new String(Base64.getDecoder().decode(cookie), StandardCharsets.UTF_8);
		int deleted = this.jdbc.sql("DELETE FROM spring_session WHERE session_id = :id").param("id", id).update();
		assertThat(deleted).isEqualTo(1);
	}

	private Object checkedResources() {
		return this.browser.script("return Array.prototype.map.call("
				+ "document.querySelectorAll('input[name=resources]:checked'), function (b) { return b.value; });");
	}

	private void assertNotSaved(String name) {
		assertThat(this.integrations.search(new IntegrationQuery(name, null, null, false, 1, 20)).total()).isZero();
	}

	private Integration byName(String name) {
		return this.integrations.get(this.integrations.search(new IntegrationQuery(name, null, null, false, 1, 20))
			.items()
			.get(0)
			.id());
	}

}
