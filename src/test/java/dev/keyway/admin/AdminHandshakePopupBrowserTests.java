package dev.keyway.admin;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;

import dev.keyway.audit.Actor;
import dev.keyway.integration.Integration;
import dev.keyway.integration.IntegrationDraft;
import dev.keyway.integration.IntegrationService;
import dev.keyway.testing.AdminBrowser;
import dev.keyway.testing.FakeThirdParty;
import dev.keyway.testing.GoogleOAuthClient;
import dev.keyway.testing.Http;
import dev.keyway.testing.KeywayIntegrationTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.keyway.testing.KeywayTestContextCustomizerFactory.ADMIN_PASSWORD;
import static dev.keyway.testing.KeywayTestContextCustomizerFactory.ADMIN_USERNAME;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The identity-link popup in a browser whose pop-up blocker is ON (issue 12.3): the Allow click
 * opens it, so the browser lets it through, and it arrives at the identity link without an opener.
 */
@KeywayIntegrationTest
@Tag("browser")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminHandshakePopupBrowserTests {

	static final String INTEGRATIONS = "Magento_Integration::integrations";

	static final Actor TEST = Actor.system("popup test");

	@LocalServerPort
	int port;

	@Autowired
	IntegrationService integrations;

	AdminBrowser browser;

	String mainWindow;

	@BeforeAll
	void startBrowser() {
		this.browser = AdminBrowser.startWithPopupBlocker(this.port);
	}

	@AfterAll
	void stopBrowser() {
		if (this.browser != null) {
			this.browser.close();
		}
	}

	@BeforeEach
	void signIn() {
		this.mainWindow = this.browser.driver().getWindowHandle();
		this.browser.ensureSignedIn(ADMIN_USERNAME, ADMIN_PASSWORD);
	}

	@AfterEach
	void closePopups() {
		List<String> handles = List.copyOf(this.browser.windowHandles());
		for (String handle : handles) {
			if (!handle.equals(this.mainWindow)) {
				this.browser.switchTo(handle);
				this.browser.driver().close();
			}
		}
		this.browser.switchTo(this.mainWindow);
	}

	@Test
	void allowWhenPopupBlockerOnThenClickOpensPopupThatReachesTheIdentityLink() {
		try (FakeThirdParty party = FakeThirdParty.start()) {
			String name = "Popup " + UUID.randomUUID();
			create(name, party);
			String mainWindow = this.browser.driver().getWindowHandle();
			this.browser.gridRow(name).findElement(By.cssSelector("a.activate-link")).click();
			this.browser.waitVisible(By.cssSelector("dialog#keyway-dialog #approve"));

			this.browser.clickAndWaitForNewPage(By.cssSelector("dialog#keyway-dialog #approve"));

			String popup = awaitPopup(mainWindow);
			party.awaitPost(Duration.ofSeconds(10));
			assertThat(this.browser.find(By.cssSelector(".topbar h1")).getText()).isEqualTo("Activating '" + name + "'");
			this.browser.switchTo(popup);
			this.browser.waitUntil((d) -> d.getCurrentUrl().startsWith(party.identityLinkUrl() + "?"));
			assertThat(this.browser.script("return window.opener === null;")).as("window.opener in the popup")
				.isEqualTo(Boolean.TRUE);
			assertThat(party.identityLinkRequests()).hasSize(1);
		}
	}

	@Test
	void allowWhenClickedThenWindowOpenRunsInsideTheClicksUserActivation() {
		try (FakeThirdParty party = FakeThirdParty.start()) {
			String name = "Activation " + UUID.randomUUID();
			create(name, party);
			this.browser.gridRow(name).findElement(By.cssSelector("a.activate-link")).click();
			WebElement allow = this.browser.waitVisible(By.cssSelector("dialog#keyway-dialog #approve"));
			// keep the page: only the click's own effects are under test here
			this.browser.script("arguments[0].form.addEventListener('submit', function (e) { e.preventDefault(); });",
					allow);

			allow.click();

			assertThat(this.browser.find(By.tagName("body")).getDomAttribute("data-popup-opened-in-click"))
				.isEqualTo("true");
			assertThat(this.browser.windowHandles()).as("windows right after the click").hasSize(2);
		}
	}

	@Test
	void reauthorizeWhenHandshakeThenHeadingSaysReauthorizing() throws java.io.IOException {
		try (FakeThirdParty party = FakeThirdParty.start()) {
			String name = "Reauthorizing " + UUID.randomUUID();
			Integration integration = create(name, party);
			this.integrations.activate(integration.id(), TEST);
			FakeThirdParty.Post first = party.awaitPost(Duration.ofSeconds(10));
			GoogleOAuthClient.exchange(new Http(this.port).url("/"), first.get("oauth_consumer_key"),
					first.get("oauth_consumer_secret"), first.get("oauth_verifier"));
			String mainWindow = this.browser.driver().getWindowHandle();
			this.browser.gridRow(name).findElement(By.cssSelector("a.activate-link")).click();
			this.browser.waitVisible(By.cssSelector("dialog#keyway-dialog #approve"));

			this.browser.clickAndWaitForNewPage(By.cssSelector("dialog#keyway-dialog #approve"));

			this.browser.waitForPath("/admin/integrations/" + integration.id() + "/handshake");
			assertThat(this.browser.find(By.cssSelector(".topbar h1")).getText())
				.isEqualTo("Reauthorizing '" + name + "'");
			this.browser.switchTo(awaitPopup(mainWindow));
			this.browser.waitUntil((d) -> d.getCurrentUrl().startsWith(party.identityLinkUrl() + "?"));
		}
	}

	@Test
	void gridWhenStillWaitingAndThe3rdPartyPageFinishesLaterThenSaysActivated() throws java.io.IOException {
		try (FakeThirdParty party = FakeThirdParty.start()) {
			String name = "Late finish " + UUID.randomUUID();
			Integration integration = create(name, party);
			this.integrations.activate(integration.id(), TEST);
			FakeThirdParty.Post post = party.awaitPost(Duration.ofSeconds(10));
			// "I have finished on the 3rd party page" clicked before the 3rd party page was done
			this.browser.open("/admin/integrations?handshake=" + integration.id() + "&mode=activate");
			assertThat(this.browser.message("notice")).isEqualTo("The integration '" + name
					+ "' is still waiting for the third party to complete the token exchange. Use Activate to send the credentials again.");

			GoogleOAuthClient.exchange(new Http(this.port).url("/"), post.get("oauth_consumer_key"),
					post.get("oauth_consumer_secret"), post.get("oauth_verifier"));
			// then the 3rd party page sends the popup to the success URL
			this.browser.driver().switchTo().newWindow(WindowType.WINDOW);
			this.browser.open("/admin/integrations/login-success");
			this.browser.switchTo(this.mainWindow);

			this.browser.waitUntil((d) -> !d.findElements(By.cssSelector(".message.success")).isEmpty());
			assertThat(this.browser.message("success")).isEqualTo("The integration '" + name + "' has been activated.");
			assertThat(this.browser.messages("notice")).isEmpty();
		}
	}

	private String awaitPopup(String mainWindow) {
		return this.browser.waitUntil((d) -> (d.getWindowHandles().size() == 2)
				? d.getWindowHandles().stream().filter((h) -> !h.equals(mainWindow)).findFirst().orElse(null) : null);
	}

	private Integration create(String name, FakeThirdParty party) {
		return this.integrations.create(new IntegrationDraft(name, null, party.callbackUrl(), party.identityLinkUrl(),
				false, List.of(INTEGRATIONS)), TEST);
	}

}
