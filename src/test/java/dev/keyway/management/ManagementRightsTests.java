package dev.keyway.management;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.keyway.settings.RuntimeSettings;
import dev.keyway.settings.Setting;
import dev.keyway.settings.SettingsService;
import dev.keyway.testing.SignedCalls;
import dev.keyway.testing.AdminApi;
import dev.keyway.testing.Eventually;
import dev.keyway.testing.Http;
import dev.keyway.testing.KeywayIntegrationTest;
import dev.keyway.testing.OAuthClientCredentials;
import dev.keyway.testing.RestoreSettings;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Management rights (issue 11.1): All never implies managing integrations or settings; an
 * integration holding Keyway_Integration::manage manages only the integrations it created, within
 * its own grant; every refusal is audited. Calls are signed by independent OAuth libraries.
 */
@ExtendWith(RestoreSettings.class)
@KeywayIntegrationTest
class ManagementRightsTests {

	private static final String MANAGE = "Keyway_Integration::manage";

	private static final String MANAGE_SETTINGS = "Keyway_Config::manage";

	private static final String UNAUTHORIZED = "The consumer isn't authorized to access %resources.";

	private static final String CREDENTIAL = "[0-9a-z]{32}";

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	SettingsService settingsService;

	@Autowired
	RuntimeSettings settings;

	private Http http;

	private AdminApi admin;

	/** An Active integration: its id and its four values. */
	record Party(long id, String name, OAuthClientCredentials credentials) {
	}

	@BeforeEach
	void setUp() {
		this.http = new Http(this.port);
		this.admin = new AdminApi(this.http);
	}

	// ---- All (or Magento's own resources) never implies management ----

	@Test
	void reauthorizeWhenAllIntegrationTargetsAnotherThen401AuditedAndCredentialsUnchanged() {
		Party target = party("target", "\"resources\":[\"Magento_Sales::actions_view\"]");
		for (Party caller : List.of(party("all", "\"all_resources\":true"), party("magento-rights",
				"\"resources\":[\"Magento_Integration::integrations\",\"Magento_Config::config\"]"))) {
			Http.Response response = signed(caller, "POST", "/rest/V1/integrations/" + target.id() + "/reauthorize", null);
			assertThat(response.status()).as(response.body()).isEqualTo(401);
			assertThat(json(response.body())).isEqualTo(unauthorized(MANAGE));
			assertThat(response.body()).doesNotContain(target.credentials().consumerSecret(),
					target.credentials().accessToken());
			assertRefusalAudited(caller, "integration", Long.toString(target.id()), "POST /V1/integrations/:id/reauthorize");
		}
		assertThat(signed(target, "GET", "/rest/V1/orders/4", null).status()).as("the target's token still works")
			.isEqualTo(200);
		assertThat(field(this.admin.get("/rest/V1/integrations/" + target.id()), "status").asInt()).isEqualTo(1);
	}

	@Test
	void updateWhenAllIntegrationRepointsAnotherThen401AuditedAndNothingChanged() {
		Party target = party("repoint", "\"resources\":[\"Magento_Cms::block\"]");
		this.admin.put("/rest/V1/integrations/" + target.id(),
				"{\"endpoint\":\"https://partner.example.com/cb\",\"identity_link_url\":\"https://partner.example.com/l\"}");
		Party caller = party("all-editor", "\"all_resources\":true");
		Http.Response response = signed(caller, "PUT", "/rest/V1/integrations/" + target.id(),
				"{\"endpoint\":\"https://attacker.example.net/cb\",\"identity_link_url\":\"\"}");
		assertThat(response.status()).as(response.body()).isEqualTo(401);
		assertThat(json(response.body())).isEqualTo(unauthorized(MANAGE));
		assertRefusalAudited(caller, "integration", Long.toString(target.id()), "PUT /V1/integrations/:id");
		JsonNode after = json(this.admin.get("/rest/V1/integrations/" + target.id()).body());
		assertThat(after.get("endpoint").asString()).isEqualTo("https://partner.example.com/cb");
		assertThat(after.get("identity_link_url").asString()).isEqualTo("https://partner.example.com/l");
	}

