package dev.keyway.admin;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

import dev.keyway.account.AdminAccounts;
import dev.keyway.acl.AclTree;
import dev.keyway.audit.Actor;
import dev.keyway.integration.Integration;
import dev.keyway.integration.DeclaredIntegrationsFixture;
import dev.keyway.integration.IntegrationDraft;
import dev.keyway.integration.IntegrationQuery;
import dev.keyway.integration.IntegrationService;
import dev.keyway.integration.IntegrationStatus;
import dev.keyway.settings.RuntimeSettings;
import dev.keyway.settings.Setting;
import dev.keyway.settings.SettingsService;
import dev.keyway.testing.AdminApi;
import dev.keyway.testing.AdminBrowser;
import dev.keyway.testing.FakeThirdParty;
import dev.keyway.testing.GoogleOAuthClient;
import dev.keyway.testing.Http;
import dev.keyway.testing.KeywayIntegrationTest;
import dev.keyway.testing.OAuthClientCredentials;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

import static dev.keyway.testing.KeywayTestContextCustomizerFactory.ADMIN_PASSWORD;
import static dev.keyway.testing.KeywayTestContextCustomizerFactory.ADMIN_USERNAME;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin UI in a real browser (headless Debian chromium) against the running server, step by
 * step as {@code seed/integrations.md} and SPEC 2–3 describe it: sign in, add an integration with
 * Custom resources, the form's errors, edit, Save &amp; Activate with Allow, Reauthorize, Delete with
 * OK, guest access on the Web API configuration page, and the handshake with a fake third party.
 * Saves a screenshot of each main page to {@code docs/screenshots/}. One browser for the class.
 */
