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
				kind.textContent = 'integration';""");

		Object lines = this.browser.script("""
				var kind = document.querySelector('table.audit .actor-kind');
				var range = document.createRange();
				range.selectNodeContents(kind);
				var tops = {};
				Array.prototype.forEach.call(range.getClientRects(), function (r) { tops[Math.round(r.top)] = true; });
				return Object.keys(tops).length;""");

		assertThat(((Number) lines).intValue()).as("lines of the word 'integration'").isEqualTo(1);
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

}