	@Test
	void deleteWhenAllIntegrationTargetsAnotherThen401AuditedAndStillThere() {
		Party target = party("keep", "\"resources\":[\"Magento_Cms::block\"]");
		Party caller = party("all-deleter", "\"all_resources\":true");
		Http.Response response = signed(caller, "DELETE", "/rest/V1/integrations/" + target.id(), null);
		assertThat(response.status()).isEqualTo(401);
		assertThat(json(response.body())).isEqualTo(unauthorized(MANAGE));
		assertRefusalAudited(caller, "integration", Long.toString(target.id()), "DELETE /V1/integrations/:id");
		assertThat(this.admin.get("/rest/V1/integrations/" + target.id()).status()).isEqualTo(200);
	}

	@Test
	void listWhenAllIntegrationThen401AndAudited() {
		Party caller = party("all-lister", "\"all_resources\":true");
		for (String path : List.of("/rest/V1/integrations", "/rest/V1/acl/resources")) {
			Http.Response response = signed(caller, "GET", path, null);
			assertThat(response.status()).as(path).isEqualTo(401);
			assertThat(json(response.body())).isEqualTo(unauthorized(MANAGE));
		}
		assertRefusalAudited(caller, "route", null, "GET /V1/integrations");
		// the developer learns why from the integration's health: All never includes management
		String why = "The integration's grant lacks Keyway_Integration::manage. All never includes the management "
				+ "resources: the admin grants each one by name";
		Eventually.within(Duration.ofSeconds(20), "the refusal's hint in the health answer",
				() -> this.admin.get("/rest/V1/integrations/" + caller.id() + "/health").body().contains(why));
		Http.Response create = signed(caller, "POST", "/rest/V1/integrations",
				"{\"name\":\"smuggled-" + UUID.randomUUID() + "\",\"all_resources\":true}");
		assertThat(create.status()).isEqualTo(401);
		assertRefusalAudited(caller, "route", null, "POST /V1/integrations");
	}

	@Test
	void settingsWhenAllIntegrationChangesLockOutThen401AuditedAndUnchanged() {
		String failures = this.settings.value(Setting.MAX_LOGIN_FAILURES);
		String guests = this.settings.value(Setting.GUEST_ACCESS);
		Party caller = party("all-settings", "\"all_resources\":true");
		Http.Response put = signed(caller, "PUT", "/rest/V1/settings",
				"{\"settings\":{\"oauth/authentication_lock/max_failures_count\":\"0\","
						+ "\"webapi/webapisecurity/allow_insecure\":\"1\"}}");
		assertThat(put.status()).as(put.body()).isEqualTo(401);
		assertThat(json(put.body())).isEqualTo(unauthorized(MANAGE_SETTINGS));
		assertThat(signed(caller, "GET", "/rest/V1/settings", null).status()).isEqualTo(401);
		assertRefusalAudited(caller, "route", null, "PUT /V1/settings");
		assertThat(this.settings.value(Setting.MAX_LOGIN_FAILURES)).isEqualTo(failures);
		assertThat(this.settings.value(Setting.GUEST_ACCESS)).isEqualTo(guests);
	}

	@Test
	void settingsWhenIntegrationHoldsSettingsResourceThenChanged() {
		Party caller = party("settings-manager", "\"resources\":[\"" + MANAGE_SETTINGS + "\"]");
		Http.Response put = signed(caller, "PUT", "/rest/V1/settings",
				"{\"settings\":{\"oauth/consumer/post_timeout\":\"11\"}}");
		assertThat(put.status()).as(put.body()).isEqualTo(200);
		assertThat(this.settings.number(Setting.POST_TIMEOUT)).isEqualTo(11);
		assertThat(signed(caller, "GET", "/rest/V1/integrations", null).status())
			.as("the settings resource does not open integrations").isEqualTo(401);
	}

	// ---- an explicit manager: its own creations, within its own grant ----