@KeywayIntegrationTest
@Tag("browser")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminBrowserTests {

	static final String TOKEN = "[0-9a-z]{32}";

	static final String CATALOG = "Magento_Catalog::catalog";

	static final String INVENTORY = "Magento_Catalog::catalog_inventory";

	static final String INTEGRATIONS = "Magento_Integration::integrations";

	/** Granted beside INTEGRATIONS so that a signed call can prove the tokens work: an order read. */
	static final String ORDERS = "Magento_Sales::actions_view";

	static final String SIGNED_CHECK = "/rest/V1/orders/4";

	static final Actor TEST = Actor.system("browser test setup");

	@LocalServerPort
	int port;

	@Autowired
	IntegrationService integrations;

	@Autowired
	AdminAccounts accounts;

	@Autowired
	AclTree tree;

	@Autowired
	RuntimeSettings settings;

	@Autowired
	SettingsService settingsService;

	@Autowired
	ApplicationContext context;

	AdminBrowser browser;

	Http http;

	Map<Setting, String> settingsBefore;

	@BeforeAll
	void startBrowser() {
		this.browser = AdminBrowser.start(this.port);
		this.http = new Http(this.port);
	}

	@AfterAll
	void stopBrowser() {
		if (this.browser != null) {
			this.browser.close();
		}
	}

	@BeforeEach
	void signInAndRememberSettings() {
		this.settingsBefore = new LinkedHashMap<>(this.settings.all());
		this.browser.ensureSignedIn(ADMIN_USERNAME, ADMIN_PASSWORD);
	}

	@AfterEach
	void restoreSettingsAndWindows() {
		Map<String, String> restore = new LinkedHashMap<>();
		this.settings.all().forEach((setting, value) -> {
			if (!value.equals(this.settingsBefore.get(setting))) {
				restore.put(setting.path(), this.settingsBefore.get(setting));
			}
		});
		if (!restore.isEmpty()) {
			this.settingsService.update(restore, TEST);
		}
		List<String> handles = new ArrayList<>(this.browser.windowHandles());
		for (int i = 1; i < handles.size(); i++) {
			this.browser.switchTo(handles.get(i));
			this.browser.driver().close();
		}
		this.browser.switchTo(handles.get(0));
	}

	// ---- sign in (SPEC 3) ----

	@Test
	void signInWhenPasswordCorrectThenIntegrationsGridShown() {
		this.browser.signOut();
		this.browser.open("/admin/integrations");
		this.browser.waitForPath("/admin/login");
		assertThat(this.browser.find(By.tagName("h1")).getText()).isEqualTo("Welcome, please sign in");
		this.browser.screenshot("login");

		this.browser.submitLogin(ADMIN_USERNAME, ADMIN_PASSWORD);

		this.browser.waitForPath("/admin/integrations");
		assertThat(this.browser.find(By.tagName("h1")).getText()).isEqualTo("Integrations");
		assertThat(this.browser.find(By.cssSelector(".breadcrumb")).getText()).isEqualTo("System › Extensions › Integrations");
		assertThat(this.browser.find(By.id("add-integration")).getText()).isEqualTo("Add New Integration");
		assertThat(this.browser.find(By.cssSelector(".topbar .who")).getText()).isEqualTo("Signed in as " + ADMIN_USERNAME);
	}

	@Test
	void signOutWhenClickedThenSignedOutAndAdminPagesClosed() {
		this.browser.clickAndWaitForNewPage(By.cssSelector("form.signout button[type=submit]"));

		this.browser.waitForPath("/admin/login");
		assertThat(this.browser.driver().getCurrentUrl()).as("the page after Sign Out")
			.isEqualTo(this.browser.url("/admin/login?signedOut"));
		assertThat(this.browser.messages("notice")).as("no 'session expired' notice after Sign Out").isEmpty();
		assertThat(this.browser.message("success")).isEqualTo("You have signed out.");
		this.browser.open("/admin/config/webapi");
		this.browser.waitForPath("/admin/login");
	}

	@Test
	void signInWhenPasswordWrongThenErrorShownAndGridStaysClosed() {
		this.browser.signOut();
		this.browser.open("/admin/login");

		this.browser.submitLogin(ADMIN_USERNAME, "not-the-password");

		this.browser.waitForPath("/admin/login");
		assertThat(this.browser.message("error")).startsWith("The user name or the password is wrong, or the account is locked");
		assertThat(this.browser.value(By.id("username"))).isEqualTo(ADMIN_USERNAME);
		this.browser.open("/admin/integrations");
		this.browser.waitForPath("/admin/login");
		assertThat(this.browser.findAll(By.id("integrations-grid"))).isEmpty();
		// a correct sign-in clears the shared admin's failure count again
		this.browser.submitLogin(ADMIN_USERNAME, ADMIN_PASSWORD);
		this.browser.waitForPath("/admin/integrations");
	}

	@Test
	void signInWhenAccountLockedThenLockMessageShownEvenWithTheRightPassword() {
		String username = "locked-" + UUID.randomUUID().toString().substring(0, 8);
		String password = "locked-admin-password-1";
		this.accounts.create(username, password);
		int maxFailures = this.settings.number(Setting.MAX_LOGIN_FAILURES);
		assertThat(maxFailures).as("Maximum Login Failures must be on for this test").isPositive();
		this.browser.signOut();
		this.browser.open("/admin/login");
		for (int i = 0; i < maxFailures; i++) {
			this.browser.submitLogin(username, "wrong-password-" + i);
		}
		assertThat(this.accounts.lockedUntil(username)).isPresent();

		this.browser.submitLogin(username, password);

		this.browser.waitForPath("/admin/login");
		// the same message as a wrong password or an unknown user name (issue 12.6: no user enumeration)
		assertThat(this.browser.driver().getCurrentUrl()).endsWith("?error");
		assertThat(this.browser.message("error")).startsWith("The user name or the password is wrong, or the account is locked: after "
				+ maxFailures + " failed sign-ins in a row an account is locked for ");
		this.browser.open("/admin/integrations");
		this.browser.waitForPath("/admin/login");
	}

	// ---- grid (SPEC 2.2) ----

	@Test
	void gridWhenSeveralIntegrationsThenColumnsStatusesAndNotices() {
		// readable names for the screenshot: unique in the test database, no other test uses them
		Integration erp = create("Acme ERP connector", "erp@acme.example", null, null, false, List.of(INTEGRATIONS));
		this.integrations.activate(erp.id(), TEST);
		create("Marketplace feed connector", "feeds@market.example", "https://market.example/keyway/callback",
				"https://market.example/keyway/link", false, List.of(CATALOG));
		create("Legacy stock connector", "it@legacy.example", "http://legacy.example/callback",
				"http://legacy.example/link", true, List.of());
		create("Shipping labels connector", "ops@ship.example", null, null, false, List.of("Magento_Sales::sales"));

		this.browser.open("/admin/integrations");
		this.browser.type(By.id("filter-name"), "connector");
		this.browser.clickAndWaitForNewPage(By.cssSelector("form.filters button[type=submit]"));

		List<String> headers = this.browser.findAll(By.cssSelector("table#integrations-grid thead th"))
			.stream()
			.map((header) -> header.getDomProperty("textContent").strip())
			.toList();
		assertThat(headers).containsExactly("Name", "Status", "Last used (UTC)", "Calls since creation", "Activate", "Edit",
				"Delete");
		List<WebElement> rows = this.browser.findAll(By.cssSelector("table#integrations-grid tr[data-id]"));
		assertThat(rows).extracting((row) -> row.findElement(By.cssSelector(".name")).getText())
			.containsExactly("Acme ERP connector", "Legacy stock connector", "Marketplace feed connector",
					"Shipping labels connector");
		WebElement active = this.browser.rowOnPage("Acme ERP connector");
		assertThat(active.findElement(By.cssSelector(".status")).getText()).isEqualTo("Active");
		assertThat(active.findElement(By.cssSelector("a.activate-link")).getText()).isEqualTo("Reauthorize");
		WebElement insecure = this.browser.rowOnPage("Legacy stock connector");
		assertThat(insecure.findElement(By.cssSelector(".insecure")).getText()).isEqualTo("Integration not secure");
		assertThat(insecure.findElement(By.cssSelector(".status")).getText()).isEqualTo("Inactive");
		// never called: no time element, the word
		assertThat(insecure.findElement(By.cssSelector(".last-used")).getText()).isEqualTo("Never");
		assertThat(insecure.findElements(By.cssSelector(".last-used time"))).isEmpty();
		assertThat(insecure.findElement(By.cssSelector("a.activate-link")).getText()).isEqualTo("Activate");
		assertThat(insecure.findElement(By.cssSelector("a.edit-link")).getText()).isEqualTo("Edit");
		assertThat(this.browser.rowOnPage("Marketplace feed connector").findElements(By.cssSelector(".insecure")))
			.isEmpty();
		this.browser.screenshot("grid");

		this.browser.select(By.id("filter-status"), "1");
		this.browser.clickAndWaitForNewPage(By.cssSelector("form.filters button[type=submit]"));
		assertThat(this.browser.findAll(By.cssSelector("table#integrations-grid tr[data-id] .name")))
			.extracting(WebElement::getText)
			.containsExactly("Acme ERP connector");
		this.browser.select(By.id("filter-status"), "");
		this.browser.clickAndWaitForNewPage(By.cssSelector("form.filters button[type=submit]"));
		this.browser.clickAndWaitForNewPage(By.cssSelector("table#integrations-grid th a.sort"));
		assertThat(this.browser.findAll(By.cssSelector("table#integrations-grid tr[data-id] .name")))
			.extracting(WebElement::getText)
			.containsExactly("Shipping labels connector", "Marketplace feed connector", "Legacy stock connector",
					"Acme ERP connector");

		this.browser.type(By.id("filter-name"), "no such integration " + UUID.randomUUID());
		this.browser.clickAndWaitForNewPage(By.cssSelector("form.filters button[type=submit]"));
		assertThat(this.browser.find(By.cssSelector("table#integrations-grid td.empty")).getText())
			.isEqualTo("We couldn't find any records.");
	}

	// ---- add, errors, edit (SPEC 2.3) ----

	@Test
	void createWhenCustomResourceCheckedThenSubtreeCheckedAndGranted() {
		String name = "Catalog sync";
		this.browser.open("/admin/integrations");
		this.browser.clickAndWaitForNewPage(By.id("add-integration"));
		this.browser.waitForPath("/admin/integrations/new");
		assertThat(this.browser.find(By.tagName("h1")).getText()).isEqualTo("New Integration");
		this.browser.type(By.id("name"), name);
		this.browser.type(By.id("email"), "catalog-sync@example.com");
		this.browser.type(By.id("endpoint"), "https://catalog-sync.example.com/oauth/callback");
		this.browser.type(By.id("currentPassword"), ADMIN_PASSWORD);
		this.browser.scrollToTop();
		assertThat(this.browser.find(By.id("endpoint-note")).getText()).isEqualTo(
				"Enter the URL where Keyway posts the OAuth credentials when the integration uses OAuth for token exchange. We strongly recommend using https://.");
		assertThat(this.browser.find(By.id("identity-note")).getText()).isEqualTo(
				"URL to redirect the user to, to link their 3rd party account with this Keyway integration's credentials.");
		this.browser.screenshot("form-info");

		this.browser.click(By.id("tab-api"));
		this.browser.select(By.id("resourceAccess"), "custom");
		clickResource(resourceBox(INVENTORY));

		Set<String> subtree = this.tree.withDescendants(List.of(INVENTORY));
		assertThat(subtree).hasSizeGreaterThan(2);
		for (String id : subtree) {
			assertThat(this.browser.find(resourceBox(id)).isSelected()).as(id + " checked with its ancestor").isTrue();
		}
		assertThat(this.browser.find(resourceBox(CATALOG)).isSelected()).as("Inventory is Catalog's only child").isTrue();
		assertThat(this.browser.find(resourceBox("Magento_Sales::sales")).isSelected()).isFalse();
		Set<String> seenChecked = new java.util.LinkedHashSet<>();
		this.browser.findAll(By.cssSelector("input[name=resources]:checked"))
			.forEach((box) -> seenChecked.add(box.getDomAttribute("value")));
		this.browser.screenshot("form-api");

		this.browser.click(By.id("tab-info"));
		this.browser.clickAndWaitForNewPage(By.id("save"));

		this.browser.waitForPath("/admin/integrations");
		assertThat(this.browser.message("success")).isEqualTo("The integration '" + name + "' has been saved.");
		WebElement row = this.browser.gridRow(name);
		assertThat(row.findElement(By.cssSelector(".status")).getText()).isEqualTo("Inactive");
		Integration saved = this.integrations.get(Long.parseLong(row.getDomAttribute("data-id")));
		assertThat(saved.email()).isEqualTo("catalog-sync@example.com");
		assertThat(saved.grant().all()).isFalse();
		assertThat(saved.grant().resources()).as("exactly what was seen checked").isEqualTo(seenChecked)
			.containsAll(subtree);
	}

	@Test
	void createWhenNameExistsThenErrorShownAndValuesKept() {
		String name = "Duplicate " + UUID.randomUUID();
		create(name, null, null, null, false, List.of(INTEGRATIONS));
		this.browser.open("/admin/integrations/new");
		this.browser.type(By.id("name"), name);
		this.browser.type(By.id("email"), "second@example.com");
		this.browser.type(By.id("endpoint"), "https://second.example.com/callback");
		this.browser.type(By.id("identityLinkUrl"), "https://second.example.com/link");
		this.browser.type(By.id("currentPassword"), ADMIN_PASSWORD);
		this.browser.click(By.id("tab-api"));
		clickResource(resourceBox("Magento_Cms::page"));
		this.browser.click(By.id("tab-info"));

		this.browser.clickAndWaitForNewPage(By.id("save"));

		String message = "The integration with name \"" + name + "\" exists.";
		assertThat(this.browser.message("error")).isEqualTo(message);
		assertThat(this.browser.find(By.id("name-error")).getText()).isEqualTo(message);
		assertThat(this.browser.value(By.id("name"))).isEqualTo(name);
		assertThat(this.browser.value(By.id("email"))).isEqualTo("second@example.com");
		assertThat(this.browser.value(By.id("endpoint"))).isEqualTo("https://second.example.com/callback");
		assertThat(this.browser.value(By.id("identityLinkUrl"))).isEqualTo("https://second.example.com/link");
		assertThat(this.browser.value(By.id("currentPassword"))).isEmpty();
		assertThat(this.browser.find(resourceBox("Magento_Cms::page")).isSelected()).isTrue();
		assertThat(this.integrations.search(new IntegrationQuery(name, null, null, false, 1, 20)).total()).isEqualTo(1);
	}

	@Test
	void createWhenYourPasswordWrongThenErrorShownValuesKeptAndNothingSaved() {
		String name = "Wrong password " + UUID.randomUUID();
		this.browser.open("/admin/integrations/new");
		this.browser.type(By.id("name"), name);
		this.browser.type(By.id("email"), "pw@example.com");
		this.browser.type(By.id("endpoint"), "https://pw.example.com/callback");
		this.browser.type(By.id("currentPassword"), "not-my-password");
		this.browser.click(By.id("tab-api"));
		this.browser.select(By.id("resourceAccess"), "all");
		this.browser.click(By.id("tab-info"));

		this.browser.clickAndWaitForNewPage(By.id("save"));

		String message = "The password entered for the current user is invalid. Verify the password and try again.";
		assertThat(this.browser.message("error")).isEqualTo(message);
		assertThat(this.browser.find(By.cssSelector(".field.invalid #currentPassword ~ .field-error")).getText())
			.isEqualTo(message);
		assertThat(this.browser.value(By.id("name"))).isEqualTo(name);
		assertThat(this.browser.value(By.id("email"))).isEqualTo("pw@example.com");
		assertThat(this.browser.value(By.id("endpoint"))).isEqualTo("https://pw.example.com/callback");
		assertThat(this.browser.value(By.id("currentPassword"))).isEmpty();
		assertThat(this.browser.value(By.id("resourceAccess"))).isEqualTo("all");
		assertThat(this.integrations.search(new IntegrationQuery(name, null, null, false, 1, 20)).total()).isZero();

		// the kept values save as they are once the right password is given (and the failure count is cleared)
		this.browser.type(By.id("currentPassword"), ADMIN_PASSWORD);
		this.browser.clickAndWaitForNewPage(By.id("save"));
		assertThat(this.browser.message("success")).isEqualTo("The integration '" + name + "' has been saved.");
		assertThat(this.integrations.search(new IntegrationQuery(name, null, null, false, 1, 20)).total()).isEqualTo(1);
		assertThat(byName(name).grant().all()).isTrue();
	}

	@Test
	void editWhenFieldsChangedThenSavedAndDetailsShowConsumerKey() {
		String name = "Newsletter export";
		Integration integration = create(name, "before@example.com", null, null, false, List.of(INTEGRATIONS));
		WebElement row = this.browser.gridRow(name);
		row.findElement(By.cssSelector("a.edit-link")).click();
		this.browser.waitForPath("/admin/integrations/" + integration.id() + "/edit");
		assertThat(this.browser.find(By.tagName("h1")).getText()).isEqualTo("Edit '" + name + "'");
		assertThat(this.browser.value(By.id("name"))).isEqualTo(name);
		assertThat(this.browser.value(By.id("email"))).isEqualTo("before@example.com");
		assertThat(this.browser.value(By.id("consumer-key"))).isEqualTo(integration.consumerKey());
		assertThat(this.browser.value(By.id("consumer-secret"))).doesNotMatch(TOKEN);
		assertThat(this.browser.findAll(By.id("save-and-activate"))).isEmpty();
		this.browser.scrollToTop();
		this.browser.screenshot("form-edit");
		String renamed = name + " (renamed)";
		this.browser.type(By.id("name"), renamed);
		this.browser.type(By.id("email"), "after@example.com");
		this.browser.type(By.id("identityLinkUrl"), "https://edited.example.com/link");
		this.browser.type(By.id("currentPassword"), ADMIN_PASSWORD);

		this.browser.clickAndWaitForNewPage(By.id("save"));

		this.browser.waitForPath("/admin/integrations");
		assertThat(this.browser.message("success")).isEqualTo("The integration '" + renamed + "' has been saved.");
		Integration edited = this.integrations.get(integration.id());
		assertThat(edited.name()).isEqualTo(renamed);
		assertThat(edited.email()).isEqualTo("after@example.com");
		assertThat(edited.identityLinkUrl()).isEqualTo("https://edited.example.com/link");
		assertThat(edited.grant().resources()).isEqualTo(integration.grant().resources());
		assertThat(edited.consumerKey()).isEqualTo(integration.consumerKey());
	}

	@Test
	void configIntegrationWhenDeclaredThenViewOnlyNoDeleteAndResetNoticeAfterAChange() {
		String name = "Declared ERP " + UUID.randomUUID();
		DeclaredIntegrationsFixture declarations = new DeclaredIntegrationsFixture(this.context);
		try {
			declarations.declare(Map.of("name", name, "email", "ops@declared.example", "resources",
					List.of("Magento_Cms::page")));
			WebElement row = this.browser.gridRow(name);
			assertThat(row.findElement(By.cssSelector("a.edit-link")).getText()).isEqualTo("View");
			assertThat(row.findElements(By.cssSelector("a.delete"))).isEmpty();
			assertThat(row.findElement(By.cssSelector(".delete.disabled")).getDomAttribute("title"))
				.isEqualTo("Uninstall the extension to remove this integration");

			row.findElement(By.cssSelector("a.edit-link")).click();
			this.browser.waitUntil((d) -> d.getCurrentUrl().endsWith("/edit"));
			assertThat(this.browser.find(By.tagName("h1")).getText()).isEqualTo("View '" + name + "'");
			assertThat(this.browser.message("notice")).isEqualTo("This integration is declared in the integrations file. "
					+ "It cannot be edited or deleted here, but it can be activated and reauthorized.");
			assertThat(this.browser.findAll(By.id("save"))).isEmpty();
			assertThat(this.browser.findAll(By.id("tab-api"))).isEmpty();
			assertThat(this.browser.find(By.id("name")).isEnabled()).isFalse();

			assertThat(declarations.declare(Map.of("name", name, "email", "new-ops@declared.example", "resources",
					List.of("Magento_Cms::page")))).isEqualTo(1);
			row = this.browser.gridRow(name);
			assertThat(this.browser.messages("notice")).anySatisfy((notice) -> assertThat(notice).startsWith(
					"One or more integrations have been reset because of a change to their configuration."));
			assertThat(row.findElement(By.cssSelector(".status")).getText()).isEqualTo("Reset");
			WebElement activate = row.findElement(By.cssSelector("a.activate-link"));
			assertThat(activate.getText()).isEqualTo("Activate");
			activate.click();
			this.browser.waitVisible(By.cssSelector("dialog#keyway-dialog #approve"));
			this.browser.clickAndWaitForNewPage(By.cssSelector("dialog#keyway-dialog #approve"));
			assertThat(readTokens().accessToken()).matches(TOKEN);
			assertThat(this.browser.gridRow(name).findElement(By.cssSelector(".status")).getText()).isEqualTo("Active");
		}
		finally {
			declarations.undeclare(name);
		}
	}

	// ---- activate, reauthorize (SPEC 2.4, 2.5) ----

	@Test
	void saveAndActivateWhenAllowedThenTokensDialogShowsFourWorkingValues() throws IOException {
		String name = "PIM sync";
		this.browser.open("/admin/integrations/new");
		this.browser.type(By.id("name"), name);
		this.browser.type(By.id("email"), "direct@example.com");
		this.browser.type(By.id("currentPassword"), ADMIN_PASSWORD);
		this.browser.click(By.id("tab-api"));
		clickResource(resourceBox(INTEGRATIONS));
		clickResource(resourceBox(ORDERS));
		this.browser.click(By.id("tab-info"));

		this.browser.clickAndWaitForNewPage(By.id("save-and-activate"));

		assertThat(this.browser.message("success")).isEqualTo("The integration '" + name + "' has been saved.");
		assertThat(this.browser.find(By.tagName("main")).getText())
			.contains("The integration you selected asks you to approve access to the following:")
			.contains(INTEGRATIONS);
		assertThat(this.browser.find(By.id("approve")).getText()).isEqualTo("Allow");
		// "In the upper-right corner, click Allow" (Magento's documentation): beside the title, at the right
		assertUpperRight(By.id("approve-heading"), By.id("approve"));
		this.browser.clickAndWaitForNewPage(By.id("approve"));

		assertThat(this.browser.find(By.tagName("h1")).getText()).isEqualTo("Integration Tokens for Extensions");
		// "In the upper-right corner, click Done": it was below the four values, out of view at 1280×800
		assertUpperRight(By.id("tokens-heading"), By.id("done"));
		assertThat(this.browser.message("success")).isEqualTo("The integration '" + name + "' has been activated.");
		OAuthClientCredentials tokens = readTokens();
		assertThat(List.of(tokens.consumerKey(), tokens.consumerSecret(), tokens.accessToken(), tokens.accessTokenSecret()))
			.allSatisfy((value) -> assertThat(value).matches(TOKEN))
			.doesNotHaveDuplicates();
		assertThat(this.browser.findAll(By.cssSelector("[data-copy]"))).hasSize(4);
		assertThat(this.browser.driver().getCurrentUrl()).doesNotContain(tokens.consumerSecret())
			.doesNotContain(tokens.accessToken())
			.doesNotContain(tokens.accessTokenSecret());
		this.browser.screenshot("tokens");
		Integration integration = byName(name);
		assertThat(tokens.consumerKey()).isEqualTo(integration.consumerKey());
		Http.Response signed = GoogleOAuthClient.call("GET", this.http.url(SIGNED_CHECK),
				tokens, null);
		assertThat(signed.status()).as(signed.body()).isEqualTo(200);

		this.browser.clickAndWaitForNewPage(By.id("done"));

		this.browser.waitForPath("/admin/integrations");
		WebElement row = this.browser.gridRow(name);
		assertThat(row.findElement(By.cssSelector(".status")).getText()).isEqualTo("Active");
		assertThat(row.findElement(By.cssSelector("a.activate-link")).getText()).isEqualTo("Reauthorize");
	}

	/**
	 * From a store-admin trial: Back from the tokens page showed the Allow dialog again, with the old
	 * "has been saved" message (the browser's back/forward cache). Now the grid says it is active.
	 */
	@Test
	void backWhenTokensShownAfterSaveAndActivateThenGridSaysAlreadyActive() {
		String name = "Back after Allow " + UUID.randomUUID();
		this.browser.open("/admin/integrations/new");
		this.browser.type(By.id("name"), name);
		this.browser.type(By.id("currentPassword"), ADMIN_PASSWORD);
		this.browser.clickAndWaitForNewPage(By.id("save-and-activate"));
		assertThat(this.browser.message("success")).isEqualTo("The integration '" + name + "' has been saved.");
		this.browser.clickAndWaitForNewPage(By.id("approve"));
		readTokens();

		this.browser.driver().navigate().back();

		this.browser.waitForPath("/admin/integrations");
		assertThat(this.browser.message("error"))
			.isEqualTo("The integration '" + name + "' is already active; reauthorize it to issue new access tokens.");
		assertThat(this.browser.messages("success")).isEmpty();
		assertThat(this.browser.findAll(By.id("approve"))).isEmpty();
	}

	/**
	 * The browser may bring the dialog back from its back/forward cache without asking the server (the
	 * trial saw the old "has been saved" again): the page then asks again. The cache's return is played
	 * here by the event the browser sends, after the integration was activated elsewhere.
	 */
	@Test
	void approveWhenBackFromTheBrowsersCacheAfterActivationThenGridSaysAlreadyActive() {
		String name = "Cached dialog " + UUID.randomUUID();
		Integration integration = create(name, "cached@example.com", null, null, false, List.of(INTEGRATIONS));
		this.browser.open("/admin/integrations/" + integration.id() + "/activate");
		this.browser.waitVisible(By.id("approve"));
		this.integrations.activate(integration.id(), TEST);

		this.browser.script("window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }));");

		this.browser.waitForPath("/admin/integrations");
		assertThat(this.browser.message("error"))
			.isEqualTo("The integration '" + name + "' is already active; reauthorize it to issue new access tokens.");
	}

	@Test
	void reauthorizeWhenConfirmedThenConsumerKeptAndAccessTokenReplaced() throws IOException {
		String name = "Acme ERP";
		Integration integration = create(name, "re@example.com", null, null, false, List.of(INTEGRATIONS, ORDERS));
		WebElement row = this.browser.gridRow(name);
		assertThat(row.findElement(By.cssSelector("a.activate-link")).getText()).isEqualTo("Activate");
		row.findElement(By.cssSelector("a.activate-link")).click();
		WebElement allow = this.browser.waitVisible(By.cssSelector("dialog#keyway-dialog #approve"));
		assertThat(this.browser.find(By.id("keyway-dialog")).getText())
			.contains("The integration you selected asks you to approve access to the following:")
			.contains("System Integrations");
		assertThat(allow.getText()).isEqualTo("Allow");
		this.browser.screenshot("approve-dialog");
		this.browser.clickAndWaitForNewPage(By.cssSelector("dialog#keyway-dialog #approve"));
		assertThat(this.browser.message("success")).isEqualTo("The integration '" + name + "' has been activated.");
		OAuthClientCredentials first = readTokens();
		this.browser.clickAndWaitForNewPage(By.id("done"));

		row = this.browser.gridRow(name);
		assertThat(row.findElement(By.cssSelector(".status")).getText()).isEqualTo("Active");
		WebElement reauthorize = row.findElement(By.cssSelector("a.activate-link"));
		assertThat(reauthorize.getText()).isEqualTo("Reauthorize");
		reauthorize.click();
		WebElement confirm = this.browser.waitVisible(By.cssSelector("dialog#keyway-dialog #approve"));
		assertThat(confirm.getText()).isEqualTo("Reauthorize");
		// each option's label sits left of its own control, on its row (a trial saw three labels side by side)
		for (String control : List.of("gracePeriod", "graceSeconds", "reauthorizeExpiresAt")) {
			org.openqa.selenium.Rectangle label = this.browser.find(By.cssSelector("label[for=" + control + "]")).getRect();
			org.openqa.selenium.Rectangle field = this.browser.find(By.id(control)).getRect();
			int middle = field.getY() + field.getHeight() / 2;
			assertThat(label.getX() + label.getWidth()).as(control).isLessThanOrEqualTo(field.getX());
			assertThat(middle).as(control).isBetween(label.getY() - 4, label.getY() + label.getHeight() + 4);
		}
		this.browser.screenshot("reauthorize-dialog");
		this.browser.clickAndWaitForNewPage(By.cssSelector("dialog#keyway-dialog #approve"));

		assertThat(this.browser.message("success")).isEqualTo("The integration '" + name + "' has been re-authorized.");
		OAuthClientCredentials second = readTokens();
		assertThat(second.consumerKey()).isEqualTo(first.consumerKey()).isEqualTo(integration.consumerKey());
		assertThat(second.consumerSecret()).isEqualTo(first.consumerSecret());
		assertThat(second.accessToken()).matches(TOKEN).isNotEqualTo(first.accessToken());
		assertThat(second.accessTokenSecret()).matches(TOKEN).isNotEqualTo(first.accessTokenSecret());
		String url = this.http.url(SIGNED_CHECK);
		assertThat(GoogleOAuthClient.call("GET", url, second, null).status()).isEqualTo(200);
		assertThat(GoogleOAuthClient.call("GET", url, first, null).status()).as("the old access token").isEqualTo(401);
		this.browser.clickAndWaitForNewPage(By.id("done"));
		assertThat(this.browser.gridRow(name).findElement(By.cssSelector(".status")).getText()).isEqualTo("Active");
	}

	@Test
	void activateWhenThirdPartyCompletesHandshakeThenGridShowsActive() throws IOException {
		try (FakeThirdParty party = FakeThirdParty.start()) {
			String name = "Marketplace app";
			this.browser.open("/admin/integrations/new");
			this.browser.type(By.id("name"), name);
			this.browser.type(By.id("endpoint"), party.callbackUrl());
			this.browser.type(By.id("identityLinkUrl"), party.identityLinkUrl());
			this.browser.type(By.id("currentPassword"), ADMIN_PASSWORD);
			this.browser.click(By.id("tab-api"));
			clickResource(resourceBox(INTEGRATIONS));
			this.browser.click(By.id("tab-info"));
			this.browser.clickAndWaitForNewPage(By.id("save"));
			WebElement row = this.browser.gridRow(name);
			assertThat(row.findElement(By.cssSelector(".insecure")).getText()).isEqualTo("Integration not secure");
			String mainWindow = this.browser.driver().getWindowHandle();

			row.findElement(By.cssSelector("a.activate-link")).click();
			this.browser.waitVisible(By.cssSelector("dialog#keyway-dialog #approve"));
			assertThat(this.browser.find(By.id("keyway-dialog")).getText()).contains(party.callbackUrl());
			this.browser.clickAndWaitForNewPage(By.cssSelector("dialog#keyway-dialog #approve"));

			FakeThirdParty.Post post = party.awaitPost(Duration.ofSeconds(10));
			assertThat(post.form()).containsOnlyKeys("oauth_consumer_key", "oauth_consumer_secret", "store_base_url",
					"oauth_verifier");
			Integration integration = byName(name);
			assertThat(post.get("oauth_consumer_key")).isEqualTo(integration.consumerKey());
			this.browser.waitForPath("/admin/integrations/" + integration.id() + "/handshake");
			assertThat(this.browser.message("notice")).isEqualTo("Integration '" + name + "' has been sent for activation.");
			assertThat(this.browser.find(By.id("handshake")).getText())
				.contains("Please setup or sign in into your 3rd party account to complete setup of this integration.");
			assertThat(this.browser.find(By.id("popup-hint")).isDisplayed()).isTrue();
			assertThat(this.browser.find(By.id("open-identity-link")).isDisplayed()).isTrue();
			this.browser.screenshot("handshake");

			String popup = this.browser.waitUntil((d) -> (d.getWindowHandles().size() == 2)
					? d.getWindowHandles().stream().filter((h) -> !h.equals(mainWindow)).findFirst().orElse(null) : null);
			this.browser.switchTo(popup);
			this.browser.waitUntil((d) -> d.getCurrentUrl().startsWith(party.identityLinkUrl() + "?"));
			assertThat(this.browser.script("return window.opener === null;")).as("window.opener in the popup")
				.isEqualTo(Boolean.TRUE);
			URI identityLink = URI.create(this.browser.driver().getCurrentUrl());
			Map<String, String> query = query(identityLink.getRawQuery());
			assertThat(query).containsOnlyKeys("oauth_consumer_key", "success_call_back");
			assertThat(query.get("oauth_consumer_key")).isEqualTo(integration.consumerKey());
			assertThat(party.identityLinkRequests()).hasSize(1);
			URI successCallBack = URI.create(query.get("success_call_back"));
			assertThat(successCallBack.getPath()).isEqualTo("/admin/integrations/login-success");
			assertThat(query.get("success_call_back")).isEqualTo(this.integrations.successCallbackUrl());
			assertThat(this.integrations.get(integration.id()).status()).isEqualTo(IntegrationStatus.INACTIVE);

			OAuthClientCredentials credentials = GoogleOAuthClient.exchange(this.http.url("/"),
					post.get("oauth_consumer_key"), post.get("oauth_consumer_secret"), post.get("oauth_verifier"));
			assertThat(credentials.accessToken()).matches(TOKEN);
			// success_call_back is on keyway.public-base-url (port 8080 in tests): the same page on this server
			this.browser.script("window.location.href = arguments[0];", this.browser.url(successCallBack.getPath()));

			this.browser.switchTo(mainWindow);
			this.browser.waitUntil((d) -> d.getWindowHandles().size() == 1);
			this.browser.waitForPath("/admin/integrations");
			assertThat(this.browser.message("success")).isEqualTo("The integration '" + name + "' has been activated.");
			assertThat(this.browser.gridRow(name).findElement(By.cssSelector(".status")).getText()).isEqualTo("Active");
			assertThat(this.integrations.get(integration.id()).status()).isEqualTo(IntegrationStatus.ACTIVE);
		}
	}

	@Test
	void reauthorizeWhenHandshakeCompletedThenGridSaysReauthorizedAndOldTokenRefused() throws IOException {
		try (FakeThirdParty party = FakeThirdParty.start()) {
			String name = "Handshake again " + UUID.randomUUID();
			Integration integration = create(name, null, party.callbackUrl(), party.identityLinkUrl(), false,
					List.of(INTEGRATIONS, ORDERS));
			this.integrations.activate(integration.id(), TEST);
			FakeThirdParty.Post first = party.awaitPost(Duration.ofSeconds(10));
			OAuthClientCredentials old = GoogleOAuthClient.exchange(this.http.url("/"), first.get("oauth_consumer_key"),
					first.get("oauth_consumer_secret"), first.get("oauth_verifier"));
			String mainWindow = this.browser.driver().getWindowHandle();
			WebElement reauthorize = this.browser.gridRow(name).findElement(By.cssSelector("a.activate-link"));
			assertThat(reauthorize.getText()).isEqualTo("Reauthorize");

			reauthorize.click();
			assertThat(this.browser.waitVisible(By.cssSelector("dialog#keyway-dialog #approve")).getText())
				.isEqualTo("Reauthorize");
			this.browser.clickAndWaitForNewPage(By.cssSelector("dialog#keyway-dialog #approve"));

			FakeThirdParty.Post second = party.awaitPost(Duration.ofSeconds(10));
			assertThat(second.get("oauth_consumer_key")).isEqualTo(first.get("oauth_consumer_key"));
			assertThat(second.get("oauth_consumer_secret")).isEqualTo(first.get("oauth_consumer_secret"));
			assertThat(this.browser.message("notice"))
				.isEqualTo("Integration '" + name + "' has been sent for re-authorization.");
			assertThat(GoogleOAuthClient.call("GET", this.http.url(SIGNED_CHECK), old, null)
				.status()).as("the old access token after Reauthorize").isEqualTo(401);
			String popup = this.browser.waitUntil((d) -> (d.getWindowHandles().size() == 2)
					? d.getWindowHandles().stream().filter((h) -> !h.equals(mainWindow)).findFirst().orElse(null) : null);
			OAuthClientCredentials renewed = GoogleOAuthClient.exchange(this.http.url("/"),
					second.get("oauth_consumer_key"), second.get("oauth_consumer_secret"), second.get("oauth_verifier"));
			this.browser.switchTo(popup);
			this.browser.waitUntil((d) -> d.getCurrentUrl().startsWith(party.identityLinkUrl() + "?"));
			this.browser.script("window.location.href = arguments[0];",
					this.browser.url(URI.create(this.integrations.successCallbackUrl()).getPath()));

			this.browser.switchTo(mainWindow);
			this.browser.waitUntil((d) -> d.getWindowHandles().size() == 1);
			this.browser.waitForPath("/admin/integrations");
			assertThat(this.browser.message("success")).isEqualTo("The integration '" + name + "' has been re-authorized.");
			assertThat(this.browser.gridRow(name).findElement(By.cssSelector(".status")).getText()).isEqualTo("Active");
			assertThat(renewed.accessToken()).isNotEqualTo(old.accessToken());
			assertThat(GoogleOAuthClient.call("GET", this.http.url(SIGNED_CHECK), renewed,
					null)
				.status()).isEqualTo(200);
		}
	}

	@Test
	void activateWhenPopupClosedBeforeTheExchangeThenGridSaysStillWaiting() {
		try (FakeThirdParty party = FakeThirdParty.start()) {
			String name = "Waiting " + UUID.randomUUID();
			Integration integration = create(name, null, party.callbackUrl(), party.identityLinkUrl(), false,
					List.of(INTEGRATIONS));
			String mainWindow = this.browser.driver().getWindowHandle();
			this.browser.gridRow(name).findElement(By.cssSelector("a.activate-link")).click();
			this.browser.waitVisible(By.cssSelector("dialog#keyway-dialog #approve"));
			this.browser.clickAndWaitForNewPage(By.cssSelector("dialog#keyway-dialog #approve"));
			party.awaitPost(Duration.ofSeconds(10));
			String popup = this.browser.waitUntil((d) -> (d.getWindowHandles().size() == 2)
					? d.getWindowHandles().stream().filter((h) -> !h.equals(mainWindow)).findFirst().orElse(null) : null);

			this.browser.switchTo(popup);
			this.browser.driver().close();
			this.browser.switchTo(mainWindow);
			// closing a popup without an opener cannot be seen: the admin says so
			this.browser.clickAndWaitForNewPage(By.id("handshake-done"));

			this.browser.waitForPath("/admin/integrations");
			assertThat(this.browser.message("notice")).isEqualTo("The integration '" + name
					+ "' is still waiting for the third party to complete the token exchange. Use Activate to send the credentials again.");
			WebElement row = this.browser.gridRow(name);
			assertThat(row.findElement(By.cssSelector(".status")).getText()).isEqualTo("Inactive");
			assertThat(row.findElement(By.cssSelector("a.activate-link")).getText()).isEqualTo("Activate");
			assertThat(this.integrations.get(integration.id()).status()).isEqualTo(IntegrationStatus.INACTIVE);
		}
	}

	@Test
	void activateWhenCallbackUnreachableThenErrorShownAndPopupClosed() throws IOException {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			closedPort = socket.getLocalPort();
		}
		String name = "Unreachable " + UUID.randomUUID();
		Integration integration = create(name, null, "http://127.0.0.1:" + closedPort + "/callback",
				"http://127.0.0.1:" + closedPort + "/link", false, List.of(INTEGRATIONS));
		WebElement row = this.browser.gridRow(name);
		row.findElement(By.cssSelector("a.activate-link")).click();
		this.browser.waitVisible(By.cssSelector("dialog#keyway-dialog #approve"));

		this.browser.clickAndWaitForNewPage(By.cssSelector("dialog#keyway-dialog #approve"));

		this.browser.waitForPath("/admin/integrations");
		assertThat(this.browser.message("error")).isEqualTo(
				"The attempt to post data to consumer failed due to an unexpected error. Please try again later.");
		assertThat(this.browser.message("notice")).startsWith("Why the post failed: ").contains("Connection refused")
			.doesNotContain("Exception")
			.endsWith("is listed under Credentials deliveries on the integration's Edit page.");
		// the popup that the Allow click opened is told that no link will come, and closes itself
		this.browser.waitUntil((d) -> d.getWindowHandles().size() == 1);
		assertThat(this.integrations.get(integration.id()).status()).isEqualTo(IntegrationStatus.INACTIVE);
	}

	@Test
	void activateWhenIntegrationDeletedMeanwhileThenErrorShown() {
		String name = "Deleted meanwhile " + UUID.randomUUID();
		Integration integration = create(name, null, null, null, false, List.of(INTEGRATIONS));
		WebElement activate = this.browser.gridRow(name).findElement(By.cssSelector("a.activate-link"));
		this.integrations.delete(integration.id(), TEST);

		this.browser.clickAndWaitForNewPage(activate);

		this.browser.waitForPath("/admin/integrations");
		assertThat(this.browser.find(By.id("keyway-dialog")).isDisplayed()).isFalse();
		assertThat(this.browser.messages("error"))
			.containsExactly("The integration with ID \"" + integration.id() + "\" doesn't exist.");
	}

	@Test
	void tokensWhenCopyClickedThenButtonConfirmsTheCopy() {
		String name = "Copy " + UUID.randomUUID();
		create(name, null, null, null, false, List.of(INTEGRATIONS));
		this.browser.gridRow(name).findElement(By.cssSelector("a.activate-link")).click();
		this.browser.waitVisible(By.cssSelector("dialog#keyway-dialog #approve"));
		this.browser.clickAndWaitForNewPage(By.cssSelector("dialog#keyway-dialog #approve"));
		OAuthClientCredentials tokens = readTokens();

		this.browser.click(By.cssSelector("[data-copy='access-token']"));

		this.browser.waitUntil((d) -> "Copied".equals(d.findElement(By.cssSelector("[data-copy='access-token']")).getText()));
		assertThat(tokens.accessToken()).matches(TOKEN);
	}

	@Test
	void approveAndDeleteWhenCancelledThenNothingChanges() {
		String name = "Cancelled " + UUID.randomUUID();
		Integration integration = create(name, null, null, null, false, List.of(INTEGRATIONS));
		WebElement row = this.browser.gridRow(name);

		row.findElement(By.cssSelector("a.activate-link")).click();
		this.browser.waitVisible(By.cssSelector("dialog#keyway-dialog #approve"));
		this.browser.click(By.cssSelector("dialog#keyway-dialog [data-close]"));
		this.browser.waitUntil((d) -> !d.findElement(By.id("keyway-dialog")).isDisplayed());
		row.findElement(By.cssSelector("a.delete")).click();
		this.browser.waitVisible(By.cssSelector("dialog#keyway-dialog #confirm-ok"));
		this.browser.click(By.cssSelector("dialog#keyway-dialog [data-close]"));
		this.browser.waitUntil((d) -> !d.findElement(By.id("keyway-dialog")).isDisplayed());

		assertThat(this.browser.driver().getCurrentUrl()).contains("/admin/integrations");
		assertThat(this.integrations.find(integration.id())).get()
			.satisfies((kept) -> assertThat(kept.status()).isEqualTo(IntegrationStatus.INACTIVE));
	}

	@Test
	void editWhenPasswordReenteredThenSecretsRevealedOnce() {
		String name = "Reveal " + UUID.randomUUID();
		Integration integration = create(name, null, null, null, false, List.of(INTEGRATIONS));
		this.integrations.activate(integration.id(), TEST);
		this.browser.gridRow(name).findElement(By.cssSelector("a.edit-link")).click();
		this.browser.waitForPath("/admin/integrations/" + integration.id() + "/edit");
		assertThat(this.browser.value(By.id("access-token"))).doesNotMatch(TOKEN);

		this.browser.type(By.id("currentPassword"), ADMIN_PASSWORD);
		this.browser.clickAndWaitForNewPage(By.id("reveal"));

		assertThat(this.browser.value(By.id("consumer-key"))).isEqualTo(integration.consumerKey());
		assertThat(this.browser.value(By.id("consumer-secret"))).matches(TOKEN);
		assertThat(this.browser.value(By.id("access-token"))).matches(TOKEN);
		assertThat(this.browser.value(By.id("access-token-secret"))).matches(TOKEN);
		assertThat(this.browser.driver().getCurrentUrl()).doesNotContain(this.browser.value(By.id("access-token")))
			.endsWith("/admin/integrations/" + integration.id() + "/edit");
		// POST, redirect, GET: a reload neither sends the password again nor reveals again
		this.browser.driver().navigate().refresh();
		assertThat(this.browser.value(By.id("access-token"))).as("hidden after a reload").doesNotMatch(TOKEN);
		this.browser.open("/admin/integrations/" + integration.id() + "/edit");
		assertThat(this.browser.value(By.id("access-token"))).as("hidden again").doesNotMatch(TOKEN);
	}

	// ---- delete (SPEC 2.6) ----

	@Test
	void deleteWhenConfirmedWithOkThenRemovedWithMessage() {
		String name = "Old reporting tool";
		Integration integration = create(name, null, null, null, false, List.of(INTEGRATIONS));
		WebElement row = this.browser.gridRow(name);
		WebElement trash = row.findElement(By.cssSelector("a.delete"));
		assertThat(trash.getDomAttribute("title")).isEqualTo("Delete integration " + name);

		trash.click();

		WebElement ok = this.browser.waitVisible(By.cssSelector("dialog#keyway-dialog #confirm-ok"));
		assertThat(this.browser.find(By.id("keyway-dialog")).getText())
			.contains("Are you sure you want to delete the integration '" + name + "'? You can't undo this action.");
		assertThat(ok.getText()).isEqualTo("OK");
		assertThat(this.integrations.find(integration.id())).as("nothing deleted before OK").isPresent();
		this.browser.screenshot("delete-dialog");
		this.browser.clickAndWaitForNewPage(By.cssSelector("dialog#keyway-dialog #confirm-ok"));

		this.browser.waitForPath("/admin/integrations");
		assertThat(this.browser.message("success")).isEqualTo("The integration '" + name + "' has been deleted.");
		assertThat(this.integrations.find(integration.id())).isEmpty();
		this.browser.type(By.id("filter-name"), name);
		this.browser.clickAndWaitForNewPage(By.cssSelector("form.filters button[type=submit]"));
		assertThat(this.browser.find(By.cssSelector("table#integrations-grid td.empty")).getText())
			.isEqualTo("We couldn't find any records.");
	}

	// ---- configuration (SPEC 2.8, 5.4) ----

	@Test
	void webApiConfigWhenGuestAccessAllowedThenSettingInForceAtOnce() {
		Http.Response guestBefore = this.http.get("/rest/V1/store/storeViews");
		AdminApi api = new AdminApi(this.http);
		assertThat(AdminApi.field(api.get("/rest/V1/settings").body(), Setting.GUEST_ACCESS.path())).isEqualTo("0");
		this.browser.open("/admin/integrations");
		this.browser.clickAndWaitForNewPage(By.linkText("Configuration"));
		this.browser.waitForPath("/admin/config/webapi");
		assertThat(this.browser.find(By.cssSelector(".config-nav .current")).getText()).isEqualTo("Magento Web API");
		assertThat(this.browser.findAll(By.cssSelector("details.config-group summary")))
			.extracting(WebElement::getText)
			.containsExactly("Web API Input Limits", "Web API Rate Limits", "Web API Security");
		By guestAccess = By.id("setting-webapi-webapisecurity-allow_insecure");
		assertThat(this.browser.find(By.cssSelector("label[for='setting-webapi-webapisecurity-allow_insecure']")).getText())
			.isEqualTo("Allow Anonymous Guest Access");
		assertThat(this.browser.find(By.cssSelector(".config-form")).getText()).contains(
				"This feature applies only to CMS, Catalog and Store APIs. Please consult your developers for details on potential security risks.");
		assertThat(this.browser.value(guestAccess)).isEqualTo("0");

		this.browser.select(guestAccess, "1");
		this.browser.clickAndWaitForNewPage(By.id("save-config"));

		assertThat(this.browser.message("success")).isEqualTo("You saved the configuration.");
		assertThat(this.browser.value(guestAccess)).isEqualTo("1");
		this.browser.screenshot("config-webapi");
		assertThat(this.settings.enabled(Setting.GUEST_ACCESS)).isTrue();
		assertThat(AdminApi.field(api.get("/rest/V1/settings").body(), Setting.GUEST_ACCESS.path())).isEqualTo("1");
		Http.Response guestAfter = this.http.get("/rest/V1/store/storeViews");
		if (guestBefore.status() == 404) {
			// the store routes are not in this tree yet: nothing a guest may read, so nothing changes
			assertThat(guestAfter.status()).isEqualTo(404);
		}
		else {
			assertThat(guestBefore.status()).isEqualTo(401);
			assertThat(guestAfter.status()).as(guestAfter.body()).isEqualTo(200);
		}
	}

	@Test
	void oauthConfigWhenNegativeNumberThenRefusedWithMessageAndValueKept() {
		this.browser.open("/admin/config/webapi");
		this.browser.clickAndWaitForNewPage(By.id("config-oauth"));
		this.browser.waitForPath("/admin/config/oauth");
		assertThat(this.browser.findAll(By.cssSelector("details.config-group summary")))
			.extracting(WebElement::getText)
			.contains("Consumer Settings", "Cleanup Settings", "Access Token Expiration", "Authentication Locks");
		By expiration = By.id("setting-oauth-consumer-expiration_period");
		assertThat(this.browser.value(expiration)).isEqualTo(this.settings.value(Setting.CONSUMER_EXPIRATION));
		this.browser.screenshot("config-oauth");
		String before = this.settings.value(Setting.CONSUMER_EXPIRATION);

		this.browser.type(expiration, "-5");
		this.browser.clickAndWaitForNewPage(By.id("save-config"));

		assertThat(this.browser.message("error"))
			.isEqualTo("The configuration was not saved. Please correct the marked values.");
		assertThat(this.browser.find(By.cssSelector(".field.invalid .field-error")).getText())
			.isEqualTo("Expiration Period must be between 1 and 31,536,000 seconds; got \"-5\".");
		assertThat(this.browser.value(expiration)).isEqualTo("-5");
		assertThat(this.settings.value(Setting.CONSUMER_EXPIRATION)).isEqualTo(before);
	}

	// ---- audit log ----

	@Test
	void auditLogWhenIntegrationActivatedThenActionsListedWithoutSecrets() {
		String name = "Audited " + UUID.randomUUID();
		Integration integration = create(name, "audit@example.com", null, null, false, List.of(INTEGRATIONS));
		this.browser.gridRow(name).findElement(By.cssSelector("a.activate-link")).click();
		this.browser.waitVisible(By.cssSelector("dialog#keyway-dialog #approve"));
		this.browser.clickAndWaitForNewPage(By.cssSelector("dialog#keyway-dialog #approve"));
		OAuthClientCredentials tokens = readTokens();

		this.browser.open("/admin/audit");
		this.browser.type(By.id("audit-integration"), Long.toString(integration.id()));
		this.browser.clickAndWaitForNewPage(By.cssSelector("form.filters button[type=submit]"));

		List<WebElement> rows = this.browser.findAll(By.cssSelector("table#audit-grid tbody tr"));
		assertThat(rows).extracting((row) -> row.findElement(By.cssSelector("code")).getText())
			.contains("integration.create", "integration.activate");
		WebElement activation = rows.stream()
			.filter((row) -> row.getText().contains("integration.activate"))
			.findFirst()
			.orElseThrow();
		assertThat(activation.getText()).contains(ADMIN_USERNAME).contains(name);
		assertThat(this.browser.driver().getPageSource()).doesNotContain(tokens.consumerSecret())
			.doesNotContain(tokens.accessToken())
			.doesNotContain(tokens.accessTokenSecret());
		this.browser.open("/admin/audit");
		this.browser.waitVisible(By.id("audit-grid"));
		this.browser.screenshot("audit");
	}

	// ---- helpers ----

	private Integration create(String name, String email, String endpoint, String identityLinkUrl, boolean all,
			List<String> resources) {
		return this.integrations.create(new IntegrationDraft(name, email, endpoint, identityLinkUrl, all, resources),
				TEST);
	}

	/** The integration called {@code name}, complete (the grid's search leaves out grant and consumer key). */
	private Integration byName(String name) {
		return this.integrations.search(new IntegrationQuery(name, null, null, false, 1, 20))
			.items()
			.stream()
			.filter((integration) -> integration.name().equals(name))
			.findFirst()
			.map((integration) -> this.integrations.get(integration.id()))
			.orElseThrow(() -> new AssertionError("No integration named " + name));
	}

	/** Unfolds the tree down to a resource (as the admin clicks the arrows would), then clicks its box. */
	private void clickResource(By box) {
		this.browser.script("for (var li = arguments[0].closest('li'); li; li = li.parentElement.closest('li')) {"
				+ " var t = li.querySelector(':scope > .tree-toggle'); if (t && li.classList.contains('collapsed')) { t.click(); } }",
				this.browser.find(box));
		this.browser.click(box);
	}

	private static By resourceBox(String id) {
		return By.cssSelector("input[name=resources][value='" + id + "']");
	}

	/** The four values of "Integration Tokens for Extensions". */
	private OAuthClientCredentials readTokens() {
		this.browser.waitVisible(By.id("done"));
		return new OAuthClientCredentials(this.browser.value(By.id("consumer-key")),
				this.browser.value(By.id("consumer-secret")), this.browser.value(By.id("access-token")),
				this.browser.value(By.id("access-token-secret")));
	}

	private static Map<String, String> query(String rawQuery) {
		Map<String, String> values = new LinkedHashMap<>();
		for (String pair : rawQuery.split("&")) {
			int eq = pair.indexOf('=');
			values.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
					URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
		}
		return values;
	}

	/** The button on the heading's line, right of it (the upper-right corner of its panel). */
	private void assertUpperRight(By heading, By button) {
		org.openqa.selenium.Rectangle title = this.browser.find(heading).getRect();
		org.openqa.selenium.Rectangle action = this.browser.find(button).getRect();
		assertThat(action.getY()).as("the button's top, the heading's bottom").isLessThan(title.getY() + title.getHeight());
		assertThat(action.getX()).as("the button's left, the heading's right").isGreaterThan(title.getX() + title.getWidth() / 2);
	}

}
