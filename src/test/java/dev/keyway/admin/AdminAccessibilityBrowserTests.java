package dev.keyway.admin;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

import dev.keyway.audit.Actor;
import dev.keyway.integration.Integration;
import dev.keyway.integration.IntegrationDraft;
import dev.keyway.integration.IntegrationService;
import dev.keyway.testing.AdminBrowser;
import dev.keyway.testing.Axe;
import dev.keyway.testing.FakeThirdParty;
import dev.keyway.testing.KeywayIntegrationTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.keyway.testing.KeywayTestContextCustomizerFactory.ADMIN_PASSWORD;
import static dev.keyway.testing.KeywayTestContextCustomizerFactory.ADMIN_USERNAME;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * WCAG 2.2 AA in a real browser (issue 12.8): axe-core on every admin page and dialog, with zero
 * violations, and what axe cannot judge: names of masked fields, dialog labels, where focus goes,
 * the focus ring's contrast and the smallest text.
 */
@KeywayIntegrationTest
@Tag("browser")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminAccessibilityBrowserTests {

	static final String INTEGRATIONS = "Magento_Integration::integrations";

	static final Actor TEST = Actor.system("a11y test");

	@LocalServerPort
	int port;

	@Autowired
	IntegrationService integrations;

	AdminBrowser browser;

	String mainWindow;

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

	@BeforeEach
	void signIn() {
		this.mainWindow = this.browser.driver().getWindowHandle();
		this.browser.ensureSignedIn(ADMIN_USERNAME, ADMIN_PASSWORD);
	}

	@AfterEach
	void closePopups() {
		for (String handle : List.copyOf(this.browser.windowHandles())) {
			if (!handle.equals(this.mainWindow)) {
				this.browser.switchTo(handle);
				this.browser.driver().close();
			}
		}
		this.browser.switchTo(this.mainWindow);
	}

	@Test
	void everyAdminPageWhenCheckedByAxeThenNoWcag22AaViolation() {
		Map<String, List<String>> found = new LinkedHashMap<>();
		String name = "Axe " + UUID.randomUUID();
		Integration integration = create(name, null, null);

		check(found, "grid", "/admin/integrations");
		check(found, "new form, info tab", "/admin/integrations/new");
		this.browser.click(By.id("tab-api"));
		check(found, "new form, API tab");
		check(found, "edit form, info tab", "/admin/integrations/" + integration.id() + "/edit");
		this.browser.click(By.id("tab-api"));
		check(found, "edit form, API tab");
		this.browser.open("/admin/integrations/new");
		// refused by the server only (the browser's own checks catch a bad URL or e-mail before sending)
		this.browser.type(By.id("name"), "Axe errors " + UUID.randomUUID());
		this.browser.type(By.id("endpoint"), "https://example.com/callback");
		this.browser.type(By.id("currentPassword"), "not-the-password");
		this.browser.clickAndWaitForNewPage(By.id("save"));
		check(found, "form with server errors");
		check(found, "activation page", "/admin/integrations/" + integration.id() + "/activate");
		check(found, "delete page", "/admin/integrations/" + integration.id() + "/delete");
		this.browser.gridRow(name).findElement(By.cssSelector("a.activate-link")).click();
		this.browser.waitVisible(By.cssSelector("dialog#keyway-dialog #approve"));
		check(found, "approve dialog");
		this.browser.clickAndWaitForNewPage(By.cssSelector("dialog#keyway-dialog #approve"));
		this.browser.waitVisible(By.id("done"));
		check(found, "tokens page");
		this.browser.gridRow(name).findElement(By.cssSelector("a.delete")).click();
		this.browser.waitVisible(By.cssSelector("dialog#keyway-dialog #confirm-ok"));
		check(found, "delete dialog");
		check(found, "configuration: Web API", "/admin/config/webapi");
		check(found, "configuration: OAuth", "/admin/config/oauth");
		this.browser.type(By.id("setting-oauth-cleanup-expiration_period"), "0");
		this.browser.clickAndWaitForNewPage(By.id("save-config"));
		check(found, "configuration: OAuth with an error");
		check(found, "audit log", "/admin/audit");
		check(found, "webhook deliveries", "/admin/webhooks");
		check(found, "login success (popup)", "/admin/integrations/login-success");
		check(found, "identity-link popup", "/admin/integrations/" + integration.id() + "/identity-link");
		check(found, "error page", "/admin/no-such-page");
		try (FakeThirdParty party = FakeThirdParty.start()) {
			Integration handshake = create("Axe handshake " + UUID.randomUUID(), party.callbackUrl(),
					party.identityLinkUrl());
			this.browser.open("/admin/integrations/" + handshake.id() + "/activate");
			this.browser.clickAndWaitForNewPage(By.id("approve"));
			party.awaitPost(Duration.ofSeconds(10));
			this.browser.switchTo(this.mainWindow);
			this.browser.waitVisible(By.id("handshake"));
			check(found, "handshake page");
		}
		this.browser.signOut();
		check(found, "sign-in", "/admin/login");
		check(found, "sign-in with an error", "/admin/login?error");

		assertThat(found).as("axe-core violations (%s) by page", String.join(", ", Axe.TAGS))
			.allSatisfy((page, violations) -> assertThat(violations).as(page).isEmpty());
	}

	private void check(Map<String, List<String>> found, String page, String path) {
		this.browser.open(path);
		this.browser.waitForLoad();
		check(found, page);
	}

	private void check(Map<String, List<String>> found, String page) {
		found.put(page, new ArrayList<>(Axe.violations(this.browser)));
	}

	@Test
	void editWhenSecretsMaskedThenConsumerSecretIsNamedByItsLabelNotHidden() {
		Integration integration = create("Masked " + UUID.randomUUID(), null, null);
		this.browser.open("/admin/integrations/" + integration.id() + "/edit");

		WebElement secret = this.browser.waitVisible(By.id("consumer-secret"));

		assertThat(secret.getAccessibleName()).isEqualTo("Consumer Secret");
	}

	@Test
	void deleteWhenConfirmationOpensThenCancelHasFocusAndDialogIsLabelled() {
		String name = "Delete focus " + UUID.randomUUID();
		create(name, null, null);
		this.browser.gridRow(name).findElement(By.cssSelector("a.delete")).click();
		this.browser.waitVisible(By.cssSelector("dialog#keyway-dialog #confirm-ok"));

		assertThat(this.browser.script("return document.activeElement.textContent;")).isEqualTo("Cancel");
		assertThat(this.browser.script("""
				var d = document.getElementById('keyway-dialog');
				var id = d.getAttribute('aria-labelledby');
				var label = id && document.getElementById(id);
				return label && d.contains(label) ? label.textContent.trim() : null;""")).asString()
			.startsWith("Are you sure");
	}

	@Test
	void approveWhenDialogOpensThenDialogIsLabelledByItsHeading() {
		String name = "Dialog label " + UUID.randomUUID();
		create(name, null, null);
		this.browser.gridRow(name).findElement(By.cssSelector("a.activate-link")).click();
		this.browser.waitVisible(By.cssSelector("dialog#keyway-dialog #approve"));

		assertThat(this.browser.script("""
				var d = document.getElementById('keyway-dialog');
				var id = d.getAttribute('aria-labelledby');
				var label = id && document.getElementById(id);
				return label && d.contains(label) ? label.textContent.trim() : null;""")).isEqualTo("Activate '" + name + "'");
	}

	@Test
	void saveWhenServerRefusesThenFocusOnTheFirstInvalidField() {
		this.browser.open("/admin/integrations/new");
		this.browser.type(By.id("name"), "Focus " + UUID.randomUUID());
		this.browser.type(By.id("endpoint"), "https://example.com/callback");
		// a wrong password is refused by the server only (the browser's own checks catch a bad URL before sending)
		this.browser.type(By.id("currentPassword"), "not-the-password");

		this.browser.clickAndWaitForNewPage(By.id("save"));

		this.browser.waitVisible(By.cssSelector(".field.invalid"));
		assertThat(this.browser.script("return document.activeElement.id;")).isEqualTo("currentPassword");
	}

	@Test
	void anyPageWhenRenderedThenNoTextUnder12PxAndFocusRingContrastAtLeast3() {
		Map<String, Object> smallest = new LinkedHashMap<>();
		for (String path : List.of("/admin/integrations", "/admin/integrations/new", "/admin/config/oauth", "/admin/audit")) {
			this.browser.open(path);
			this.browser.waitForLoad();
			smallest.put(path, this.browser.script("""
					var small = [];
					document.querySelectorAll('body *').forEach(function (e) {
						var own = Array.prototype.some.call(e.childNodes, function (n) {
							return n.nodeType === 3 && n.textContent.trim() !== '';
						});
						var size = parseFloat(getComputedStyle(e).fontSize);
						if (own && size < 12 && e.getClientRects().length > 0) {
							small.push(e.tagName + '.' + e.className + ' ' + size + 'px');
						}
					});
					return small;"""));
		}
		assertThat(smallest).allSatisfy((path, small) -> assertThat((List<?>) small).as(path).isEmpty());

		this.browser.open("/admin/integrations");
		this.browser.find(By.tagName("body")).sendKeys(Keys.TAB);
		this.browser.find(By.id("filter-name")).sendKeys("");
		this.browser.script("document.getElementById('filter-name').blur();");
		this.browser.find(By.tagName("body")).sendKeys(Keys.TAB);
		Object ratio = this.browser.script("""
				function rgb(c) { var m = c.match(/[\\d.]+/g).map(Number); return m; }
				function lum(c) {
					var v = rgb(c).slice(0, 3).map(function (x) { x /= 255; return x <= 0.03928 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4); });
					return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2];
				}
				var e = document.activeElement;
				var s = getComputedStyle(e);
				if (s.outlineStyle === 'none' || parseFloat(s.outlineWidth) < 2) { return 0; }
				var c = s.outlineColor;
				if (rgb(c).length > 3 && rgb(c)[3] < 1) { return 0; }
				var bg = getComputedStyle(document.querySelector('.workspace') || document.body).backgroundColor;
				var a = lum(c), b = lum(bg);
				return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);""");
		assertThat(((Number) ratio).doubleValue()).as("focus ring contrast against the page").isGreaterThanOrEqualTo(3.0);
	}

	private Integration create(String name, String endpoint, String identityLinkUrl) {
		return this.integrations.create(new IntegrationDraft(name, null, endpoint, identityLinkUrl, false,
				List.of(INTEGRATIONS)), TEST);
	}

}