	@Test
	void createWhenManagerThenSeesAndManagesOnlyItsCreation() {
		Party manager = manager("\"resources\":[\"" + MANAGE + "\",\"Magento_Cms::block\",\"Magento_Sales::actions_view\"]");
		String name = "child-" + UUID.randomUUID();
		Http.Response created = signed(manager, "POST", "/rest/V1/integrations",
				"{\"name\":\"" + name + "\",\"resources\":[\"Magento_Sales::actions_view\"]}");
		assertThat(created.status()).as(created.body()).isEqualTo(200);
		long child = json(created.body()).get("id").asLong();
		party("bystander", "\"resources\":[\"Magento_Cms::block\"]");

		JsonNode list = json(signed(manager, "GET", "/rest/V1/integrations", null).body());
		assertThat(list.get("total_count").asLong()).isOne();
		assertThat(list.get("items").get(0).get("id").asLong()).isEqualTo(child);
		assertThat(signed(manager, "GET", "/rest/V1/integrations/" + child, null).status()).isEqualTo(200);

		Http.Response renamed = signed(manager, "PUT", "/rest/V1/integrations/" + child,
				"{\"name\":\"" + name + "-renamed\"}");
		assertThat(renamed.status()).as(renamed.body()).isEqualTo(200);
		Http.Response activated = signed(manager, "POST", "/rest/V1/integrations/" + child + "/activate", null);
		assertThat(activated.status()).as(activated.body()).isEqualTo(200);
		assertThat(json(activated.body()).get("access_token").asString()).matches(CREDENTIAL);
		Http.Response reauthorized = signed(manager, "POST", "/rest/V1/integrations/" + child + "/reauthorize", null);
		assertThat(reauthorized.status()).as(reauthorized.body()).isEqualTo(200);
		Http.Response deleted = signed(manager, "DELETE", "/rest/V1/integrations/" + child, null);
		assertThat(deleted.status()).as(deleted.body()).isEqualTo(200);
		assertThat(this.admin.get("/rest/V1/integrations/" + child).status()).isEqualTo(404);
	}

	@Test
	void manageWhenTargetCreatedByAdminOrOtherIntegrationThen404AuditedAndNothingChanged() {
		Party manager = manager("\"all_resources\":true,\"resources\":[\"" + MANAGE + "\"]");
		Party other = manager("\"all_resources\":true,\"resources\":[\"" + MANAGE + "\"]");
		long byOther = json(signed(other, "POST", "/rest/V1/integrations",
				"{\"name\":\"others-" + UUID.randomUUID() + "\",\"resources\":[\"Magento_Cms::block\"]}").body())
			.get("id").asLong();
		Party byAdmin = party("admins", "\"resources\":[\"Magento_Sales::actions_view\"]");
		for (long target : List.of(byOther, byAdmin.id())) {
			String path = "/rest/V1/integrations/" + target;
			Map<String, Http.Response> attempts = Map.of("get", signed(manager, "GET", path, null), "update",
					signed(manager, "PUT", path, "{\"identity_link_url\":\"\",\"endpoint\":\"https://evil.example.net/\"}"),
					"reauthorize", signed(manager, "POST", path + "/reauthorize", null), "activate",
					signed(manager, "POST", path + "/activate", null), "delete", signed(manager, "DELETE", path, null));
			attempts.forEach((operation, response) -> {
				assertThat(response.status()).as(operation + " " + response.body()).isEqualTo(404);
				assertThat(json(response.body())).as(operation)
					.isEqualTo(json("{\"message\":\"The integration with ID \\\"" + target + "\\\" doesn't exist.\"}"));
				assertThat(refusals(manager, "integration", Long.toString(target)))
					.anySatisfy((after) -> assertThat(after).contains("\"operation\":\"" + operation + "\"",
							"only the integrations it created"));
			});
			assertThat(this.admin.get(path).body()).as("not re-pointed").doesNotContain("evil.example.net");
		}
		assertThat(json(signed(manager, "GET", "/rest/V1/integrations", null).body()).get("total_count").asLong())
			.isZero();
		assertThat(signed(byAdmin, "GET", "/rest/V1/orders/4", null).status()).as("token untouched").isEqualTo(200);
	}

