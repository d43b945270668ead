package dev.keyway.admin;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import dev.keyway.account.AdminAccounts;
import dev.keyway.account.AdminUser;
import dev.keyway.audit.Actor;
import dev.keyway.integration.Integration;
import dev.keyway.integration.IntegrationDraft;
import dev.keyway.integration.IntegrationService;
import dev.keyway.integration.IpAllowList;
import dev.keyway.testing.KeywayIntegrationTest;
import dev.keyway.testing.TestClock;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.context.WebApplicationContext;

import static dev.keyway.admin.AdminMvc.as;
import static dev.keyway.admin.AdminMvc.body;
import static dev.keyway.admin.AdminMvc.errors;
import static dev.keyway.admin.AdminMvc.flash;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * The guardrails in the admin (issue 17.1, 17.3, 17.4): the Edit page's Guardrails group with field
 * errors, the grid's expiry hint, the Reauthorize dialog's grace choice, the previous token's
 * remaining time and its cut-off (POST, redirect, GET; audited).
 */
@KeywayIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GuardrailsAdminTests {

	static final String PASSWORD = "guardrails-admin-password-1";

	private static final Actor ACTOR = Actor.admin(79, "guardrails-admin", "198.51.100.11");

	@Autowired
	WebApplicationContext context;

	@Autowired
	IntegrationService integrations;

	@Autowired
	AdminAccounts accounts;

	@Autowired
	TestClock clock;

	MockMvc mvc;

	AdminUser admin;

	@BeforeAll
	void setUp() {
		this.mvc = AdminMvc.mockMvc(this.context);
		this.admin = AdminMvc.newAdmin(this.accounts, "guardrails-admin", PASSWORD);
	}

	@AfterEach
	void resetClock() {
		this.clock.reset();
	}

	// ---- the Edit page's Guardrails group ----

	@Test
	void updateWhenGuardrailsValidThenSavedCanonicalAndShownAgain() throws Exception {
		Integration integration = created();

		MvcResult saved = this.mvc.perform(post("/admin/integrations/" + integration.id()).with(as(this.admin)).with(csrf())
			.params(form(integration.name(), "10.0.0.0/8\n\n 2001:DB8::/32 ", "2031-05-06T07:08:09"))).andReturn();
		Integration after = this.integrations.get(integration.id());
		String page = body(this.mvc.perform(get("/admin/integrations/" + integration.id() + "/edit").with(as(this.admin)))
			.andReturn());

		assertThat(saved.getResponse().getRedirectedUrl()).isEqualTo("/admin/integrations");
		assertThat(after.ipAllowList().entries()).containsExactly("10.0.0.0/8", "2001:db8::/32");
		assertThat(after.accessExpiresAt()).isEqualTo(Instant.parse("2031-05-06T07:08:09Z"));
		assertThat(page).contains("id=\"guardrails\"").contains("10.0.0.0/8\n2001:db8::/32")
			.contains("value=\"2031-05-06T07:08:09\"");
	}

	@Test
	void updateWhenAllowListEntryBadThenFieldErrorNamingItAndNothingSaved() throws Exception {
		Integration integration = created();

		MvcResult result = this.mvc.perform(post("/admin/integrations/" + integration.id()).with(as(this.admin))
			.with(csrf()).params(form(integration.name() + " renamed", "10.1.2.3/8", ""))).andReturn();

		assertThat(result.getResponse().getStatus()).isEqualTo(200);
		assertThat(errors(result).get("ipAllowList")).contains("10.1.2.3/8");
		assertThat(errors(result).get("form")).contains("IP allow-list");
		assertThat(body(result)).contains("10.1.2.3/8").doesNotContain("value=\"" + PASSWORD + "\"");
		assertThat(this.integrations.get(integration.id()).name()).isEqualTo(integration.name());
	}

	@Test
	void updateWhenExpiryNotADateThenFieldErrorShowingTheValue() throws Exception {
		Integration integration = created();

		MvcResult result = this.mvc.perform(post("/admin/integrations/" + integration.id()).with(as(this.admin))
			.with(csrf()).params(form(integration.name(), "", "next tuesday"))).andReturn();

		assertThat(result.getResponse().getStatus()).isEqualTo(200);
		assertThat(errors(result).get("accessExpiresAt")).contains("\"next tuesday\"");
		assertThat(this.integrations.get(integration.id()).accessExpiresAt()).isNull();
	}

	// ---- the grid's hint ----

	@Test
	void gridWhenExpiryAheadOrPassedThenHintInDaysOrExpired() throws Exception {
		Integration soon = activeExpiring(Duration.ofDays(3).plusHours(1));
		Integration today = activeExpiring(Duration.ofHours(5));
		Integration passed = activeExpiring(Duration.ofDays(1));
		this.clock.shift(Duration.ofDays(1).plusMinutes(1));

		String soonRow = row(soon);
		String todayRow = row(today);
		String passedRow = row(passed);

		assertThat(soonRow).contains("expires in 2 days");
		assertThat(todayRow).contains("expired");
		assertThat(passedRow).contains("expired");
		this.clock.reset();
		assertThat(row(today)).contains("expires in less than a day");
		assertThat(row(soon)).contains("expires in 3 days");
	}

	// ---- reauthorize with a grace, the previous token, the cut-off ----

	@Test
	void reauthorizeWhenGraceChosenThenEditPageShowsRemainingTimeAndCutOffEndsIt() throws Exception {
		Integration integration = active();
		String dialog = body(this.mvc.perform(get("/admin/integrations/" + integration.id() + "/reauthorize")
			.with(as(this.admin))).andReturn());

		MvcResult reauthorized = this.mvc.perform(post("/admin/integrations/" + integration.id() + "/reauthorize")
			.with(as(this.admin)).with(csrf()).param("gracePeriod", "86400").param("graceSeconds", "")
			.param("accessExpiresAt", "")).andReturn();
		String edit = editPage(integration);
		MvcResult cut = this.mvc.perform(post("/admin/integrations/" + integration.id() + "/previous-token/cut-off")
			.with(as(this.admin)).with(csrf())).andReturn();
		String after = editPage(integration);

		assertThat(dialog).contains("name=\"gracePeriod\"").contains("7 days").contains("name=\"graceSeconds\"");
		assertThat(reauthorized.getResponse().getRedirectedUrl()).isEqualTo("/admin/integrations/" + integration.id() + "/tokens");
		assertThat(edit).contains("id=\"previous-token\"").containsPattern("still works until [0-9-]+ [0-9:]+ UTC \\((23 hours|1 day) left\\)")
			.contains("Cut off the previous token now");
		assertThat(cut.getResponse().getRedirectedUrl()).isEqualTo("/admin/integrations/" + integration.id() + "/edit");
		assertThat(flash(cut).values().toString()).contains("no longer works");
		assertThat(after).doesNotContain("id=\"previous-token\"");
		assertThat(this.integrations.previousTokenValidUntil(integration.id())).isEmpty();
	}

	@Test
	void reauthorizeWhenExpiryInThePastThenDialogAgainWithTheErrorAndWhatWasTyped() throws Exception {
		Integration integration = active();
		String tokenBefore = this.integrations.issuedCredentials(integration.id()).orElseThrow().accessToken();
		String dialogPath = "/admin/integrations/" + integration.id() + "/reauthorize";

		MvcResult refused = this.mvc.perform(post(dialogPath).with(as(this.admin)).with(csrf())
			.param("gracePeriod", "3600").param("graceSeconds", "120").param("accessExpiresAt", "2020-01-01T00:00:00"))
			.andReturn();
		String again = body(this.mvc.perform(get(dialogPath).with(as(this.admin)).flashAttrs(flash(refused))).andReturn());

		assertThat(refused.getResponse().getRedirectedUrl()).isEqualTo(dialogPath);
		assertThat(flash(refused).values().toString())
			.contains("New access token expires at must be in the future").contains("got \"2020-01-01T00:00:00\"");
		assertThat(again).contains("must be in the future")
			.containsPattern("<option value=\"3600\" selected")
			.contains("value=\"120\"")
			.contains("value=\"2020-01-01T00:00:00\"");
		assertThat(this.integrations.issuedCredentials(integration.id()).orElseThrow().accessToken()).isEqualTo(tokenBefore);
	}

	@Test
	void reauthorizeWhenGraceSecondsOutOfBoundsThenErrorNamingTheValueAndNoNewToken() throws Exception {
		Integration integration = active();
		String tokenBefore = this.integrations.issuedCredentials(integration.id()).orElseThrow().accessToken();

		MvcResult result = this.mvc.perform(post("/admin/integrations/" + integration.id() + "/reauthorize")
			.with(as(this.admin)).with(csrf()).param("gracePeriod", "0").param("graceSeconds", "2592001")).andReturn();

		assertThat(flash(result).values().toString()).contains("2592001")
			.contains("The number of seconds the old access token keeps working must be a whole number from 0 to 2592000 (30 days); got \"2592001\".");
		assertThat(this.integrations.issuedCredentials(integration.id()).orElseThrow().accessToken()).isEqualTo(tokenBefore);
	}

	@Test
	void reauthorizeWhenExpiryChosenThenNewTokenExpiresThenAndEmptyClearsIt() throws Exception {
		Integration integration = active();

		this.mvc.perform(post("/admin/integrations/" + integration.id() + "/reauthorize").with(as(this.admin)).with(csrf())
			.param("gracePeriod", "0").param("accessExpiresAt", "2032-01-02T03:04:05")).andReturn();
		Instant set = this.integrations.get(integration.id()).accessExpiresAt();
		this.mvc.perform(post("/admin/integrations/" + integration.id() + "/reauthorize").with(as(this.admin)).with(csrf())
			.param("gracePeriod", "0").param("accessExpiresAt", "")).andReturn();

		assertThat(set).isEqualTo(Instant.parse("2032-01-02T03:04:05Z"));
		assertThat(this.integrations.get(integration.id()).accessExpiresAt()).isNull();
	}

	// ---- helpers ----

	private Integration created() {
		return this.integrations.create(new IntegrationDraft("guardrails admin " + UUID.randomUUID(), null, null, null, true,
				List.of()), ACTOR);
	}

	private Integration active() {
		Integration integration = created();
		this.integrations.activate(integration.id(), ACTOR);
		return integration;
	}

	private Integration activeExpiring(Duration in) {
		Integration integration = active();
		this.integrations.setGuardrails(integration.id(), IpAllowList.anywhere(),
				this.clock.instant().plus(in).truncatedTo(ChronoUnit.SECONDS), ACTOR);
		return integration;
	}

	/** The grid row of the integration, found by its (unique) name. */
	private String row(Integration integration) throws Exception {
		String page = body(this.mvc.perform(get("/admin/integrations").param("name", integration.name()).with(as(this.admin)))
			.andReturn());
		int start = page.indexOf("data-id=\"" + integration.id() + "\"");
		assertThat(start).as("row of %s", integration.name()).isNotNegative();
		return page.substring(start, page.indexOf("</tr>", start));
	}

	private String editPage(Integration integration) throws Exception {
		return body(this.mvc.perform(get("/admin/integrations/" + integration.id() + "/edit").with(as(this.admin)))
			.andReturn());
	}

	private static MultiValueMap<String, String> form(String name, String ipAllowList, String accessExpiresAt) {
		MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
		form.setAll(Map.of("name", name, "email", "", "endpoint", "", "identityLinkUrl", "", "currentPassword", PASSWORD,
				"resourceAccess", "all", "ipAllowList", ipAllowList, "accessExpiresAt", accessExpiresAt));
		return form;
	}

}
