package dev.keyway.admin;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.keyway.account.AdminAccounts;
import dev.keyway.account.AdminUser;
import dev.keyway.audit.AuditTrail;
import dev.keyway.settings.RuntimeSettings;
import dev.keyway.settings.Setting;
import dev.keyway.testing.KeywayIntegrationTest;
import dev.keyway.testing.RestoreSettings;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.context.WebApplicationContext;

import static dev.keyway.admin.AdminMvc.as;
import static dev.keyway.admin.AdminMvc.body;
import static dev.keyway.admin.AdminMvc.errors;
import static dev.keyway.admin.AdminMvc.html;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * Stores › Configuration › Services › Magento Web API and OAuth (SPEC 2.8): every field shown with
 * its value, bad values refused with a message naming the setting and the value (kept in the form,
 * nothing saved), good ones saved at once and audited.
 */
@KeywayIntegrationTest
@ExtendWith(RestoreSettings.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConfigurationControllerTests {

	@Autowired
	WebApplicationContext context;

	@Autowired
	AdminAccounts accounts;

	@Autowired
	RuntimeSettings settings;

	@Autowired
	AuditTrail audit;

	MockMvc mvc;

	AdminUser admin;

	Map<Setting, String> before;

	@BeforeAll
	void setUp() {
		this.mvc = AdminMvc.mockMvc(this.context);
		this.admin = AdminMvc.newAdmin(this.accounts, "config-tests", "config-tests-password-1");
	}

	/** The values before the test, for assertions that a refused form changed nothing (RestoreSettings puts them back). */
	@BeforeEach
	void rememberSettings() {
		this.before = new LinkedHashMap<>(this.settings.all());
	}

	@Test
	void webApiPageWhenOpenedThenGuestAccessWithCommentAndSaveConfig() throws Exception {
		MvcResult result = this.mvc.perform(get("/admin/config/webapi").with(as(this.admin))).andReturn();

		String page = body(result);
		assertThat(page).contains("Web API Security", "Allow Anonymous Guest Access",
				html("This feature applies only to CMS, Catalog and Store APIs. Please consult your developers for details on potential security risks."),
				"id=\"setting-webapi-webapisecurity-allow_insecure\"", ">Save Config<");
		assertThat(page).contains("<option value=\"0\" selected=\"selected\">No</option>");
	}

	@Test
	void oauthPageWhenOpenedThenEveryGroupAndFieldWithItsValue() throws Exception {
		MvcResult result = this.mvc.perform(get("/admin/config/oauth").with(as(this.admin))).andReturn();

		String page = body(result);
		assertThat(page).contains("Consumer Settings", "Cleanup Settings", "Access Token Expiration", "Authentication Locks");
		for (Setting setting : Setting.values()) {
			if (setting.group().page().equals("oauth")) {
				assertThat(page).contains("name=\"" + setting.path() + "\"").contains(html(setting.label()));
				if (setting.kind() == Setting.Kind.NUMBER) {
					assertThat(page).containsPattern("name=\"" + setting.path().replace("/", "\\/") + "\"[^>]*value=\""
							+ this.settings.value(setting) + "\"");
				}
			}
		}
	}

	@Test
	void oauthSaveWhenNumberNegativeThenRefusedNamingSettingAndValueKept() throws Exception {
		MvcResult result = save("oauth", Map.of(Setting.CONSUMER_EXPIRATION.path(), "-5"));

		String message = "Expiration Period must be between 1 and 31,536,000 seconds; got \"-5\".";
		assertRefused(result, Setting.CONSUMER_EXPIRATION, message, "-5");
	}

	@Test
	void oauthSaveWhenRefusedThenTheNoteAndTheMessageDescribeTheField() throws Exception {
		MvcResult result = save("oauth", Map.of(Setting.POST_TIMEOUT.path(), "-3"));

		String id = "setting-oauth-consumer-post_timeout";
		String page = body(result);
		assertThat(page).containsPattern("id=\"" + id + "\"[^>]*aria-describedby=\"" + id + "-note " + id + "-error\"")
			.contains("<p class=\"note\" id=\"" + id + "-note\">")
			.contains("<p class=\"field-error\" id=\"" + id + "-error\">");
		String unchanged = "setting-oauth-consumer-post_maxredirects";
		assertThat(page).containsPattern("id=\"" + unchanged + "\"[^>]*aria-describedby=\"" + unchanged + "-note\"");
	}

	@Test
	void oauthSaveWhenNotANumberThenRefused() throws Exception {
		MvcResult result = save("oauth", Map.of(Setting.LOCKOUT_TIME.path(), "half an hour"));

		assertRefused(result, Setting.LOCKOUT_TIME,
				"Lockout Time (seconds) must be a whole number between 1 and 31,536,000; got \"half an hour\".",
				"half an hour");
	}

	@Test
	void oauthSaveWhenAboveMaximumThenRefused() throws Exception {
		MvcResult result = save("oauth", Map.of(Setting.POST_MAX_REDIRECTS.path(), "21"));

		assertRefused(result, Setting.POST_MAX_REDIRECTS,
				"OAuth consumer credentials HTTP Post maxredirects must be a whole number between 0 and 20; got \"21\".",
				"21");
	}

	@Test
	void oauthSaveWhenEmptyThenRefused() throws Exception {
		MvcResult result = save("oauth", Map.of(Setting.POST_TIMEOUT.path(), ""));

		assertRefused(result, Setting.POST_TIMEOUT,
				"OAuth consumer credentials HTTP Post timeout must be between 1 and 300 seconds; got \"\".",
				"");
	}

	@Test
	void oauthSaveWhenPostTimeoutTooLargeThenLabelRangeAndUnitNamed() throws Exception {
		MvcResult result = save("oauth", Map.of(Setting.POST_TIMEOUT.path(), "9999"));

		assertRefused(result, Setting.POST_TIMEOUT,
				"OAuth consumer credentials HTTP Post timeout must be between 1 and 300 seconds; got \"9999\".", "9999");
		assertThat(errors(result).get(Setting.POST_TIMEOUT.path())).doesNotContain("oauth/consumer");
	}

	@Test
	void oauthSaveWhenOneBadAmongGoodThenNothingSaved() throws Exception {
		MvcResult result = save("oauth",
				Map.of(Setting.POST_TIMEOUT.path(), "9", Setting.CLEANUP_PROBABILITY.path(), "-1"));

		assertThat(errors(result)).containsOnlyKeys(Setting.CLEANUP_PROBABILITY.path());
		assertThat(body(result)).containsPattern("name=\"oauth/consumer/post_timeout\"[^>]*value=\"9\"");
		assertThat(this.settings.value(Setting.POST_TIMEOUT)).isEqualTo(this.before.get(Setting.POST_TIMEOUT));
	}

	@Test
	void webApiSaveWhenGuestAccessNotYesOrNoThenRefused() throws Exception {
		MvcResult result = save("webapi", Map.of(Setting.GUEST_ACCESS.path(), "maybe"));

		assertThat(errors(result)).containsEntry(Setting.GUEST_ACCESS.path(),
				"Allow Anonymous Guest Access must be Yes or No; got \"maybe\".");
		assertThat(this.settings.enabled(Setting.GUEST_ACCESS)).isFalse();
	}

	@Test
	void webApiSaveWhenGuestAccessYesThenSavedAtOnceAndAudited() throws Exception {
		MvcResult result = save("webapi", Map.of(Setting.GUEST_ACCESS.path(), "1"));

		assertThat(result.getResponse().getRedirectedUrl()).isEqualTo("/admin/config/webapi");
		assertThat(AdminMvc.flash(result)).containsEntry("flashSuccess", "You saved the configuration.");
		assertThat(this.settings.enabled(Setting.GUEST_ACCESS)).isTrue();
		assertThat(this.audit.find("setting", Setting.GUEST_ACCESS.path(), 1, 0)).singleElement()
			.satisfies((entry) -> assertThat(entry.actorName()).isEqualTo(this.admin.username()));
	}

	@Test
	void oauthSaveWhenValidThenSaved() throws Exception {
		String lockout = Integer.toString(this.settings.number(Setting.LOCKOUT_TIME) + 60);
		MvcResult result = save("oauth", Map.of(Setting.LOCKOUT_TIME.path(), lockout));

		assertThat(result.getResponse().getRedirectedUrl()).isEqualTo("/admin/config/oauth");
		assertThat(this.settings.value(Setting.LOCKOUT_TIME)).isEqualTo(lockout);
	}

	@Test
	void webApiPageWhenOpenedThenInputLimitsGroupWithMagentosLabelsHelpAndRanges() throws Exception {
		MvcResult result = this.mvc.perform(get("/admin/config/webapi").with(as(this.admin))).andReturn();

		String page = body(result);
		assertThat(page).contains("<summary>Web API Input Limits</summary>", ">Enable Input Limits<", ">Input List Limit<",
				">Maximum Page Size<", ">Default Page Size<", "id=\"setting-webapi-validation-input_limit_enabled\"",
				html("Sets the maximum number of items allowed in a paginated search result in the Web API response."),
				html("When No, a search still returns at most 10000 rows"), "From 1 to 10,000");
		assertThat(page.indexOf("Web API Input Limits")).isLessThan(page.indexOf("Web API Security"));
		assertThat(page).containsPattern("name=\"webapi/validation/maximum_page_size\"[^>]*value=\""
				+ this.settings.value(Setting.MAXIMUM_PAGE_SIZE) + "\"");
	}

	@Test
	void webApiSaveWhenMaximumPageSizeAboveTheCeilingThenRefused() throws Exception {
		MvcResult result = save("webapi", Map.of(Setting.MAXIMUM_PAGE_SIZE.path(), "10001"));

		assertRefused(result, Setting.MAXIMUM_PAGE_SIZE,
				"Maximum Page Size must be a whole number between 1 and 10,000; got \"10001\".",
				"10001");
	}

	@Test
	void webApiSaveWhenDefaultPageSizeAboveMaximumThenRefused() throws Exception {
		MvcResult result = save("webapi",
				Map.of(Setting.MAXIMUM_PAGE_SIZE.path(), "40", Setting.DEFAULT_PAGE_SIZE.path(), "41"));

		assertRefused(result, Setting.DEFAULT_PAGE_SIZE, "Default Page Size must not exceed Maximum Page Size; got \"41\".",
				"41");
		assertThat(this.settings.value(Setting.MAXIMUM_PAGE_SIZE)).isEqualTo(this.before.get(Setting.MAXIMUM_PAGE_SIZE));
	}

	@Test
	void webApiSaveWhenInputLimitsValidThenSavedAtOnce() throws Exception {
		MvcResult result = save("webapi", Map.of(Setting.INPUT_LIMITS_ENABLED.path(), "1",
				Setting.INPUT_LIST_LIMIT.path(), "50", Setting.MAXIMUM_PAGE_SIZE.path(), "100",
				Setting.DEFAULT_PAGE_SIZE.path(), "25"));

		assertThat(result.getResponse().getRedirectedUrl()).isEqualTo("/admin/config/webapi");
		assertThat(this.settings.enabled(Setting.INPUT_LIMITS_ENABLED)).isTrue();
		assertThat(this.settings.number(Setting.INPUT_LIST_LIMIT)).isEqualTo(50);
		assertThat(this.settings.number(Setting.MAXIMUM_PAGE_SIZE)).isEqualTo(100);
		assertThat(this.settings.number(Setting.DEFAULT_PAGE_SIZE)).isEqualTo(25);
	}

	@Test
	void configWhenUnknownPageThenWebApiPage() throws Exception {
		MvcResult result = this.mvc.perform(get("/admin/config/payments").with(as(this.admin))).andReturn();

		assertThat(result.getResponse().getRedirectedUrl()).isEqualTo("/admin/config/webapi");
	}

	// ---- helpers ----

	/** Submits a page as the browser does: every field of it, with {@code changes} applied. */
	private MvcResult save(String page, Map<String, String> changes) throws Exception {
		MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
		this.settings.all().forEach((setting, value) -> {
			if (setting.group().page().equals(page)) {
				form.add(setting.path(), changes.getOrDefault(setting.path(), value));
			}
		});
		return this.mvc.perform(post("/admin/config/" + page).with(as(this.admin)).with(csrf()).params(form)).andReturn();
	}

	private void assertRefused(MvcResult result, Setting setting, String message, String value) throws Exception {
		assertThat(result.getResponse().getStatus()).isEqualTo(200);
		assertThat(errors(result)).containsOnlyKeys(setting.path()).containsEntry(setting.path(), message);
		String page = body(result);
		assertThat(page).contains(html("The configuration was not saved. Please correct the marked values."))
			.containsPattern("<p class=\"field-error\"[^>]*>" + Pattern.quote(html(message)) + "</p>")
			.containsPattern("name=\"" + setting.path() + "\"[^>]*value=\"" + html(value) + "\"");
		assertThat(this.settings.value(setting)).isEqualTo(this.before.get(setting));
	}

}