	@Test
	void createWhenGrantBeyondOwnThen403AuditedAndNothingCreated() {
		Party manager = manager("\"resources\":[\"" + MANAGE + "\",\"Magento_Cms::block\"]");
		Map<String, String> attempts = Map.of("\"resources\":[\"Magento_Sales::actions_view\"]", "Magento_Sales::actions_view",
				"\"all_resources\":true", "Magento_Backend::all", "\"resources\":[\"" + MANAGE_SETTINGS + "\"]",
				MANAGE_SETTINGS);
		attempts.forEach((grant, missing) -> {
			Http.Response response = signed(manager, "POST", "/rest/V1/integrations",
					"{\"name\":\"beyond-" + UUID.randomUUID() + "\"," + grant + "}");
			assertThat(response.status()).as(grant).isEqualTo(403);
			assertThat(json(response.body()).get("message").asString())
				.isEqualTo("An integration cannot grant resources it does not hold: " + missing + ".");
		});
		assertThat(refusals(manager, "route", null)).hasSize(3)
			.allSatisfy((after) -> assertThat(after).contains("\"operation\":\"create\""));
		assertThat(json(signed(manager, "GET", "/rest/V1/integrations", null).body()).get("total_count").asLong())
			.isZero();
	}

	@Test
	void createWhenChildGetsManagementThenChildCannotReachItsCreatorNorCreatorItself() {
		Party creator = manager("\"all_resources\":true,\"resources\":[\"" + MANAGE + "\"]");
		assertThat(signed(creator, "POST", "/rest/V1/integrations/" + creator.id() + "/reauthorize", null).status())
			.as("an integration is not its own creation").isEqualTo(404);
		long childId = json(signed(creator, "POST", "/rest/V1/integrations",
				"{\"name\":\"child-" + UUID.randomUUID() + "\",\"all_resources\":true,\"resources\":[\"" + MANAGE + "\"]}")
			.body()).get("id").asLong();
		Party child = activatedBy(creator, childId);
		assertThat(signed(child, "POST", "/rest/V1/integrations/" + creator.id() + "/reauthorize", null).status())
			.isEqualTo(404);
		assertThat(signed(child, "DELETE", "/rest/V1/integrations/" + creator.id(), null).status()).isEqualTo(404);
		assertThat(json(signed(child, "GET", "/rest/V1/integrations", null).body()).get("total_count").asLong()).isZero();
		Http.Response escalation = signed(child, "POST", "/rest/V1/integrations",
				"{\"name\":\"grandchild-" + UUID.randomUUID() + "\",\"resources\":[\"" + MANAGE_SETTINGS + "\"]}");
		assertThat(escalation.status()).isEqualTo(403);
		assertThat(signed(creator, "GET", "/rest/V1/orders/4", null).status()).as("creator's token untouched")
			.isEqualTo(200);
	}

	@Test
	void reauthorizeWhenCreationWidenedByAdminThen403ButDeleteAllowed() {
		Party creator = manager("\"resources\":[\"" + MANAGE + "\",\"Magento_Cms::block\"]");
		long childId = json(signed(creator, "POST", "/rest/V1/integrations",
				"{\"name\":\"widened-" + UUID.randomUUID() + "\",\"resources\":[\"Magento_Cms::block\"]}").body())
			.get("id").asLong();
		Party child = activatedBy(creator, childId);
		assertThat(this.admin.put("/rest/V1/integrations/" + childId, "{\"all_resources\":true}").status()).isEqualTo(200);
		Http.Response reauthorize = signed(creator, "POST", "/rest/V1/integrations/" + childId + "/reauthorize", null);
		assertThat(reauthorize.status()).isEqualTo(403);
		assertThat(json(reauthorize.body()).get("message").asString()).isEqualTo(
				"An integration may not reauthorize an integration that holds resources it does not hold: "
						+ "Magento_Backend::all.");
		assertThat(reauthorize.body()).doesNotContain("access_token");
		assertThat(refusals(creator, "integration", Long.toString(childId)))
			.anySatisfy((after) -> assertThat(after).contains("holds more than it does"));
		assertThat(signed(child, "GET", "/rest/V1/orders/4", null).status()).isEqualTo(200);
		assertThat(signed(creator, "DELETE", "/rest/V1/integrations/" + childId, null).status()).isEqualTo(200);
	}

