package dev.keyway.admin;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.keyway.account.AdminAccounts;
import dev.keyway.account.AdminUser;
import dev.keyway.integration.Integration;
import dev.keyway.integration.IntegrationQuery;
import dev.keyway.integration.IntegrationService;
import dev.keyway.integration.IntegrationStatus;
import dev.keyway.testing.Http;
import dev.keyway.testing.KeywayIntegrationTest;
import dev.keyway.testing.KeywayTestContextCustomizerFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.context.WebApplicationContext;

import static dev.keyway.admin.AdminMvc.as;
import static dev.keyway.admin.AdminMvc.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * A Callback URL Keyway will not call (SPEC 2.11: a non-public address the operator did not allow) is told at
 * Save, not first at Activate: saved with a warning that names the address, its block and the start-up
 * property, and Save &amp; Activate stops before the Activate that would fail. Judged without DNS (IP
 * literals and {@code localhost} only). The test configuration allows {@code 127.0.0.0/8,::1}; 10.0.0.5 and
 * fd00::5 are not allowed. The management API stores such a URL as before (SPEC 2.9: 200, the same JSON).
 */
@KeywayIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CallbackAddressAtSaveTests {

	static final String PASSWORD = "callback-address-password-1";

	static final String PROPERTY = "keyway.callbacks.allowed-networks";

	@Autowired
	WebApplicationContext context;

	@Autowired
	IntegrationService integrations;

	@Autowired
	AdminAccounts accounts;

	@LocalServerPort
	int port;

	MockMvc mvc;

	AdminUser admin;

	@BeforeAll
	void setUp() {
		this.mvc = AdminMvc.mockMvc(this.context);
		this.admin = AdminMvc.newAdmin(this.accounts, "callback-address", PASSWORD);
	}

	@Test
	void createWhenCallbackUrlIsPrivateAddressThenSavedWithWarningNamingAddressBlockAndProperty() throws Exception {
		String name = unique("Private callback");
		MvcResult result = submit(name, "http://10.0.0.5/cb", "save");

		assertThat(result.getResponse().getRedirectedUrl()).isEqualTo("/admin/integrations");
		assertThat(AdminMvc.flash(result)).containsEntry("flashSuccess", "The integration '" + name + "' has been saved.");
		assertThat((String) AdminMvc.flash(result).get("flashNotice"))
			.startsWith("The Callback URL of '" + name + "' is an address Keyway does not call")
			.contains("Refused http://10.0.0.5/cb: its host is 10.0.0.5, in the private-use block 10.0.0.0/8.",
					"unless the start-up property " + PROPERTY + " lists the network or the host name",
					"(for example " + PROPERTY + "=10.0.0.5/32)");
		assertThat(saved(name).endpoint()).isEqualTo("http://10.0.0.5/cb");
	}

	@Test
	void createWhenSaveAndActivateAndCallbackUrlIsPrivateWithIdentityLinkThenSavedNotActivatedAndBackToGridWithWarning() throws Exception {
		String name = unique("Private activate");
		MultiValueMap<String, String> form = form(name, "http://[fd00::5]:8080/cb", "saveAndActivate");
		form.set("identityLinkUrl", "https://erp.example.com/link");
		MvcResult result = this.mvc.perform(post("/admin/integrations").with(as(this.admin)).with(csrf()).params(form))
			.andReturn();

		assertThat(result.getResponse().getRedirectedUrl()).isEqualTo("/admin/integrations");
		assertThat((String) AdminMvc.flash(result).get("flashNotice"))
			.startsWith("'" + name + "' was saved but not activated")
			.contains("fd00::5, in the unique-local block fc00::/7", PROPERTY + "=fd00::5/128");
		assertThat(saved(name).status()).isEqualTo(IntegrationStatus.INACTIVE);
	}

	@Test
	void createWhenSaveAndActivateAndPrivateCallbackUrlWithoutIdentityLinkThenActivateOpensAndNoticeSaysActivateDoesNotCallIt()
			throws Exception {
		// without an Identity link URL, Activate is the direct flow (SPEC 2.4): it calls no URL and succeeds
		String name = unique("Private direct");
		MvcResult result = submit(name, "http://10.0.0.5/cb", "saveAndActivate");

		assertThat(result.getResponse().getRedirectedUrl()).isEqualTo(AdminPaths.activate(saved(name).id()));
		assertThat((String) AdminMvc.flash(result).get("flashNotice"))
			.startsWith("The Callback URL of '" + name + "' is an address Keyway does not call: its lifecycle webhooks fail")
			.contains("without an Identity link URL, Activate does not call it", "in the private-use block 10.0.0.0/8")
			.doesNotContain("not activated");
	}

	@Test
	void createWhenPrivateCallbackUrlWithoutIdentityLinkAndWebhooksOffThenNoNoticeAsNothingCallsIt() throws Exception {
		// the direct flow calls no URL, and without the lifecycle webhooks nothing else does: the notice said
		// "its lifecycle webhooks fail" for webhooks that were off (a store admin's trial)
		String name = unique("Private unused");
		MultiValueMap<String, String> form = form(name, "http://10.0.0.5/cb", "save");
		form.remove("lifecycleWebhooks");

		MvcResult result = this.mvc.perform(post("/admin/integrations").with(as(this.admin)).with(csrf()).params(form))
			.andReturn();
		String page = body(this.mvc.perform(get(AdminPaths.edit(saved(name).id())).with(as(this.admin))).andReturn());

		assertThat(AdminMvc.flash(result)).containsEntry("flashSuccess", "The integration '" + name + "' has been saved.")
			.doesNotContainKey("flashNotice");
		// the warning's element is always on the page (the script fills it while the admin types): hidden, empty
		assertThat(page).containsPattern("id=\"endpoint-warning\"[^>]*hidden[^>]*></p>");
	}

	@Test
	void editFormWhenPrivateCallbackUrlWithoutIdentityLinkThenWarningDoesNotSayActivateFails() throws Exception {
		String name = unique("Private direct edit");
		submit(name, "http://192.168.1.21/cb", "save");

		String page = body(this.mvc.perform(get(AdminPaths.edit(saved(name).id())).with(as(this.admin))).andReturn());

		assertThat(page).contains("id=\"endpoint-warning\"", "without an Identity link URL, Activate does not call it",
				"in the private-use block 192.168.0.0/16");
	}

	@Test
	void createWhenCallbackUrlIsLocalhostAndLoopbackAllowedThenNoWarning() throws Exception {
		String name = unique("Allowed loopback");
		MvcResult result = submit(name, "http://localhost:9/cb", "save");

		assertThat(result.getResponse().getRedirectedUrl()).isEqualTo("/admin/integrations");
		assertThat(AdminMvc.flash(result)).doesNotContainKey("flashNotice");
	}

	@Test
	void createWhenCallbackUrlIsHostNameThenNoWarningAndNoDnsAtSave() throws Exception {
		String name = unique("Named callback");
		// .invalid never resolves (RFC 6761): a look-up would fail, and a name is judged when it is called
		MvcResult result = submit(name, "https://callbacks.keyway.invalid/cb", "saveAndActivate");

		assertThat(AdminMvc.flash(result)).doesNotContainKey("flashNotice");
		assertThat(result.getResponse().getRedirectedUrl()).endsWith("/activate");
	}

	@Test
	void editFormWhenSavedCallbackUrlIsPrivateThenWarningUnderTheField() throws Exception {
		String name = unique("Private edit");
		submit(name, "http://192.168.1.20/cb", "save");

		String page = body(this.mvc.perform(get(AdminPaths.edit(saved(name).id())).with(as(this.admin))).andReturn());

		assertThat(page).contains("id=\"endpoint-warning\"", "Keyway will not call this Callback URL until the operator",
				"in the private-use block 192.168.0.0/16", PROPERTY + "=192.168.1.20/32");
		assertThat(page).containsPattern("id=\"endpoint\"[^>]*aria-describedby=\"endpoint-note endpoint-warning\"");
	}

	@Test
	void createWhenPasswordWrongAndCallbackUrlPrivateThenWarningShownWithTheErrorsAndNothingSaved() throws Exception {
		String name = unique("Private wrong password");
		MultiValueMap<String, String> form = form(name, "http://10.0.0.5/cb", "save");
		form.set("currentPassword", "wrong-password");

		MvcResult result = this.mvc.perform(post("/admin/integrations").with(as(this.admin)).with(csrf()).params(form))
			.andReturn();

		assertThat(result.getResponse().getStatus()).isEqualTo(200);
		assertThat(body(result)).contains("id=\"endpoint-warning\"", "Keyway will not call this Callback URL", "value=\"http://10.0.0.5/cb\"");
		assertThat(this.integrations.search(new IntegrationQuery(name, null, null, false, 1, 20)).total()).isZero();
	}

	@Test
	void managementApiCreateWhenCallbackUrlIsPrivateThenStoredAsBeforeWithTheSameJson() {
		Http http = new Http(this.port);
		Http.Response token = http.post("/rest/V1/integration/admin/token",
				"{\"username\":\"" + KeywayTestContextCustomizerFactory.ADMIN_USERNAME + "\",\"password\":\""
						+ KeywayTestContextCustomizerFactory.ADMIN_PASSWORD + "\"}");
		JsonMapper json = JsonMapper.builder().build();
		String bearer = "Bearer " + json.readTree(token.body()).asString();

		Http.Response created = http.post("/rest/V1/integrations",
				"{\"name\":\"" + unique("api-private") + "\",\"endpoint\":\"http://10.0.0.5/cb\"}", "Authorization", bearer);
		Http.Response named = http.post("/rest/V1/integrations",
				"{\"name\":\"" + unique("api-named") + "\",\"endpoint\":\"https://erp.example.com/cb\"}", "Authorization", bearer);

		assertThat(created.status()).as(created.body()).isEqualTo(200);
		JsonNode body = json.readTree(created.body());
		assertThat(body.get("endpoint").asString()).isEqualTo("http://10.0.0.5/cb");
		assertThat(body.propertyNames()).containsExactlyInAnyOrderElementsOf(json.readTree(named.body()).propertyNames());
	}

	private MvcResult submit(String name, String endpoint, String action) throws Exception {
		return this.mvc.perform(post("/admin/integrations").with(as(this.admin)).with(csrf()).params(form(name, endpoint, action)))
			.andReturn();
	}

	private Integration saved(String name) {
		return this.integrations
			.get(this.integrations.search(new IntegrationQuery(name, null, null, false, 1, 20)).items().get(0).id());
	}

	private static MultiValueMap<String, String> form(String name, String endpoint, String action) {
		MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
		form.setAll(Map.of("name", name, "email", "", "endpoint", endpoint, "identityLinkUrl", "",
				"currentPassword", PASSWORD, "resourceAccess", "all", "action", action, "lifecycleWebhooks", "true"));
		return form;
	}

	private static String unique(String prefix) {
		return prefix + " " + UUID.randomUUID();
	}

}
