package dev.keyway.admin;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import com.github.scribejava.core.model.Verb;
import tools.jackson.databind.json.JsonMapper;

import dev.keyway.testing.AdminApi;
import dev.keyway.testing.AdminBrowser;
import dev.keyway.testing.Axe;
import dev.keyway.testing.Eventually;
import dev.keyway.testing.GoogleOAuthClient;
import dev.keyway.testing.Http;
import dev.keyway.testing.KeywayIntegrationTest;
import dev.keyway.testing.OAuthClientCredentials;
import dev.keyway.testing.ScribeOAuthClient;
import dev.keyway.testing.SignedCalls;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static dev.keyway.testing.KeywayTestContextCustomizerFactory.ADMIN_PASSWORD;
import static dev.keyway.testing.KeywayTestContextCustomizerFactory.ADMIN_USERNAME;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 16.2: the Edit page's API health panel explains refused calls made by independent libraries
 * (google-oauth-client, ScribeJava): reason, request, source, base string and signature method for a
 * signature failure; no WCAG 2.2 AA violation (axe-core); screenshot {@code integration-health.png}.
 */
@KeywayIntegrationTest
@Tag("browser")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminHealthBrowserTests {

	private static final String PRODUCT = "/rest/V1/products/SP-TN-003";

	@LocalServerPort
	int port;

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
	void editPageWhenCallsRefusedThenApiHealthExplainsEachWithoutAxeViolation() throws Exception {
		Instant started = Instant.now();
		Http http = new Http(this.port);
		AdminApi admin = new AdminApi(http);
		OAuthClientCredentials client = SignedCalls.integration(admin, "Storefront sync",
				List.of("Magento_Catalog::products"));
		long id = this.jdbc.sql("SELECT i.id FROM integrations i JOIN oauth_consumers c ON c.id = i.consumer_id "
				+ "WHERE c.consumer_key = :key")
			.param("key", client.consumerKey())
			.query(Long.class)
			.single();
		assertThat(GoogleOAuthClient.call("GET", http.url(PRODUCT), client, null).status()).isEqualTo(200);
		// the client signs with a wrong token secret: bad_signature
		OAuthClientCredentials wrongSecret = new OAuthClientCredentials(client.consumerKey(), client.consumerSecret(),
				client.accessToken(), "w".repeat(32));
		assertThat(GoogleOAuthClient.call("GET", http.url(PRODUCT), wrongSecret, null).status()).isEqualTo(401);
		// a route the integration was not granted: resource_not_granted
		assertThat(ScribeOAuthClient.call(Verb.GET, http.url("/rest/V1/integrations"), client, null).status())
			.isEqualTo(401);
		Eventually.within(Duration.ofSeconds(20), "both refusals are written", () -> {
			Map<?, ?> health = JsonMapper.shared().readValue(admin.get("/rest/V1/integrations/" + id + "/health").body(),
					Map.class);
			return ((List<?>) health.get("recent_refusals")).size() == 2 && health.get("last_used_at") != null;
		});

		this.browser.ensureSignedIn(ADMIN_USERNAME, ADMIN_PASSWORD);
		this.browser.open("/admin/integrations/" + id + "/edit");
		this.browser.waitForLoad();

		assertThat(this.browser.find(By.id("health-title")).getText()).isEqualTo("API health");
		assertThat(this.browser.find(By.id("health-last-used")).getText())
			.matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2} UTC from 127\\.0\\.0\\.1");
		assertThat(this.browser.find(By.id("health-requests")).getText()).isEqualTo("1");
		assertThat(this.browser.find(By.id("health-refusals")).getText()).isEqualTo("2");
		assertThat(this.browser.find(By.id("health-reasons")).getText()).contains("bad_signature")
			.contains("resource_not_granted");
		List<String> rows = this.browser.findAll(By.cssSelector("#health-recent tbody tr"))
			.stream()
			.map((row) -> row.getText())
			.toList();
		assertThat(rows).hasSize(2);
		// the time as the audit log shows it, the exact instant in the element's datetime
		WebElement when = this.browser.find(By.cssSelector("#health-recent tbody tr:first-child time"));
		assertThat(when.getText()).matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}");
		assertThat(Instant.parse(when.getDomAttribute("datetime"))).isBetween(started, Instant.now());
		assertThat(rows.get(0)).contains("GET /rest/V1/integrations").contains("resource_not_granted").contains("127.0.0.1");
		assertThat(rows.get(1)).contains("GET " + PRODUCT)
			.contains("bad_signature")
			.contains("Signature method: HMAC-SHA256")
			.contains("GET&http%3A%2F%2Flocalhost")
			.contains("oauth_token%3D%2528token%2529")
			.doesNotContain(client.accessToken())
			.doesNotContain(client.consumerSecret());
		assertThat(Axe.violations(this.browser)).as("axe-core violations on the Edit page with refusals").isEmpty();
		// issue 16.3: the grid's Last used column shows the same time
		String lastUsed = this.browser.find(By.id("health-last-used")).getText().replace(" UTC from 127.0.0.1", "");
		this.browser.open("/admin/integrations?name=Storefront");
		this.browser.waitForLoad();
		assertThat(this.browser.find(By.cssSelector("table#integrations-grid tr[data-id='" + id + "'] .last-used")).getText())
			.isEqualTo(lastUsed)
			.matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}");
		this.browser.open("/admin/integrations/" + id + "/edit");
		this.browser.waitForLoad();

		// the bad_signature row with its base string at the top of the viewport
		this.browser.script("document.querySelector('#health-recent tbody tr:last-child').scrollIntoView()");
		this.browser.screenshot("integration-health");
	}

	/**
	 * Issue 16, second slice: counts since creation and the refusing node on the Edit page, the debug
	 * answer switched on there (POST → redirect → GET) with its warning in the grid; screenshot
	 * {@code integration-explainer.png}.
	 */
	@Test
	void editPageWhenDebugAnswerSwitchedOnThenExplainerShowsTotalsNodeAndGridWarns() throws Exception {
		Http http = new Http(this.port);
		AdminApi admin = new AdminApi(http);
		OAuthClientCredentials client = SignedCalls.integration(admin, "Warehouse feed",
				List.of("Magento_Catalog::products"));
		long id = this.jdbc.sql("SELECT i.id FROM integrations i JOIN oauth_consumers c ON c.id = i.consumer_id "
				+ "WHERE c.consumer_key = :key")
			.param("key", client.consumerKey())
			.query(Long.class)
			.single();
		assertThat(GoogleOAuthClient.call("GET", http.url(PRODUCT), client, null).status()).isEqualTo(200);
		OAuthClientCredentials wrongSecret = new OAuthClientCredentials(client.consumerKey(), client.consumerSecret(),
				client.accessToken(), "v".repeat(32));
		assertThat(GoogleOAuthClient.call("GET", http.url(PRODUCT), wrongSecret, null).status()).isEqualTo(401);
		Eventually.within(Duration.ofSeconds(20), "the call and the refusal are written", () -> {
			Map<?, ?> health = JsonMapper.shared().readValue(admin.get("/rest/V1/integrations/" + id + "/health").body(),
					Map.class);
			return ((Number) health.get("requests_total")).longValue() == 1
					&& ((List<?>) health.get("recent_refusals")).size() == 1;
		});

		this.browser.ensureSignedIn(ADMIN_USERNAME, ADMIN_PASSWORD);
		this.browser.open("/admin/integrations/" + id + "/edit");
		this.browser.waitForLoad();
		assertThat(this.browser.find(By.id("health-requests-total")).getText()).isEqualTo("1");
		assertThat(this.browser.find(By.id("health-refusals-total")).getText()).isEqualTo("1");
		assertThat(this.browser.find(By.cssSelector("#health-recent tbody tr td.node")).getText()).isNotBlank()
			.isNotEqualTo("(not recorded)");
		assertThat(this.browser.find(By.id("debug-answer-state")).getText()).startsWith("Off");

		this.browser.clickAndWaitForNewPage(By.id("debug-answer-on"));
		assertThat(this.browser.message("success")).startsWith("The debug answer is on until ");
		assertThat(this.browser.find(By.id("debug-answer-state")).getText()).startsWith("On until ");
		assertThat(this.browser.findAll(By.id("debug-answer-off"))).hasSize(1);
		assertThat(Axe.violations(this.browser)).as("axe-core violations with the debug answer on").isEmpty();
		this.browser.script("document.getElementById('debug-answer').scrollIntoView()");
		this.browser.screenshot("integration-explainer");

		this.browser.open("/admin/integrations?name=Warehouse");
		this.browser.waitForLoad();
		String row = "table#integrations-grid tr[data-id='" + id + "']";
		assertThat(this.browser.find(By.cssSelector(row + " .debug-answer-badge")).getText())
			.startsWith("Debug answer on until ");
		assertThat(this.browser.find(By.cssSelector(row + " td.calls")).getText()).isEqualTo("1 passed, 1 refused");
		// the counts lead to why the refused calls were refused
		this.browser.clickAndWaitForNewPage(By.cssSelector(row + " td.calls a"));
		assertThat(this.browser.driver().getCurrentUrl()).endsWith("/admin/integrations/" + id + "/edit#health");
		assertThat(this.browser.find(By.cssSelector("#health-recent tbody tr td.node")).isDisplayed()).isTrue();

		// switched off again: no warning
		this.browser.open("/admin/integrations/" + id + "/edit");
		this.browser.waitForLoad();
		this.browser.clickAndWaitForNewPage(By.id("debug-answer-off"));
		assertThat(this.browser.find(By.id("debug-answer-state")).getText()).startsWith("Off");
	}

}