	@Test
	void deleteWhenCreatorDeletedThenCreationStaysWorkingAndFallsToAdmins() {
		Party creator = manager("\"resources\":[\"" + MANAGE + "\",\"Magento_Sales::actions_view\"]");
		long childId = json(signed(creator, "POST", "/rest/V1/integrations",
				"{\"name\":\"orphan-" + UUID.randomUUID() + "\",\"resources\":[\"Magento_Sales::actions_view\"]}").body())
			.get("id").asLong();
		Party child = activatedBy(creator, childId);
		assertThat(this.admin.delete("/rest/V1/integrations/" + creator.id()).status()).isEqualTo(200);
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM integrations WHERE id = :id AND created_by IS NULL")
			.param("id", childId)
			.query(Long.class)
			.single()).as("falls to the admins").isOne();
		assertThat(signed(child, "GET", "/rest/V1/orders/4", null).status()).isEqualTo(200);
		assertThat(this.admin.post("/rest/V1/integrations/" + childId + "/reauthorize", null).status()).isEqualTo(200);
	}

	// ---- helpers ----

	/** An Active integration created by the admin with {@code grant} (JSON members). */
	private Party party(String label, String grant) {
		String name = label + "-" + UUID.randomUUID();
		long id = this.admin.createIntegration("{\"name\":\"" + name + "\"," + grant + "}");
		Http.Response activation = this.admin.post("/rest/V1/integrations/" + id + "/activate", "{}");
		assertThat(activation.status()).as(activation.body()).isEqualTo(200);
		return new Party(id, name, credentials(activation.body()));
	}

	private Party manager(String grant) {
		return party("manager", grant);
	}

	private Party activatedBy(Party creator, long id) {
		Http.Response activation = signed(creator, "POST", "/rest/V1/integrations/" + id + "/activate", null);
		assertThat(activation.status()).as(activation.body()).isEqualTo(200);
		return new Party(id, AdminApi.field(this.admin.get("/rest/V1/integrations/" + id).body(), "name"),
				credentials(activation.body()));
	}

	private static OAuthClientCredentials credentials(String activation) {
		return new OAuthClientCredentials(AdminApi.field(activation, "consumer_key"),
				AdminApi.field(activation, "consumer_secret"), AdminApi.field(activation, "access_token"),
				AdminApi.field(activation, "access_token_secret"));
	}

	/**
	 * Signed by independent implementations: google-oauth-client for GET and POST, ScribeJava for PUT
	 * and DELETE (google's transport gives no body with a 401 answer to those).
	 */
	private Http.Response signed(Party caller, String method, String path, String body) {
		SignedCalls.Library library = ("GET".equals(method) || "POST".equals(method)) ? SignedCalls.Library.GOOGLE
				: SignedCalls.Library.SCRIBE;
		return SignedCalls.call(library, method, this.http.url(path), caller.credentials(), body);
	}

	private void assertRefusalAudited(Party caller, String subjectType, String subjectId, String operation) {
		assertThat(refusals(caller, subjectType, subjectId)).as("refusal of " + operation + " audited")
			.anySatisfy((after) -> assertThat(after).contains("\"operation\":\"" + operation + "\"",
					"which All does not include"));
	}

	/** The after-states of the refusals audited for this caller on this subject, with a source address. */
	private List<String> refusals(Party caller, String subjectType, String subjectId) {
		String subject = (subjectId != null) ? "subject_id = :subject" : "subject_id IS NULL";
		JdbcClient.StatementSpec query = this.jdbc.sql("""
				SELECT after_state FROM audit_log
				WHERE action = 'management.refused' AND actor_type = 'integration' AND actor_id = :actor
				  AND actor_name = :name AND source_address IS NOT NULL AND subject_type = :type AND %s
				ORDER BY id""".formatted(subject))
			.param("actor", caller.id())
			.param("name", caller.name())
			.param("type", subjectType);
		if (subjectId != null) {
			query = query.param("subject", subjectId);
		}
		return query.query(String.class).list();
	}

	private static JsonNode unauthorized(String resource) {
		return json("{\"message\":\"" + UNAUTHORIZED + "\",\"parameters\":{\"resources\":\"" + resource + "\"}}");
	}

	private static JsonNode field(Http.Response response, String name) {
		return json(response.body()).get(name);
	}

	private static JsonNode json(String text) {
		return JsonMapper.shared().readTree(text);
	}

}
