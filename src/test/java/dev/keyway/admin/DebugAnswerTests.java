package dev.keyway.admin;

import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.google.api.client.auth.oauth.OAuthHmacSha256Signer;
import com.google.api.client.auth.oauth.OAuthParameters;
import com.google.api.client.http.GenericUrl;
import tools.jackson.databind.json.JsonMapper;

import dev.keyway.account.AdminAccounts;
import dev.keyway.account.AdminUser;
import dev.keyway.integration.DebugAnswers;
import dev.keyway.oauth.RefusalReason;
import dev.keyway.testing.AdminApi;
import dev.keyway.testing.Http;
import dev.keyway.testing.KeywayIntegrationTest;
import dev.keyway.testing.OAuthClientCredentials;
import dev.keyway.testing.SignedCalls;
import dev.keyway.testing.TestClock;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.web.context.WebApplicationContext;

import static dev.keyway.admin.AdminMvc.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * Issue 16: an admin's debug answer adds the reason, hint and masked base string to the 401 of THIS
 * integration's signature failures, for at most one hour (TestClock), audited and shown in the grid;
 * off, the body is byte for byte the one Magento gives. Calls are signed by google-oauth-client.
 */
@KeywayIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DebugAnswerTests {

	private static final String PRODUCT = "/rest/V1/products/SP-TN-003";

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	TestClock clock;

	@Autowired
	WebApplicationContext context;

	@Autowired
	AdminAccounts accounts;

	private Http http;

	private AdminApi api;

	private MockMvc mvc;

	private AdminUser admin;

	@BeforeAll
	void setUp() {
		this.http = new Http(this.port);
		this.api = new AdminApi(this.http);
		this.mvc = AdminMvc.mockMvc(this.context);
		this.admin = AdminMvc.newAdmin(this.accounts, "debug-answer-tests", "debug-answer-tests-password-1");
	}

	@AfterEach
	void resetClock() {
		this.clock.reset();
	}

	private record Client(long id, String name, OAuthClientCredentials credentials) {
	}

	private Client newClient(String prefix) {
		OAuthClientCredentials credentials = SignedCalls.integration(this.api, prefix, List.of("Magento_Catalog::products"));
		Map<String, Object> row = this.jdbc.sql("SELECT i.id, i.name FROM integrations i JOIN oauth_consumers c "
				+ "ON c.id = i.consumer_id WHERE c.consumer_key = :key")
			.param("key", credentials.consumerKey())
			.query()
			.singleRow();
		return new Client(((Number) row.values().toArray()[0]).longValue(), (String) row.values().toArray()[1],
				credentials);
	}

	/** A GET signed by google-oauth-client with a wrong token secret, timestamped by the server's (test) clock. */
	private Http.Response wrongSecretCall(Client client) throws GeneralSecurityException {
		OAuthHmacSha256Signer signer = new OAuthHmacSha256Signer(client.credentials().consumerSecret());
		signer.setTokenSecret("w".repeat(32));
		OAuthParameters oauth = new OAuthParameters();
		oauth.consumerKey = client.credentials().consumerKey();
		oauth.token = client.credentials().accessToken();
		oauth.signer = signer;
		oauth.nonce = "n" + UUID.randomUUID();
		oauth.timestamp = Long.toString(this.clock.instant().getEpochSecond());
		oauth.computeSignature("GET", new GenericUrl(this.http.url(PRODUCT)));
		return this.http.get(PRODUCT, "Authorization", oauth.getAuthorizationHeader());
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> json(String body) {
		return JsonMapper.shared().readValue(body, Map.class);
	}

	private String grid(Client client) throws Exception {
		MvcResult shown = this.mvc.perform(get(AdminPaths.GRID).param("name", client.name()).with(as(this.admin)))
			.andReturn();
		return AdminMvc.body(shown);
	}

	@Test
	void debugAnswerWhenSwitchedOnThenSignatureFailureExplainedUntilOneHourThenMagentosBodyAgain() throws Exception {
		Client client = newClient("debug-answer");
		Http.Response plain = wrongSecretCall(client);
		assertThat(plain.status()).isEqualTo(401);
		assertThat(json(plain.body())).containsOnlyKeys("message");

		MvcResult posted = this.mvc.perform(post(AdminPaths.GRID + "/" + client.id() + "/debug-answer")
			.with(as(this.admin))
			.with(csrf())).andReturn();
		assertThat(posted.getResponse().getRedirectedUrl()).isEqualTo(AdminPaths.edit(client.id()) + "#debug-answer");
		assertThat(String.valueOf(AdminMvc.flash(posted).get(Flash.SUCCESS))).startsWith("The debug answer is on until ");

		Http.Response explained = wrongSecretCall(client);
		assertThat(explained.status()).isEqualTo(401);
		Map<String, Object> body = json(explained.body());
		assertThat(body.get("message")).isEqualTo(json(plain.body()).get("message"));
		assertThat(body.get("reason")).isEqualTo("bad_signature");
		assertThat(body.get("signature_method")).isEqualTo("HMAC-SHA256");
		// a wrong secret matches no known mistake: the general hint says what to compare
		assertThat(body.get("hint")).isEqualTo(RefusalReason.BAD_SIGNATURE.generalHint());
		// SPEC 5.9.1's order after Magento's fields: reason, hint, base_string, signature_method
		assertThat(List.copyOf(body.keySet())).containsSubsequence("message", "reason", "hint", "base_string",
				"signature_method");
		assertThat((String) body.get("base_string")).startsWith("GET&http%3A%2F%2Flocalhost%3A" + this.port)
			.contains("oauth_consumer_key%3D" + client.credentials().consumerKey())
			.contains("oauth_token%3D%2528token%2529");
		assertThat(explained.body()).doesNotContain(client.credentials().accessToken())
			.doesNotContain(client.credentials().accessTokenSecret())
			.doesNotContain(client.credentials().consumerSecret());

		// audited, with the end in the after state
		List<String> after = this.jdbc.sql("SELECT after_state FROM audit_log WHERE action = :action AND subject_id = :id")
			.param("action", DebugAnswers.AUDIT_ACTION)
			.param("id", Long.toString(client.id()))
			.query(String.class)
			.list();
		assertThat(after).hasSize(1);
		assertThat(after.get(0)).contains("debug_answer_until");
		// the grid warns while it is on
		assertThat(grid(client)).contains("debug-answer-badge").contains("Debug answer on until");

		// one hour and a minute later it is over: Magento's body, byte for byte, and no warning
		this.clock.shift(Duration.ofMinutes(61));
		Http.Response later = wrongSecretCall(client);
		assertThat(later.status()).isEqualTo(401);
		assertThat(later.body()).isEqualTo(plain.body());
		assertThat(grid(client)).doesNotContain("debug-answer-badge");
	}

	@Test
	void debugAnswerWhenOnForOneIntegrationThenAnotherIntegrationsRefusalStaysMagentos() throws Exception {
		Client explained = newClient("debug-answer-on");
		Client other = newClient("debug-answer-other");
		Http.Response plain = wrongSecretCall(other);
		Http.Response on = this.api.post("/rest/V1/integrations/" + explained.id() + "/debug-answer", "{\"minutes\":5}");
		assertThat(on.status()).as(on.body()).isEqualTo(200);

		assertThat(json(wrongSecretCall(explained).body())).containsKey("base_string");
		assertThat(wrongSecretCall(other).body()).isEqualTo(plain.body());
	}

	@Test
	void switchOnWhenLongerThanOneHourThenRefusedAndSwitchOffRestoresMagentosBody() throws Exception {
		Client client = newClient("debug-answer-cap");
		Http.Response plain = wrongSecretCall(client);

		Http.Response tooLong = this.api.post("/rest/V1/integrations/" + client.id() + "/debug-answer", "{\"minutes\":61}");
		assertThat(tooLong.status()).as(tooLong.body()).isEqualTo(400);
		assertThat(tooLong.body()).contains("1 to 60 minutes").contains("61");
		assertThat(wrongSecretCall(client).body()).isEqualTo(plain.body());

		Instant before = this.clock.instant();
		Http.Response on = this.api.post("/rest/V1/integrations/" + client.id() + "/debug-answer", "{}");
		assertThat(on.status()).as(on.body()).isEqualTo(200);
		Instant until = Instant.parse((String) json(on.body()).get("debug_answer_until"));
		assertThat(until).isBetween(before.plus(Duration.ofMinutes(59)), before.plus(Duration.ofMinutes(60)).plusSeconds(1));
		assertThat(json(wrongSecretCall(client).body())).containsKey("base_string");

		Http.Response off = this.api.delete("/rest/V1/integrations/" + client.id() + "/debug-answer");
		assertThat(off.status()).as(off.body()).isEqualTo(200);
		assertThat(wrongSecretCall(client).body()).isEqualTo(plain.body());
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM audit_log WHERE action = :action AND subject_id = :id")
			.param("action", DebugAnswers.AUDIT_ACTION)
			.param("id", Long.toString(client.id()))
			.query(Long.class)
			.single()).isEqualTo(2);
	}

}
