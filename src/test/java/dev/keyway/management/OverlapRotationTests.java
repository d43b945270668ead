package dev.keyway.management;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import com.github.scribejava.core.model.Verb;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.keyway.testing.AdminApi;
import dev.keyway.testing.Eventually;
import dev.keyway.testing.GoogleOAuthClient;
import dev.keyway.testing.Http;
import dev.keyway.testing.KeywayIntegrationTest;
import dev.keyway.testing.OAuthClientCredentials;
import dev.keyway.testing.RestoreSettings;
import dev.keyway.testing.ScribeOAuthClient;
import dev.keyway.testing.TestClock;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Overlap rotation through the management API (issue 17.4, SPEC 2.5): reauthorizing with
 * {@code grace_period_seconds} keeps the old access token valid (signed by independent libraries,
 * and as a Bearer token) until the grace ends or an admin cuts it off; 0 is the old behaviour. And
 * the access token lifetime of issue 17.3.
 */
@ExtendWith(RestoreSettings.class)
@KeywayIntegrationTest
class OverlapRotationTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String PATH = "/rest/V1/orders/4";

	@LocalServerPort
	int port;

	@Autowired
	TestClock clock;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	dev.keyway.oauth.ConsumerService consumers;

	private Http http;

	private AdminApi admin;

	@BeforeEach
	void setUp() {
		this.http = new Http(this.port);
		this.admin = new AdminApi(this.http);
	}

	@AfterEach
	void resetClock() {
		this.clock.reset();
	}

	@Test
	void reauthorizeWhenGraceGivenThenBothTokensWorkSignedByIndependentLibraries() throws IOException {
		Active old = activate();

		Active renewed = reauthorize(old, "{\"grace_period_seconds\":3600}");

		assertThat(googleGet(old).status()).isEqualTo(200);
		assertThat(googleGet(renewed).status()).isEqualTo(200);
		assertThat(scribeGet(old).status()).isEqualTo(200);
		assertThat(scribeGet(renewed).status()).isEqualTo(200);
		assertThat(old.credentials().consumerKey()).isEqualTo(renewed.credentials().consumerKey());
		assertThat(old.credentials().accessToken()).isNotEqualTo(renewed.credentials().accessToken());
	}

	@Test
	void reauthorizeWhenGraceGivenThenGetShowsWhenThePreviousTokenStops() {
		Active old = activate();
		Instant before = this.clock.instant();

		reauthorize(old, "{\"grace_period_seconds\":7200}");
		JsonNode shown = json(this.admin.get("/rest/V1/integrations/" + old.id()).body());
		JsonNode listed = listed(old.id());

		Instant until = Instant.parse(shown.get("previous_token_valid_until").asString());
		assertThat(until).isBetween(before.plusSeconds(7199), this.clock.instant().plusSeconds(7201));
		assertThat(listed.get("previous_token_valid_until").asString()).isEqualTo(until.toString());
	}

	@Test
	void bearerCallWhenGraceGivenThenBothTokensWorkUntilTheGraceEnds() {
		enableBearer();
		Active old = activate();
		Active renewed = reauthorize(old, "{\"grace_period_seconds\":60}");

		int oldDuring = bearerGet(old).status();
		int newDuring = bearerGet(renewed).status();
		this.clock.shift(Duration.ofSeconds(61));
		int oldAfter = bearerGet(old).status();
		int newAfter = bearerGet(renewed).status();

		assertThat(oldDuring).isEqualTo(200);
		assertThat(newDuring).isEqualTo(200);
		assertThat(oldAfter).isEqualTo(401);
		assertThat(newAfter).isEqualTo(200);
	}

	@Test
	void signedCallWhenGraceEndedThenOldTokenRefusedAsUnknownAndNewAccepted() throws IOException {
		Active old = activate();
		Active renewed = reauthorize(old, "{\"grace_period_seconds\":60}");
		assertThat(googleGet(old).status()).isEqualTo(200);

		// within the timestamp window (the client signs with the real time), past the grace
		this.clock.shift(Duration.ofSeconds(120));
		Http.Response oldAfter = googleGet(old);
		Http.Response newAfter = googleGet(renewed);
		JsonNode shown = json(this.admin.get("/rest/V1/integrations/" + old.id()).body());

		assertThat(oldAfter.status()).isEqualTo(401);
		assertThat(oldAfter.body()).contains("Specified token does not exist");
		assertThat(newAfter.status()).isEqualTo(200);
		assertThat(shown.get("previous_token_valid_until").isNull()).isTrue();
	}

	@Test
	void signedCallWhenGraceEndedThenHealthExplainsUnknownTokenWithTheGraceHint() throws IOException {
		Active old = activate();
		reauthorize(old, "{\"grace_period_seconds\":60}");
		this.clock.shift(Duration.ofSeconds(120));

		assertThat(googleGet(old).status()).isEqualTo(401);

		JsonNode refusal = newestRefusal(old);
		assertThat(refusal.get("reason").asString()).isEqualTo("unknown_token");
		assertThat(refusal.get("hint").asString()).contains("replaced by a reauthorization")
			.contains("grace period ended at");
		assertThat(refusal.toString()).doesNotContain(old.credentials().accessToken());
	}

	@Test
	void signedCallWhenCleanupRemovedTheEndedGraceThenHintStillSaysWhyWithoutTheTokenKept() throws IOException {
		Active old = activate();
		reauthorize(old, "{\"grace_period_seconds\":60}");
		this.clock.shift(Duration.ofSeconds(120));
		// what the scheduled cleanup does (every keyway.oauth.cleanup-interval); other tests' graces may end too
		while (!this.consumers.removeEndedGraces(100).isEmpty()) {
			// until none is left
		}
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM oauth_previous_tokens WHERE consumer_id = "
				+ "(SELECT consumer_id FROM integrations WHERE id = :id)").param("id", old.id()).query(Integer.class).single())
			.as("the old token and its secret are gone").isZero();

		assertThat(googleGet(old).status()).isEqualTo(401);

		JsonNode refusal = newestRefusal(old);
		assertThat(refusal.get("reason").asString()).isEqualTo("unknown_token");
		assertThat(refusal.get("hint").asString()).contains("grace period ended at");
	}

	@Test
	void signedCallWhenNewTokenSignedWithTheOldTokenSecretDuringGraceThenHintNamesTheOldSecret() throws IOException {
		// the general hint left the developer guessing which secret was wrong after a reauthorization
		Active old = activate();
		Active renewed = reauthorize(old, "{\"grace_period_seconds\":3600}");
		OAuthClientCredentials mixed = new OAuthClientCredentials(renewed.credentials().consumerKey(),
				renewed.credentials().consumerSecret(), renewed.credentials().accessToken(),
				old.credentials().accessTokenSecret());

		assertThat(googleGet(new Active(old.id(), mixed)).status()).isEqualTo(401);

		JsonNode refusal = newestRefusal(old);
		assertThat(refusal.get("reason").asString()).isEqualTo("bad_signature");
		assertThat(refusal.get("hint").asString()).contains("signs with the old access token secret");
		assertThat(refusal.toString()).doesNotContain(old.credentials().accessTokenSecret())
			.doesNotContain(renewed.credentials().accessTokenSecret());
		assertThat(googleGet(renewed).status()).as("the new pair still works").isEqualTo(200);
	}

	/** The newest refusal the integration's health answer lists, once it lists one. */
	private JsonNode newestRefusal(Active integration) {
		String health = "/rest/V1/integrations/" + integration.id() + "/health";
		Eventually.within(Duration.ofSeconds(10), "the health route lists the refusal",
				() -> json(this.admin.get(health).body()).get("recent_refusals").size() > 0);
		return json(this.admin.get(health).body()).get("recent_refusals").get(0);
	}

	@Test
	void signedCallWhenPreviousTokenCutOffThenHealthExplainsUnknownTokenWithTheGraceHint() throws IOException {
		// SPEC 2.5.1: the cut-off ends the grace at once, and from the end of the grace the refusal's hint
		// says that it ended and when (a developer trial saw the general unknown_token hint after a cut-off)
		Active old = activate();
		reauthorize(old, "{\"grace_period_seconds\":86400}");
		assertThat(googleGet(old).status()).isEqualTo(200);
		Http.Response cut = this.admin.delete("/rest/V1/integrations/" + old.id() + "/previous-token");
		assertThat(cut.status()).as(cut.body()).isEqualTo(200);

		assertThat(googleGet(old).status()).isEqualTo(401);

		JsonNode refusal = newestRefusal(old);
		assertThat(refusal.get("reason").asString()).isEqualTo("unknown_token");
		assertThat(refusal.get("hint").asString()).contains("grace period ended at");
		assertThat(refusal.toString()).doesNotContain(old.credentials().accessToken());
	}

	@Test
	void signedCallWhenPreviousTokenCutOffThenHintTellsTheEndToTheSecondAsTheApiDoes() throws IOException {
		// a developer trial read "its grace period ended at 2026-12-06T14:53:43.300830Z": the API's times are
		// whole seconds (previous_token_valid_until, debug_answer_until)
		Active old = activate();
		reauthorize(old, "{\"grace_period_seconds\":86400}");
		Http.Response cut = this.admin.delete("/rest/V1/integrations/" + old.id() + "/previous-token");
		assertThat(cut.status()).as(cut.body()).isEqualTo(200);

		assertThat(googleGet(old).status()).isEqualTo(401);

		assertThat(newestRefusal(old).get("hint").asString())
			.matches("The token was replaced by a reauthorization; its grace period ended at "
					+ "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z\\.");
	}

	@Test
	void cutOffWhenPreviousTokenInGraceThenRefusedAtOnceAndAudited() throws IOException {
		enableBearer();
		Active old = activate();
		Active renewed = reauthorize(old, "{\"grace_period_seconds\":86400}");
		assertThat(googleGet(old).status()).isEqualTo(200);
		assertThat(bearerGet(old).status()).isEqualTo(200);

		Http.Response cut = this.admin.delete("/rest/V1/integrations/" + old.id() + "/previous-token");
		Http.Response signed = googleGet(old);
		Http.Response bearer = bearerGet(old);
		Http.Response again = this.admin.delete("/rest/V1/integrations/" + old.id() + "/previous-token");

		assertThat(cut.status()).as(cut.body()).isEqualTo(200);
		assertThat(cut.body()).contains("no longer works");
		assertThat(signed.status()).isEqualTo(401);
		assertThat(bearer.status()).isEqualTo(401);
		assertThat(googleGet(renewed).status()).isEqualTo(200);
		assertThat(again.status()).isEqualTo(400);
		assertThat(again.body()).contains("no previous access token");
		assertThat(json(this.admin.get("/rest/V1/integrations/" + old.id()).body()).get("previous_token_valid_until")
			.isNull()).isTrue();
		assertThat(auditActions(old.id())).contains("integration.previous_token_cut_off", "integration.rotation_grace");
	}

	@Test
	void reauthorizeWhenGraceZeroThenOldTokenRefusedAtOnce() throws IOException {
		Active old = activate();
		Active graced = reauthorize(old, "{\"grace_period_seconds\":3600}");

		Active renewed = reauthorize(graced, "{\"grace_period_seconds\":0}");

		assertThat(googleGet(graced).status()).isEqualTo(401);
		assertThat(googleGet(old).status()).as("a zero grace ends the earlier grace too").isEqualTo(401);
		assertThat(googleGet(renewed).status()).isEqualTo(200);
		assertThat(json(this.admin.get("/rest/V1/integrations/" + old.id()).body()).get("previous_token_valid_until")
			.isNull()).isTrue();
	}

	@Test
	void reauthorizeWhenGraceGivenTwiceThenOnlyTheLastReplacedTokenOverlaps() throws IOException {
		Active first = activate();
		Active second = reauthorize(first, "{\"grace_period_seconds\":3600}");

		Active third = reauthorize(second, "{\"grace_period_seconds\":3600}");

		assertThat(googleGet(first).status()).isEqualTo(401);
		assertThat(googleGet(second).status()).isEqualTo(200);
		assertThat(googleGet(third).status()).isEqualTo(200);
	}

	@Test
	void reauthorizeWhenGraceOutOfBoundsThen400NamingTheRuleAndValueAndTokenKept() throws IOException {
		Active old = activate();

		Http.Response tooLong = this.admin.post("/rest/V1/integrations/" + old.id() + "/reauthorize",
				"{\"grace_period_seconds\":2592001}");
		Http.Response negative = this.admin.post("/rest/V1/integrations/" + old.id() + "/reauthorize",
				"{\"grace_period_seconds\":-1}");
		Http.Response text = this.admin.post("/rest/V1/integrations/" + old.id() + "/reauthorize",
				"{\"grace_period_seconds\":\"1h\"}");

		assertThat(tooLong.status()).isEqualTo(400);
		assertThat(tooLong.body()).contains("grace_period_seconds must be from 0 to 2592000 (30 days): 2592001");
		assertThat(negative.status()).isEqualTo(400);
		assertThat(negative.body()).contains("(30 days): -1");
		assertThat(text.status()).isEqualTo(400);
		assertThat(text.body()).contains("grace_period_seconds").contains("1h");
		assertThat(googleGet(old).status()).isEqualTo(200);
	}

	@Test
	void reauthorizeWhenHandshakeIntegrationAndGraceGivenThen400() {
		long id = this.admin.createIntegration("{\"name\":\"rotation handshake " + UUID.randomUUID()
				+ "\",\"endpoint\":\"https://third-party.example/keyway\",\"identity_link_url\":\"https://third-party.example/link\"}");
		// Active without running a handshake: the refusal comes before anything is posted
		this.jdbc.sql("UPDATE integrations SET status = 1 WHERE id = :id").param("id", id).update();

		Http.Response response = this.admin.post("/rest/V1/integrations/" + id + "/reauthorize",
				"{\"grace_period_seconds\":60}");

		assertThat(response.status()).as(response.body()).isEqualTo(400);
		assertThat(response.body()).contains("grace_period_seconds must be 0").contains("handshake").contains("60");
	}

	@Test
	void cutOffWhenManagerDidNotCreateTheIntegrationThen404AndPreviousTokenStillWorks() throws IOException {
		Active target = activate();
		reauthorize(target, "{\"grace_period_seconds\":3600}");
		long managerId = this.admin.createIntegration("{\"name\":\"rotation manager " + UUID.randomUUID()
				+ "\",\"resources\":[\"Keyway_Integration::manage\"]}");
		Http.Response activation = this.admin.post("/rest/V1/integrations/" + managerId + "/activate", "{}");
		OAuthClientCredentials manager = credentials(activation.body());

		Http.Response refused = GoogleOAuthClient.call("DELETE",
				"http://localhost:" + this.port + "/rest/V1/integrations/" + target.id() + "/previous-token", manager, null);

		assertThat(refused.status()).as(refused.body()).isEqualTo(404);
		assertThat(googleGet(target).status()).isEqualTo(200);
		assertThat(auditActions(target.id())).contains("management.refused");
	}

	// ---- access token lifetime (issue 17.3) ----

	@Test
	void reauthorizeWhenLifetimeGivenThenExpirySetFromNowAndRefusedAfter() throws IOException {
		Active old = activate();
		Instant before = this.clock.instant();

		Active renewed = reauthorize(old, "{\"access_lifetime_seconds\":86400}");
		Instant expiresAt = Instant.parse(json(this.admin.get("/rest/V1/integrations/" + old.id()).body())
			.get("expires_at").asString());
		int during = googleGet(renewed).status();
		this.clock.shift(Duration.ofSeconds(86401));
		int after = googleGet(renewed).status();

		assertThat(expiresAt).isBetween(before.plusSeconds(86399), before.plusSeconds(86500));
		assertThat(during).isEqualTo(200);
		assertThat(after).isEqualTo(401);
	}

	@Test
	void activateWhenLifetimeGivenThenExpirySet() {
		long id = this.admin.createIntegration("{\"name\":\"lifetime " + UUID.randomUUID()
				+ "\",\"resources\":[\"Magento_Sales::actions_view\"]}");
		Instant before = this.clock.instant();

		Http.Response activation = this.admin.post("/rest/V1/integrations/" + id + "/activate",
				"{\"access_lifetime_seconds\":3600}");
		JsonNode shown = json(this.admin.get("/rest/V1/integrations/" + id).body());

		assertThat(activation.status()).as(activation.body()).isEqualTo(200);
		assertThat(Instant.parse(shown.get("expires_at").asString())).isBetween(before.plusSeconds(3599),
				before.plusSeconds(3700));
	}

	@Test
	void reauthorizeWhenLifetimeAndExpiryBothGivenOrLifetimeOutOfBoundsThen400() {
		Active old = activate();

		Http.Response both = this.admin.post("/rest/V1/integrations/" + old.id() + "/reauthorize",
				"{\"access_lifetime_seconds\":3600,\"expires_at\":\"2030-01-01T00:00:00Z\"}");
		Http.Response tooShort = this.admin.post("/rest/V1/integrations/" + old.id() + "/reauthorize",
				"{\"access_lifetime_seconds\":5}");

		assertThat(both.status()).isEqualTo(400);
		assertThat(both.body()).contains("exclude each other");
		assertThat(tooShort.status()).isEqualTo(400);
		assertThat(tooShort.body()).contains("access_lifetime_seconds must be from 60").contains(": 5");
	}

	@Test
	void reauthorizeOrActivateWhenExpiryInThePastThen400NamingTheRuleAndTheValue() {
		Active old = activate();
		long fresh = this.admin.createIntegration("{\"name\":\"past " + UUID.randomUUID()
				+ "\",\"resources\":[\"Magento_Sales::actions_view\"]}");

		Http.Response reauthorized = this.admin.post("/rest/V1/integrations/" + old.id() + "/reauthorize",
				"{\"expires_at\":\"2020-01-01T00:00:00Z\"}");
		Http.Response activated = this.admin.post("/rest/V1/integrations/" + fresh + "/activate",
				"{\"expires_at\":\"2020-01-01T00:00:00Z\"}");

		assertThat(reauthorized.status()).as(reauthorized.body()).isEqualTo(400);
		assertThat(reauthorized.body()).contains("must be in the future").contains("2020-01-01T00:00:00Z");
		assertThat(activated.status()).as(activated.body()).isEqualTo(400);
		assertThat(googleStatus(old)).as("the refused reauthorization left the old token working").isEqualTo(200);
	}

	@Test
	void reauthorizeWhenOldTokenExpiredThenItsGraceDoesNotBringItBack() {
		enableBearer();
		Active old = activateFor(60);
		this.clock.shift(Duration.ofSeconds(61));
		int expired = bearerGet(old).status();

		Active renewed = reauthorize(old, "{\"grace_period_seconds\":3600}");

		assertThat(expired).isEqualTo(401);
		assertThat(bearerGet(old).status()).isEqualTo(401);
		assertThat(bearerGet(renewed).status()).isEqualTo(200);
		assertThat(json(this.admin.get("/rest/V1/integrations/" + old.id()).body()).path("previous_token_valid_until")
			.isNull()).isTrue();
	}

	@Test
	void reauthorizeWhenOldTokenExpiresWithinTheGraceThenItStopsAtItsOwnExpiry() {
		enableBearer();
		Active old = activateFor(120);
		Instant expiry = Instant.parse(json(this.admin.get("/rest/V1/integrations/" + old.id()).body())
			.get("expires_at").asString());

		Active renewed = reauthorize(old, "{\"grace_period_seconds\":3600}");
		Instant until = Instant.parse(json(this.admin.get("/rest/V1/integrations/" + old.id()).body())
			.get("previous_token_valid_until").asString());
		int during = bearerGet(old).status();
		this.clock.shift(Duration.ofSeconds(121));

		assertThat(until).isEqualTo(expiry);
		assertThat(during).isEqualTo(200);
		assertThat(bearerGet(old).status()).isEqualTo(401);
		assertThat(bearerGet(renewed).status()).isEqualTo(200);
	}

	private Active activateFor(int seconds) {
		long id = this.admin.createIntegration("{\"name\":\"expiring " + UUID.randomUUID()
				+ "\",\"resources\":[\"Magento_Sales::actions_view\"]}");
		Http.Response activation = this.admin.post("/rest/V1/integrations/" + id + "/activate",
				"{\"access_lifetime_seconds\":" + seconds + "}");
		assertThat(activation.status()).as(activation.body()).isEqualTo(200);
		return new Active(id, credentials(activation.body()));
	}

	private int googleStatus(Active active) {
		try {
			return googleGet(active).status();
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	// ---- helpers ----

	record Active(long id, OAuthClientCredentials credentials) {
	}

	private Active activate() {
		long id = this.admin.createIntegration("{\"name\":\"rotation " + UUID.randomUUID()
				+ "\",\"resources\":[\"Magento_Sales::actions_view\"]}");
		Http.Response activation = this.admin.post("/rest/V1/integrations/" + id + "/activate", "{}");
		assertThat(activation.status()).as(activation.body()).isEqualTo(200);
		return new Active(id, credentials(activation.body()));
	}

	private Active reauthorize(Active active, String body) {
		Http.Response response = this.admin.post("/rest/V1/integrations/" + active.id() + "/reauthorize", body);
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		return new Active(active.id(), credentials(response.body()));
	}

	private void enableBearer() {
		assertThat(this.admin.put("/rest/V1/settings",
				"{\"settings\":{\"oauth/consumer/enable_integration_as_bearer\":\"1\"}}").status()).isEqualTo(200);
	}

	private Http.Response googleGet(Active active) throws IOException {
		return GoogleOAuthClient.call("GET", "http://localhost:" + this.port + PATH, active.credentials(), null);
	}

	private Http.Response scribeGet(Active active) throws IOException {
		return ScribeOAuthClient.call(Verb.GET, "http://localhost:" + this.port + PATH, active.credentials(), null);
	}

	private Http.Response bearerGet(Active active) {
		return this.http.get(PATH, "Authorization", "Bearer " + active.credentials().accessToken());
	}

	private JsonNode listed(long id) {
		JsonNode items = json(this.admin.get("/rest/V1/integrations?searchCriteria[pageSize]=200&searchCriteria[currentPage]=1")
			.body()).get("items");
		for (JsonNode item : items) {
			if (item.get("id").asLong() == id) {
				return item;
			}
		}
		// more than a page of integrations in the shared context: look at the record alone
		return json(this.admin.get("/rest/V1/integrations/" + id).body());
	}

	private java.util.List<String> auditActions(long id) {
		return this.jdbc.sql("SELECT action FROM audit_log WHERE subject_id = :id AND subject_type = 'integration'")
			.param("id", String.valueOf(id))
			.query(String.class)
			.list();
	}

	private static OAuthClientCredentials credentials(String json) {
		return new OAuthClientCredentials(AdminApi.field(json, "consumer_key"), AdminApi.field(json, "consumer_secret"),
				AdminApi.field(json, "access_token"), AdminApi.field(json, "access_token_secret"));
	}

	private static JsonNode json(String text) {
		return JSON.readTree(text);
	}

}
