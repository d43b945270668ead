package dev.keyway.admin;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;

import dev.keyway.audit.Actor;
import dev.keyway.integration.IntegrationDraft;
import dev.keyway.integration.IntegrationService;
import dev.keyway.testing.AdminBrowser;
import dev.keyway.testing.KeywayIntegrationTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.keyway.testing.KeywayTestContextCustomizerFactory.ADMIN_PASSWORD;
import static dev.keyway.testing.KeywayTestContextCustomizerFactory.ADMIN_USERNAME;
import static org.assertj.core.api.Assertions.assertThat;

/** Layout defects of issue 12.7, measured in a real browser. */
@KeywayIntegrationTest
@Tag("browser")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminLayoutBrowserTests {

	@LocalServerPort
	int port;

	@Autowired
	IntegrationService integrations;

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

	@BeforeEach
	void signIn() {
		this.browser.ensureSignedIn(ADMIN_USERNAME, ADMIN_PASSWORD);
	}

	@Test
	void configWhenRenderedThenEveryHelpNoteSitsRightUnderItsInput() {
		for (String path : List.of("/admin/config/oauth", "/admin/config/webapi")) {
			this.browser.open(path);
			this.browser.waitForLoad();
			@SuppressWarnings("unchecked")
			List<Number> gaps = (List<Number>) this.browser.script("""
					return Array.prototype.map.call(document.querySelectorAll('.config-group .field'), function (field) {
						var input = field.querySelector('input, select');
						var note = field.querySelector('.note');
						return note.getBoundingClientRect().top - input.getBoundingClientRect().bottom;
					});""");
			assertThat(gaps).as(path + ": pixels between an input and its note").isNotEmpty()
				.allSatisfy((gap) -> assertThat(gap.doubleValue()).isBetween(0.0, 8.0));
		}
	}

	@Test
	void auditWhenAnIntegrationActedThenItsKindIsNotBrokenMidWord() {
		this.integrations.create(new IntegrationDraft("Audit layout " + UUID.randomUUID(), null, null, null, false,
				List.of()), Actor.system("layout test"));
		this.browser.open("/admin/audit");
		this.browser.waitForLoad();
		// the longest kind, as the audit page shows it, in the "who" column
		this.browser.script("""
				var kind = document.querySelector('table.audit .actor-kind');
				kind.textContent = '(integration)';""");

		Object lines = this.browser.script("""
				var kind = document.querySelector('table.audit .actor-kind');
				var range = document.createRange();
				range.selectNodeContents(kind);
				var tops = {};
				Array.prototype.forEach.call(range.getClientRects(), function (r) { tops[Math.round(r.top)] = true; });
				return Object.keys(tops).length;""");

		assertThat(((Number) lines).intValue()).as("lines of '(integration)'").isEqualTo(1);
		@SuppressWarnings("unchecked")
		List<String> brokenActions = (List<String>) this.browser.script("""
				var broken = [];
				document.querySelectorAll('table.audit td code').forEach(function (code) {
					// every word of the action on one line: a word's characters share their top
					var range = document.createRange();
					code.childNodes.forEach(function (node) {
						if (node.nodeType === 3 && node.textContent.length > 1) {
							range.selectNodeContents(node);
							var tops = {};
							Array.prototype.forEach.call(range.getClientRects(), function (r) { tops[Math.round(r.top)] = true; });
							if (Object.keys(tops).length > 1) { broken.push(node.textContent); }
						}
					});
				});
				return broken;""");
		assertThat(brokenActions).as("words of actions broken across lines").isEmpty();
	}

	@Test
	void menuWhenWebApiReferenceThenOpensInANewTabWithoutOpener() {
		this.browser.open("/admin/integrations");

		WebElement link = this.browser.find(By.id("api-docs-link"));

		assertThat(link.getDomAttribute("target")).isEqualTo("_blank");
		assertThat(link.getDomAttribute("rel")).contains("noopener");
		assertThat(link.getAccessibleName()).isEqualTo("Web API reference (opens in a new tab)");
	}

	@Test
	void narrowWindowWhenReauthorizeDialogAndWebhookDeliveriesThenNoPageWiderThanTheWindowAndUsableFields() {
		var integration = this.integrations.create(new IntegrationDraft("Narrow " + UUID.randomUUID(), null, null, null,
				true, List.of()), Actor.system("layout test"));
		this.integrations.activate(integration.id(), Actor.system("layout test"));
		Dimension before = this.browser.driver().manage().window().getSize();
		try {
			this.browser.driver().manage().window().setSize(new Dimension(420, 900));
			for (String path : List.of("/admin/webhooks", "/admin/audit", "/admin/integrations/" + integration.id() + "/reauthorize")) {
				this.browser.open(path);
				this.browser.waitForLoad();
				Number page = (Number) this.browser.script("return document.documentElement.scrollWidth;");
				Number window = (Number) this.browser.script("return document.documentElement.clientWidth;");
				assertThat(page.intValue()).as(path + ": the page scrolls sideways").isLessThanOrEqualTo(window.intValue());
			}
			// the grace and expiry fields were about 20 px wide at this width
			for (WebElement field : this.browser.findAll(By.cssSelector(".reauthorize-options select, .reauthorize-options input"))) {
				assertThat(field.getSize().getWidth()).as(field.getDomAttribute("name")).isGreaterThan(200);
			}
		}
		finally {
			this.browser.driver().manage().window().setSize(before);
		}
	}

	@Test
	void webhookDeliveriesWhenWideWindowThenTheTableFitsWithoutScrolling() {
		this.browser.driver().manage().window().setSize(new Dimension(1280, 900));
		this.browser.open("/admin/webhooks");
		this.browser.waitForLoad();

		Number page = (Number) this.browser.script("return document.documentElement.scrollWidth;");
		Number wrap = (Number) this.browser.script("var w = document.querySelector('.table-wrap'); return w.scrollWidth - w.clientWidth;");
		assertThat(page.intValue()).isLessThanOrEqualTo(1280);
		assertThat(wrap.intValue()).as("the deliveries table scrolls inside its panel").isLessThanOrEqualTo(0);
	}

	@Test
	void unknownAdminPageWhenOpenedThenSaysThePageDoesNotExist() {
		this.browser.open("/admin/nosuchpage");

		assertThat(this.browser.find(By.tagName("h1")).getText()).isEqualTo("404 · This page does not exist");
		assertThat(this.browser.find(By.tagName("main")).getText()).doesNotContain("try again");
	}

}
