package dev.keyway.admin;

import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import dev.keyway.account.AdminAccounts;
import dev.keyway.account.AdminUser;
import dev.keyway.account.SignInLimitProperties;
import dev.keyway.audit.Actor;
import dev.keyway.integration.Integration;
import dev.keyway.integration.IntegrationDraft;
import dev.keyway.integration.IntegrationQuery;
import dev.keyway.integration.IntegrationService;
import dev.keyway.oauth.OAuthCredentials;
import dev.keyway.settings.RuntimeSettings;
import dev.keyway.settings.Setting;
import dev.keyway.testing.KeywayIntegrationTest;
import dev.keyway.testing.Parallel;
import dev.keyway.testing.Sources;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import org.springframework.web.context.WebApplicationContext;

import static dev.keyway.admin.AdminMvc.as;
import static dev.keyway.admin.AdminMvc.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * Security of the admin UI (SPEC 3, issue 5 §1): sign-in required, CSRF refused without a token on
 * every state-changing form, the Content-Security-Policy without inline scripts, no framing, and
 * {@code no-store} on the pages that show secrets; secrets never in a URL.
 */
@KeywayIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminSecurityTests {

	static final String PASSWORD = "security-tests-password-1";

	@Autowired
	WebApplicationContext context;

	@Autowired
	AdminAccounts accounts;

	@Autowired
	IntegrationService integrations;

	@Autowired
	RuntimeSettings settings;

	@Autowired
	SignInLimitProperties limit;

	MockMvc mvc;

	AdminUser admin;

	@BeforeAll
	void setUp() {
		this.mvc = AdminMvc.mockMvc(this.context);
		this.admin = AdminMvc.newAdmin(this.accounts, "security-tests", PASSWORD);
	}

	// ---- sign-in required ----

	@Test
	void adminPageWhenNotSignedInThenRedirectedToLogin() throws Exception {
		for (String path : List.of("/admin/integrations", "/admin/integrations/new", "/admin/config/webapi", "/admin/audit")) {
			MvcResult result = this.mvc.perform(get(path)).andReturn();

			assertThat(result.getResponse().getStatus()).as(path).isEqualTo(302);
			assertThat(result.getResponse().getRedirectedUrl()).as(path).endsWith("/admin/login");
		}
	}

	@Test
	void loginWhenCredentialsRightThenGridAndWhenWrongThenError() throws Exception {
		MvcResult wrong = this.mvc.perform(post("/admin/login").with(csrf())
			.param("username", this.admin.username())
			.param("password", "wrong")).andReturn();
		MvcResult right = this.mvc.perform(post("/admin/login").with(csrf())
			.param("username", this.admin.username())
			.param("password", PASSWORD)).andReturn();

		assertThat(wrong.getResponse().getRedirectedUrl()).isEqualTo("/admin/login?error");
		assertThat(right.getResponse().getRedirectedUrl()).isEqualTo("/admin/integrations");
	}

	@Test
	void loginWhenSourceOverItsLimitThenThrottledMessageWithoutPasswordCheckAndOtherSourceStillSignsIn()
			throws Exception {
		int burst = this.limit.burst();
		int extra = 3;
		String source = Sources.unique();
		long checksBefore = this.accounts.passwordChecks();
		List<String> redirects = Parallel.run(burst + extra, (i) -> this.mvc
			.perform(post("/admin/login").with(csrf()).with(from(source))
				.param("username", "nobody-" + UUID.randomUUID().toString().substring(0, 8))
				.param("password", "wrong"))
			.andReturn()
			.getResponse()
			.getRedirectedUrl());

		assertThat(redirects).filteredOn("/admin/login?throttled"::equals).hasSize(extra);
		assertThat(redirects).filteredOn("/admin/login?error"::equals).hasSize(burst);
		assertThat(this.accounts.passwordChecks() - checksBefore).as("passwords checked").isEqualTo(burst);
		MvcResult rightButThrottled = this.mvc.perform(post("/admin/login").with(csrf()).with(from(source))
			.param("username", this.admin.username())
			.param("password", PASSWORD)).andReturn();
		assertThat(rightButThrottled.getResponse().getRedirectedUrl()).isEqualTo("/admin/login?throttled");
		assertThat(this.accounts.passwordChecks() - checksBefore).isEqualTo(burst);
		String page = body(this.mvc.perform(get("/admin/login").param("throttled", "")).andReturn());
		assertThat(page).contains("Too many sign-in attempts came from your network address. Wait a moment, then "
				+ "sign in again.");
		MvcResult otherSource = this.mvc.perform(post("/admin/login").with(csrf()).with(from(Sources.unique()))
			.param("username", this.admin.username())
			.param("password", PASSWORD)).andReturn();
		assertThat(otherSource.getResponse().getRedirectedUrl()).isEqualTo("/admin/integrations");
	}

	@Test
	void loginWhenLockedOrUnknownUserThenOneMessageThatSaysHowLongTheLockLasts() throws Exception {
		AdminUser locked = AdminMvc.newAdmin(this.accounts, "security-lock", PASSWORD);
		String unknown = "no-such-admin-" + UUID.randomUUID();
		int max = this.settings.number(Setting.MAX_LOGIN_FAILURES);
		// one source each, so that neither reaches the per-source limit
		String source = Sources.unique();
		String other = Sources.unique();
		for (int i = 0; i < max; i++) {
			signIn(source, locked.username(), "wrong");
			signIn(other, unknown, "wrong");
		}
		MvcResult lockedAnswer = signIn(source, locked.username(), PASSWORD);
		MvcResult unknownAnswer = signIn(other, unknown, "wrong");

		assertThat(lockedAnswer.getResponse().getRedirectedUrl()).as("a locked account")
			.isEqualTo(unknownAnswer.getResponse().getRedirectedUrl())
			.isEqualTo("/admin/login?error");
		assertThat(this.accounts.lockedUntil(locked.username())).isPresent();
		String page = body(this.mvc.perform(get("/admin/login").param("error", "")).andReturn());
		assertThat(page).contains("after " + max + " failed sign-ins in a row an account is locked for "
				+ lockTime(this.settings.number(Setting.LOCKOUT_TIME)))
			.doesNotContain("Configuration");
	}

	@Test
	void loginWhenFailedThenUserNameKeptForTheNextTryButNotInTheUrl() throws Exception {
		String name = "kept-name-" + UUID.randomUUID();
		MockHttpSession session = new MockHttpSession();
		MvcResult failed = this.mvc.perform(post("/admin/login").session(session).with(csrf()).with(from(Sources.unique()))
			.param("username", name)
			.param("password", "wrong")).andReturn();

		assertThat(failed.getResponse().getRedirectedUrl()).isEqualTo("/admin/login?error").doesNotContain(name);
		String page = body(this.mvc.perform(get("/admin/login").param("error", "").session(session)).andReturn());
		assertThat(page).contains("value=\"" + name + "\"");
		assertThat(body(this.mvc.perform(get("/admin/login").session(session)).andReturn())).as("only once")
			.doesNotContain(name);
	}

	@Test
	void loginWhenAccountLockedDuringAnEditThenLockedMessageSaysHowLongWithoutAConfigurationPage() throws Exception {
		String page = body(this.mvc.perform(get("/admin/login").param("locked", "")).andReturn());

		assertThat(page).contains("Sign in again in " + lockTime(this.settings.number(Setting.LOCKOUT_TIME)) + ".")
			.doesNotContain("Configuration");
	}

	private MvcResult signIn(String source, String username, String password) throws Exception {
		return this.mvc.perform(post("/admin/login").with(csrf()).with(from(source))
			.param("username", username)
			.param("password", password)).andReturn();
	}

	/** The lock-out time as the page words it: the largest whole unit. */
	private static String lockTime(int seconds) {
		if (seconds % 3600 == 0) {
			return (seconds == 3600) ? "1 hour" : (seconds / 3600) + " hours";
		}
		if (seconds % 60 == 0) {
			return (seconds == 60) ? "1 minute" : (seconds / 60) + " minutes";
		}
		return (seconds == 1) ? "1 second" : seconds + " seconds";
	}

	private static RequestPostProcessor from(String address) {
		return (request) -> {
			request.setRemoteAddr(address);
			return request;
		};
	}

	@Test
	void logoutWhenPostedThenSignedOutMessage() throws Exception {
		MvcResult result = this.mvc.perform(post("/admin/logout").with(as(this.admin)).with(csrf())).andReturn();
		MvcResult page = this.mvc.perform(get("/admin/login").param("signedOut", "")).andReturn();

		assertThat(result.getResponse().getRedirectedUrl()).isEqualTo("/admin/login?signedOut");
		assertThat(body(page)).contains("You have signed out.");
	}

	// ---- CSRF: a signed-in admin's session holds a token; a request without it is refused ----

	@Test
	void createWhenNoCsrfTokenThenRefusedAndNothingSaved() throws Exception {
		MockHttpSession session = signedInSession();
		String name = "CSRF " + UUID.randomUUID();

		MvcResult result = this.mvc.perform(post("/admin/integrations").session(session)
			.with(as(this.admin))
			.param("name", name)
			.param("currentPassword", PASSWORD)
			.param("resourceAccess", "all")).andReturn();

		assertThat(result.getResponse().getStatus()).isEqualTo(403);
		assertThat(this.integrations.search(new IntegrationQuery(name, null, null, false, 1, 20)).total()).isZero();
	}

	@Test
	void createWhenCsrfTokenInvalidThenRefused() throws Exception {
		MockHttpSession session = signedInSession();
		String name = "CSRF " + UUID.randomUUID();

		MvcResult result = this.mvc.perform(post("/admin/integrations").session(session)
			.with(as(this.admin))
			.with(csrf().useInvalidToken())
			.param("name", name)
			.param("currentPassword", PASSWORD)
			.param("resourceAccess", "all")).andReturn();

		assertThat(result.getResponse().getStatus()).isEqualTo(403);
		assertThat(this.integrations.search(new IntegrationQuery(name, null, null, false, 1, 20)).total()).isZero();
	}

	@Test
	void createWhenNoSessionAndNoCsrfTokenThenSentToSignInAndNothingSaved() throws Exception {
		String name = "CSRF " + UUID.randomUUID();

		MvcResult result = this.mvc.perform(post("/admin/integrations").with(as(this.admin))
			.param("name", name)
			.param("currentPassword", PASSWORD)
			.param("resourceAccess", "all")).andReturn();

		assertThat(result.getResponse().getRedirectedUrl()).isEqualTo("/admin/login?expired&notSaved");
		assertThat(this.integrations.search(new IntegrationQuery(name, null, null, false, 1, 20)).total()).isZero();
	}

	@Test
	void createWhenSignedOutInAnotherTabThenSessionExpiredAndBackOnTheFormAfterSignIn() throws Exception {
		// Sign Out in another tab ended the session; its sign-in page started a fresh one, whose token
		// the form in this tab does not carry
		MockHttpSession fresh = new MockHttpSession();
		this.mvc.perform(get("/admin/login").session(fresh).param("signedOut", ""));
		String name = "Signed out " + UUID.randomUUID();

		MvcResult result = this.mvc.perform(post("/admin/integrations").session(fresh)
			.with(csrf().useInvalidToken())
			.header("Referer", "http://localhost/admin/integrations/new")
			.param("name", name)
			.param("currentPassword", PASSWORD)
			.param("resourceAccess", "all")).andReturn();
		MvcResult page = this.mvc.perform(get("/admin/login?expired&notSaved").session(fresh)).andReturn();
		MvcResult signedIn = this.mvc.perform(post("/admin/login").session(fresh).with(csrf()).with(from(Sources.unique()))
			.param("username", this.admin.username())
			.param("password", PASSWORD)).andReturn();

		assertThat(result.getResponse().getRedirectedUrl()).isEqualTo("/admin/login?expired&notSaved");
		assertThat(body(page)).contains("Your session expired. Please sign in again.")
			.contains("What you sent was not saved.");
		assertThat(this.integrations.search(new IntegrationQuery(name, null, null, false, 1, 20)).total()).isZero();
		assertThat(signedIn.getResponse().getRedirectedUrl()).isEqualTo("/admin/integrations/new");
		// only the path was kept, never what the form held
		assertThat(fresh.getAttribute(SessionEnded.RETURN_TO)).isNull();
		for (String attribute : java.util.Collections.list(fresh.getAttributeNames())) {
			assertThat(String.valueOf(fresh.getAttribute(attribute))).as(attribute).doesNotContain(PASSWORD).doesNotContain(name);
		}
	}

	@Test
	void createWhenRefererIsAnotherSiteThenSessionExpiredAndGridAfterSignIn() throws Exception {
		MockHttpSession fresh = new MockHttpSession();
		this.mvc.perform(get("/admin/login").session(fresh));

		MvcResult result = this.mvc.perform(post("/admin/integrations").session(fresh)
			.with(csrf().useInvalidToken())
			.header("Referer", "http://elsewhere.example/admin/integrations/new")
			.param("name", "Elsewhere " + UUID.randomUUID())).andReturn();
		MvcResult signedIn = this.mvc.perform(post("/admin/login").session(fresh).with(csrf()).with(from(Sources.unique()))
			.param("username", this.admin.username())
			.param("password", PASSWORD)).andReturn();

		assertThat(result.getResponse().getRedirectedUrl()).isEqualTo("/admin/login?expired&notSaved");
		assertThat(signedIn.getResponse().getRedirectedUrl()).isEqualTo("/admin/integrations");
	}

	@Test
	void editWhenSessionExpiredThenSignInAndBackOnThatPage() throws Exception {
		Integration integration = newIntegration();
		String path = "/admin/integrations/" + integration.id() + "/edit";

		MvcResult result = this.mvc.perform(get(path).with((request) -> {
			request.setRequestedSessionId("expired-session");
			request.setRequestedSessionIdValid(false);
			return request;
		})).andReturn();
		MockHttpSession fresh = (MockHttpSession) result.getRequest().getSession(false);
		MvcResult signedIn = this.mvc.perform(post("/admin/login").session(fresh).with(csrf()).with(from(Sources.unique()))
			.param("username", this.admin.username())
			.param("password", PASSWORD)).andReturn();

		assertThat(result.getResponse().getRedirectedUrl()).isEqualTo("/admin/login?expired");
		assertThat(signedIn.getResponse().getRedirectedUrl()).isEqualTo(path);
	}

	@Test
	void deleteWhenNoCsrfTokenThenRefusedAndKept() throws Exception {
		Integration integration = newIntegration();

		MvcResult result = this.mvc.perform(post("/admin/integrations/" + integration.id() + "/delete")
			.session(signedInSession())
			.with(as(this.admin))).andReturn();

		assertThat(result.getResponse().getStatus()).isEqualTo(403);
		assertThat(this.integrations.find(integration.id())).isPresent();
	}

	@Test
	void deleteWhenGetThenOnlyTheConfirmationPage() throws Exception {
		Integration integration = newIntegration();

		MvcResult result = this.mvc.perform(get("/admin/integrations/" + integration.id() + "/delete").with(as(this.admin)))
			.andReturn();

		assertThat(result.getResponse().getStatus()).isEqualTo(200);
		assertThat(body(result)).contains("Are you sure you want to delete the integration &#39;" + integration.name()
				+ "&#39;? You can&#39;t undo this action.")
			.contains("id=\"confirm-delete\"")
			.contains(">OK<");
		assertThat(this.integrations.find(integration.id())).isPresent();
	}

	@Test
	void activateWhenNoCsrfTokenThenRefusedAndStillInactive() throws Exception {
		Integration integration = newIntegration();

		MvcResult result = this.mvc.perform(post("/admin/integrations/" + integration.id() + "/activate")
			.session(signedInSession())
			.with(as(this.admin))).andReturn();

		assertThat(result.getResponse().getStatus()).isEqualTo(403);
		assertThat(this.integrations.get(integration.id()).status().label()).isEqualTo("Inactive");
	}

	@Test
	void revealWhenNoCsrfTokenThenRefusedAndNotAudited() throws Exception {
		Integration integration = newIntegration();

		MvcResult result = this.mvc.perform(post("/admin/integrations/" + integration.id() + "/reveal")
			.session(signedInSession())
			.with(as(this.admin))
			.param("revealPassword", PASSWORD)).andReturn();

		assertThat(result.getResponse().getStatus()).isEqualTo(403);
		assertThat(body(result)).doesNotContainPattern("value=\"[0-9a-z]{32}\"");
	}

	@Test
	void configSaveWhenNoCsrfTokenThenRefusedAndUnchanged() throws Exception {
		MvcResult result = this.mvc.perform(post("/admin/config/webapi").session(signedInSession())
			.with(as(this.admin))
			.param(Setting.GUEST_ACCESS.path(), "1")).andReturn();

		assertThat(result.getResponse().getStatus()).isEqualTo(403);
		assertThat(this.settings.enabled(Setting.GUEST_ACCESS)).isFalse();
	}

	@Test
	void logoutWhenNoCsrfTokenThenRefusedAndStillSignedIn() throws Exception {
		MockHttpSession session = signedInSession();

		MvcResult result = this.mvc.perform(post("/admin/logout").session(session).with(as(this.admin))).andReturn();

		assertThat(result.getResponse().getStatus()).isEqualTo(403);
		assertThat(session.isInvalid()).isFalse();
	}

	@Test
	void loginWhenNoCsrfTokenThenRefusedAndAskedToSignInAgain() throws Exception {
		MockHttpSession session = new MockHttpSession();
		this.mvc.perform(get("/admin/login").session(session));

		MvcResult result = this.mvc.perform(post("/admin/login").session(session)
			.param("username", this.admin.username())
			.param("password", PASSWORD)).andReturn();
		MvcResult grid = this.mvc.perform(get("/admin/integrations").session(session)).andReturn();

		// a sign-in page left open past its session reads as that: sign in again (not signed in here)
		assertThat(result.getResponse().getRedirectedUrl()).isEqualTo("/admin/login?expired");
		assertThat(grid.getResponse().getRedirectedUrl()).endsWith("/admin/login");
	}

	@Test
	void formsWhenRenderedThenCarryTheCsrfToken() throws Exception {
		Integration integration = newIntegration();
		for (String path : List.of("/admin/integrations/new", "/admin/integrations/" + integration.id() + "/edit",
				"/admin/integrations/" + integration.id() + "/activate", "/admin/config/oauth")) {
			String page = body(this.mvc.perform(get(path).with(as(this.admin))).andReturn());

			assertThat(count(page, "name=\"_csrf\"")).as(path).isEqualTo(count(page, "method=\"post\"")).isGreaterThan(1);
		}
		String login = body(this.mvc.perform(get("/admin/login")).andReturn());
		assertThat(count(login, "name=\"_csrf\"")).isEqualTo(count(login, "method=\"post\"")).isEqualTo(1);
	}

	// ---- headers ----

	@Test
	void loginPageWhenServedThenContentSecurityPolicyWithoutInlineScriptsAndNoFraming() throws Exception {
		MockHttpServletResponse response = this.mvc.perform(get("/admin/login")).andReturn().getResponse();

		assertSecurityHeaders(response);
	}

	@Test
	void gridWhenServedThenSecurityHeadersAndNoInlineScript() throws Exception {
		MvcResult result = this.mvc.perform(get("/admin/integrations").with(as(this.admin))).andReturn();

		assertSecurityHeaders(result.getResponse());
		assertThat(body(result)).doesNotContainPattern("<script(?![^>]*\\ssrc=)[^>]*>").doesNotContainPattern("\\son[a-z]+=\"");
	}

	@Test
	void editPageWhenServedThenNoStore() throws Exception {
		Integration integration = newIntegration();

		MockHttpServletResponse response = this.mvc
			.perform(get("/admin/integrations/" + integration.id() + "/edit").with(as(this.admin)))
			.andReturn()
			.getResponse();

		assertThat(response.getStatus()).isEqualTo(200);
		assertThat(response.getHeader("Cache-Control")).contains("no-store");
		assertSecurityHeaders(response);
	}

	@Test
	void activateWhenDirectFlowThenRedirectToTokensNoStoreAndNowhereElse() throws Exception {
		Integration integration = newIntegration();
		MockHttpSession session = signedInSession();

		MvcResult posted = this.mvc.perform(post("/admin/integrations/" + integration.id() + "/activate").session(session)
			.with(as(this.admin))
			.with(csrf())).andReturn();
		MvcResult shown = this.mvc.perform(get(posted.getResponse().getRedirectedUrl()).session(session)
			.with(as(this.admin))).andReturn();
		MvcResult again = this.mvc.perform(post("/admin/integrations/" + integration.id() + "/activate").session(session)
			.with(as(this.admin))
			.with(csrf())).andReturn();

		assertThat(posted.getResponse().getRedirectedUrl()).isEqualTo("/admin/integrations/" + integration.id() + "/tokens");
		assertThat(shown.getResponse().getStatus()).isEqualTo(200);
		assertThat(body(shown)).contains("Integration Tokens for Extensions", ">Done<",
				"The integration &#39;" + integration.name() + "&#39; has been activated.");
		OAuthCredentials credentials = (OAuthCredentials) shown.getModelAndView().getModel().get("credentials");
		assertThat(credentials.accessToken()).matches("[0-9a-z]{32}");
		assertThat(body(shown)).contains("value=\"" + credentials.accessTokenSecret() + "\"");
		assertThat(shown.getResponse().getHeader("Cache-Control")).contains("no-store");
		assertSecurityHeaders(shown.getResponse());
		assertThat(posted.getFlashMap().containsKey("credentials")).isFalse();
		assertThat(posted.getResponse().getRedirectedUrl()).doesNotContain(credentials.accessToken());
		assertThat(java.util.Collections.list(session.getAttributeNames()).stream()
			.map(session::getAttribute)
			.map(String::valueOf)).noneMatch((value) -> value.contains(credentials.accessTokenSecret()));
		assertThat(again.getResponse().getRedirectedUrl()).isEqualTo("/admin/integrations");
		assertThat(AdminMvc.flash(again)).containsEntry("flashError", "The integration '" + integration.name()
				+ "' is already active; reauthorize it to issue new access tokens.");
	}

	// ---- helpers ----

	/** A session as a signed-in admin's browser has it after opening a page: with its CSRF token. */
	private MockHttpSession signedInSession() throws Exception {
		MockHttpSession session = new MockHttpSession();
		MvcResult page = this.mvc.perform(get("/admin/integrations").session(session).with(as(this.admin))).andReturn();
		assertThat(body(page)).contains("name=\"csrf-token\"");
		return session;
	}

	private Integration newIntegration() {
		return this.integrations.create(new IntegrationDraft("Security " + UUID.randomUUID(), null, null, null, false,
				List.of("Magento_Integration::integrations")), Actor.system("test"));
	}

	private static int count(String text, String part) {
		return text.split(java.util.regex.Pattern.quote(part), -1).length - 1;
	}

	private static void assertSecurityHeaders(MockHttpServletResponse response) {
		String csp = response.getHeader("Content-Security-Policy");
		assertThat(csp).as("Content-Security-Policy").isNotNull();
		List<String> directives = Arrays.stream(csp.split(";")).map(String::strip).toList();
		String scriptSrc = directives.stream()
			.filter((directive) -> directive.startsWith("script-src "))
			.findFirst()
			.orElseGet(() -> directives.stream().filter((d) -> d.startsWith("default-src ")).findFirst().orElseThrow());
		assertThat(scriptSrc).doesNotContain("'unsafe-inline'").doesNotContain("'unsafe-eval'").doesNotContain("*");
		assertThat(directives).contains("frame-ancestors 'none'");
		assertThat(directives).anySatisfy((directive) -> assertThat(directive).startsWith("object-src 'none'"));
		assertThat(response.getHeader("X-Frame-Options")).isEqualTo("DENY");
		assertThat(response.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
		assertThat(response.getHeader("Cache-Control")).contains("no-store");
	}

}
