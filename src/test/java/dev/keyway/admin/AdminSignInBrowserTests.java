package dev.keyway.admin;

import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.WindowType;

import dev.keyway.account.AdminAccounts;
import dev.keyway.settings.RuntimeSettings;
import dev.keyway.settings.Setting;
import dev.keyway.testing.AdminBrowser;
import dev.keyway.testing.KeywayIntegrationTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sign-in in a real browser (issue 12.6): a user name that does not exist gets, after as many failures
 * as lock an account, exactly the message a locked account gets, so the page tells nobody which user
 * names exist; the message says how long a lock lasts and the user name stays in its field. A form
 * sent after Sign Out in another tab reads as an expired session and leads back to its page.
 */
@KeywayIntegrationTest
@Tag("browser")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminSignInBrowserTests {

	static final String PASSWORD = "sign-in-browser-password-1";

	@LocalServerPort
	int port;

	@Autowired
	AdminAccounts accounts;

	@Autowired
	RuntimeSettings settings;

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
	void signInWhenUserNameUnknownThenTheLockOutMessageOfAnExistingAccount() {
		int max = this.settings.number(Setting.MAX_LOGIN_FAILURES);
		String lockedName = "locked-" + UUID.randomUUID().toString().substring(0, 8);
		long lockedId = this.accounts.create(lockedName, PASSWORD).id();
		for (int i = 0; i < max; i++) {
			this.accounts.checkPassword(lockedId, "wrong");
		}
		assertThat(this.accounts.lockedUntil(lockedName)).isPresent();
		this.browser.signOut();
		this.browser.open("/admin/login");
		this.browser.submitLogin(lockedName, PASSWORD);
		String lockedMessage = this.browser.message("error");

		String unknown = "nobody-" + UUID.randomUUID().toString().substring(0, 8);
		for (int i = 0; i <= max; i++) {
			this.browser.submitLogin(unknown, "wrong password " + i);
		}

		assertThat(this.browser.message("error")).isEqualTo(lockedMessage)
			.contains("after " + max + " failed sign-ins in a row an account is locked for");
		assertThat(this.browser.value(By.id("username"))).isEqualTo(unknown);
		assertThat(this.browser.driver().getCurrentUrl()).doesNotContain(unknown);
		assertThat(this.browser.script("return document.activeElement.id;")).isEqualTo("password");
		this.browser.screenshot("login-error");
	}

	@Test
	void saveWhenSignedOutInAnotherTabThenSessionExpiredAndBackOnTheFormAfterSignIn() {
		String username = "two-tabs-" + UUID.randomUUID().toString().substring(0, 8);
		this.accounts.create(username, PASSWORD);
		this.browser.signIn(username, PASSWORD);
		this.browser.open("/admin/integrations/new");
		String form = this.browser.driver().getWindowHandle();
		this.browser.type(By.id("name"), "Typed before sign-out " + UUID.randomUUID());
		this.browser.driver().switchTo().newWindow(WindowType.TAB);
		this.browser.open("/admin/integrations");
		this.browser.clickAndWaitForNewPage(By.cssSelector("form.signout button"));
		this.browser.driver().close();
		this.browser.switchTo(form);

		this.browser.type(By.id("currentPassword"), PASSWORD);
		this.browser.clickAndWaitForNewPage(By.id("save"));

		assertThat(this.browser.messages("notice")).contains("Your session expired. Please sign in again.");
		assertThat(this.browser.driver().getCurrentUrl()).doesNotContain(PASSWORD);
		this.browser.screenshot("login-after-sign-out-in-another-tab");
		this.browser.submitLogin(username, PASSWORD);
		this.browser.waitForPath("/admin/integrations/new");
	}

}
