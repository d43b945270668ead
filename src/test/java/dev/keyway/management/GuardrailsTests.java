package dev.keyway.management;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.keyway.testing.AdminApi;
import dev.keyway.testing.GoogleOAuthClient;
import dev.keyway.testing.Http;
import dev.keyway.testing.KeywayIntegrationTest;
import dev.keyway.testing.OAuthClientCredentials;
import dev.keyway.testing.RestoreSettings;
import dev.keyway.testing.TestClock;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Guardrails through the management API (issue 17, SPEC 5.10 and 5.11): the IP allow-list checked
 * after the signature, on calls signed by an independent library (google-oauth-client) and on Bearer
 * access tokens; the access token's expiry, renewed by reauthorizing.
 */
@ExtendWith(RestoreSettings.class)
@KeywayIntegrationTest
class GuardrailsTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Autowired
	TestClock clock;

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

	// ---- IP allow-list ----

	@Test
	void signedCallWhenAllowListExcludesLoopbackThen401NamingTheAddress() throws IOException {
		Active active = activate("\"ip_allowlist\":[\"10.0.0.0/8\"]");

		Http.Response response = signedGet("localhost", active);

		assertThat(response.status()).as(response.body()).isEqualTo(401);
		assertThat(json(response.body())).isEqualTo(json("""
				{"message":"The consumer isn't allowed to call from %address.","parameters":{"address":"127.0.0.1"}}"""));
	}

	@Test
	void signedCallWhenAllowListHoldsLoopbackThenAccepted() throws IOException {
		Active active = activate("\"ip_allowlist\":[\"10.0.0.0/8\",\"127.0.0.0/8\"]");

		assertThat(signedGet("localhost", active).status()).isEqualTo(200);
	}

	@Test
	void signedCallWhenIpv6LoopbackAllowedThenAcceptedOverIpv6AndRefusedOverIpv4() throws IOException {
		Active active = activate("\"ip_allowlist\":[\"::1/128\"]");

		Http.Response v6 = signedGet("[::1]", active);
		Http.Response v4 = signedGet("127.0.0.1", active);

		assertThat(v6.status()).as(v6.body()).isEqualTo(200);
		assertThat(v4.status()).isEqualTo(401);
		assertThat(json(v4.body()).get("parameters").get("address").asString()).isEqualTo("127.0.0.1");
	}

	@Test
	void signedCallWhenIpv6LoopbackNotAllowedThenRefusalShowsShortForm() throws IOException {
		Active active = activate("\"ip_allowlist\":[\"fc00::/7\"]");

		Http.Response response = signedGet("[::1]", active);

		assertThat(response.status()).isEqualTo(401);
		assertThat(json(response.body()).get("parameters").get("address").asString()).isEqualTo("::1");
	}

	@Test
	void signedCallWhenForwardedForClaimsAllowedAddressThenIgnoredWithoutTrustedProxy() throws IOException {
		Active active = activate("\"ip_allowlist\":[\"10.0.0.0/8\"]");

		Http.Response response = this.http.get(path(), "X-Forwarded-For", "10.1.2.3", "Authorization",
				"Bearer " + active.credentials().accessToken());

		// the shared context trusts no proxy (server.forward-headers-strategy: none): the header changes nothing
		assertThat(response.status()).isEqualTo(401);
	}

	@Test
	void bearerCallWhenAllowListExcludesLoopbackThen401AndAcceptedOnceAllowed() {
		Active active = activate("\"ip_allowlist\":[\"10.0.0.0/8\"]");
		assertThat(this.admin.put("/rest/V1/settings",
				"{\"settings\":{\"oauth/consumer/enable_integration_as_bearer\":\"1\"}}").status()).isEqualTo(200);

		Http.Response refused = this.http.get(path(), "Authorization", "Bearer " + active.credentials().accessToken());
		Http.Response widened = this.admin.put("/rest/V1/integrations/" + active.id(),
				"{\"integration\":{\"ip_allowlist\":[\"10.0.0.0/8\",\"127.0.0.1\"]}}");
		Http.Response accepted = this.http.get(path(), "Authorization", "Bearer " + active.credentials().accessToken());

		assertThat(refused.status()).isEqualTo(401);
		assertThat(refused.body()).contains("isn't allowed to call from");
		assertThat(widened.status()).as(widened.body()).isEqualTo(200);
		assertThat(json(widened.body()).get("ip_allowlist").toString()).isEqualTo("[\"10.0.0.0/8\",\"127.0.0.1/32\"]");
		assertThat(accepted.status()).as(accepted.body()).isEqualTo(200);
	}

	@Test
	void signedCallWhenSignatureBadAndAddressRefusedThenSignatureRefusalFirst() throws IOException {
		Active active = activate("\"ip_allowlist\":[\"10.0.0.0/8\"]");
		OAuthClientCredentials wrong = new OAuthClientCredentials(active.credentials().consumerKey(), "0".repeat(32),
				active.credentials().accessToken(), active.credentials().accessTokenSecret());

		Http.Response response = GoogleOAuthClient.call("GET", "http://localhost:" + this.port + path(), wrong, null);

		assertThat(response.status()).isEqualTo(401);
		assertThat(response.body()).doesNotContain("isn't allowed to call from");
	}

	@Test
	void createWhenAllowListEntryBadThen400NamingTheEntryAndNothingCreated() {
		String name = "guard bad " + UUID.randomUUID();

		Http.Response response = this.admin.post("/rest/V1/integrations",
				"{\"name\":\"" + name + "\",\"ip_allowlist\":[\"10.0.0.0/8\",\"10.1.2.3/8\"]}");
		Http.Response list = this.admin.get("/rest/V1/integrations?searchCriteria[pageSize]=200");

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.body()).contains("10.1.2.3/8").contains("10.0.0.0/8");
		assertThat(list.body()).doesNotContain(name);
	}

	@Test
	void createWhenAllowListEntryBadThen400WithTheWholeRule() {
		String name = "guard rule " + UUID.randomUUID();

		Http.Response notAnAddress = this.admin.post("/rest/V1/integrations",
				"{\"name\":\"" + name + "\",\"ip_allowlist\":[\"foo\"]}");
		Http.Response prefix = this.admin.post("/rest/V1/integrations",
				"{\"name\":\"" + name + "\",\"ip_allowlist\":[\"10.0.0.0/33\"]}");
		Http.Response bitsSet = this.admin.post("/rest/V1/integrations",
				"{\"name\":\"" + name + "\",\"ip_allowlist\":[\"10.1.2.3/8\"]}");

		assertThat(json(notAnAddress.body()).get("message").asString()).isEqualTo("The IP allow-list entry \"foo\" is "
				+ "not a CIDR block: \"foo\" is not an IP address (IPv4 as four decimal numbers 0-255 such as 10.0.0.0, "
				+ "IPv6 such as fc00:: without a zone).");
		assertThat(json(prefix.body()).get("message").asString()).isEqualTo("The IP allow-list entry \"10.0.0.0/33\" "
				+ "is not a CIDR block: the prefix length \"33\" must be a number from 0 to 32 for this address.");
		assertThat(json(bitsSet.body()).get("message").asString()).isEqualTo("The IP allow-list entry \"10.1.2.3/8\" "
				+ "is not a CIDR block: the address has bits set beyond the /8 prefix; the block starts at 10.0.0.0/8.");
	}

	@Test
	void createWhenAllowListEntryIsHugeThen400WithTheEntryCut() {
		String huge = "1".repeat(100_000);

		Http.Response response = this.admin.post("/rest/V1/integrations",
				"{\"name\":\"guard huge " + UUID.randomUUID() + "\",\"ip_allowlist\":[\"" + huge + "\"]}");

		assertThat(response.status()).isEqualTo(400);
		assertThat(json(response.body()).get("message").asString()).contains("\"" + "1".repeat(64) + "…\" (100000 characters)")
			.hasSizeLessThan(500);
	}

	@Test
	void getWhenAllowListSetThenShownCanonicalAndEmptyClearsIt() {
		long id = this.admin.createIntegration("{\"name\":\"guard get " + UUID.randomUUID()
				+ "\",\"ip_allowlist\":[\"2001:DB8:0:0::/32\",\"192.168.0.0/16\"]}");

		JsonNode shown = json(this.admin.get("/rest/V1/integrations/" + id).body());
		JsonNode cleared = json(this.admin.put("/rest/V1/integrations/" + id, "{\"ip_allowlist\":[]}").body());

		assertThat(shown.get("ip_allowlist").toString()).isEqualTo("[\"2001:db8::/32\",\"192.168.0.0/16\"]");
		assertThat(shown.get("expires_at").isNull()).isTrue();
		assertThat(cleared.get("ip_allowlist").toString()).isEqualTo("[]");
	}

	// ---- expiry ----

	@Test
	void signedCallWhenAccessTokenExpiredThen401WithReasonAndReauthorizeRenews() throws IOException {
		Instant expiry = this.clock.instant().plus(Duration.ofSeconds(60)).truncatedTo(ChronoUnit.SECONDS);
		Active active = activate("\"expires_at\":\"" + expiry + "\"");
		assertThat(signedGet("localhost", active).status()).isEqualTo(200);

		// within the timestamp window (the client signs with the real time), past the expiry
		this.clock.shift(Duration.ofSeconds(120));
		Http.Response expired = signedGet("localhost", active);
		Http.Response reauthorized = this.admin.post("/rest/V1/integrations/" + active.id() + "/reauthorize", "{}");
		Active renewed = new Active(active.id(), credentials(reauthorized.body()));
		Http.Response fresh = signedGet("localhost", renewed);
		JsonNode after = json(this.admin.get("/rest/V1/integrations/" + active.id()).body());

		assertThat(expired.status()).isEqualTo(401);
		assertThat(json(expired.body())).isEqualTo(json("{\"message\":\"The access token expired at %expires_at; "
				+ "reauthorize the integration.\",\"parameters\":{\"expires_at\":\"" + expiry + "\"}}"));
		assertThat(reauthorized.status()).as(reauthorized.body()).isEqualTo(200);
		assertThat(fresh.status()).isEqualTo(200);
		assertThat(after.get("expires_at").isNull()).isTrue();
	}

	@Test
	void reauthorizeWhenExpirySetThenNewTokenExpiresThen() throws IOException {
		Active active = activate("\"expires_at\":null");
		Instant expiry = this.clock.instant().plus(Duration.ofSeconds(60)).truncatedTo(ChronoUnit.SECONDS);

		Http.Response reauthorized = this.admin.post("/rest/V1/integrations/" + active.id() + "/reauthorize",
				"{\"expires_at\":\"" + expiry + "\"}");
		Active renewed = new Active(active.id(), credentials(reauthorized.body()));
		int before = signedGet("localhost", renewed).status();
		this.clock.shift(Duration.ofSeconds(120));
		int after = signedGet("localhost", renewed).status();
		this.clock.reset();

		assertThat(json(this.admin.get("/rest/V1/integrations/" + active.id()).body()).get("expires_at").asString())
			.isEqualTo(expiry.toString());
		assertThat(before).isEqualTo(200);
		assertThat(after).isEqualTo(401);
	}

	@Test
	void updateWhenExpiryNotIsoThen400NamingTheValue() {
		long id = this.admin.createIntegration("{\"name\":\"guard expiry " + UUID.randomUUID() + "\"}");

		Http.Response response = this.admin.put("/rest/V1/integrations/" + id, "{\"expires_at\":\"next tuesday\"}");

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.body()).contains("expires_at").contains("next tuesday");
	}

	// ---- helpers ----

	record Active(long id, OAuthClientCredentials credentials) {
	}

	private Active activate(String guardrails) {
		long id = this.admin.createIntegration("{\"name\":\"guard " + UUID.randomUUID()
				+ "\",\"resources\":[\"Magento_Sales::actions_view\"]," + guardrails + "}");
		Http.Response activation = this.admin.post("/rest/V1/integrations/" + id + "/activate", "{}");
		assertThat(activation.status()).as(activation.body()).isEqualTo(200);
		return new Active(id, credentials(activation.body()));
	}

	private Http.Response signedGet(String host, Active active) throws IOException {
		return GoogleOAuthClient.call("GET", "http://" + host + ":" + this.port + path(), active.credentials(), null);
	}

	private static String path() {
		return "/rest/V1/orders/4";
	}

	private static OAuthClientCredentials credentials(String json) {
		return new OAuthClientCredentials(AdminApi.field(json, "consumer_key"), AdminApi.field(json, "consumer_secret"),
				AdminApi.field(json, "access_token"), AdminApi.field(json, "access_token_secret"));
	}

	private static JsonNode json(String text) {
		return JSON.readTree(text);
	}

}
