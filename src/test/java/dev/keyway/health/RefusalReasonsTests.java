package dev.keyway.health;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.github.scribejava.core.model.Verb;
import com.google.api.client.auth.oauth.OAuthParameters;
import tools.jackson.databind.json.JsonMapper;

import dev.keyway.integration.IntegrationDirectory;
import dev.keyway.oauth.RefusalReason;
import dev.keyway.testing.AdminApi;
import dev.keyway.testing.Eventually;
import dev.keyway.testing.FakeThirdParty;
import dev.keyway.testing.GoogleOAuthClient;
import dev.keyway.testing.Http;
import dev.keyway.testing.KeywayIntegrationTest;
import dev.keyway.testing.OAuthClientCredentials;
import dev.keyway.testing.RestoreSettings;
import dev.keyway.testing.ScribeOAuthClient;
import dev.keyway.testing.SignedCalls;
import dev.keyway.testing.SignedRequests;
import dev.keyway.testing.TestClock;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 16: the refusal reasons {@link IntegrationHealthTests} does not make, each produced by a real
 * call signed with an independent library (google-oauth-client, ScribeJava), seen in {@code GET
 * /rest/V1/integrations/:id/health} where the call names a known consumer, and counted in
 * {@code keyway_refusals_total} (value after minus value before, not merely present).
 */
@KeywayIntegrationTest
@ExtendWith(RestoreSettings.class)
class RefusalReasonsTests {

	private static final String PRODUCT = "/rest/V1/products/SP-TN-003";

	private static final Duration DEADLINE = Duration.ofSeconds(20);

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	TestClock clock;

	@Autowired
	IntegrationDirectory directory;

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
	void webApiWhenRequestTokenUsedThenTokenNotAccessShownWithHintAndCounted() throws Exception {
		OAuthClientCredentials client;
		Map<String, String> requestToken;
		try (FakeThirdParty party = FakeThirdParty.start()) {
			// a handshake integration: its consumer may ask for a request token (Magento refuses it otherwise)
			long id = this.admin.createIntegration("{\"name\":\"reasons not access " + UUID.randomUUID()
					+ "\",\"endpoint\":\"" + party.callbackUrl() + "\",\"identity_link_url\":\"" + party.identityLinkUrl()
					+ "\",\"resources\":[\"Magento_Catalog::products\"]}");
			assertThat(this.admin.post("/rest/V1/integrations/" + id + "/activate", "{}").status()).isEqualTo(200);
			FakeThirdParty.Post post = party.awaitPost(Duration.ofSeconds(5));
			client = new OAuthClientCredentials(post.get("oauth_consumer_key"), post.get("oauth_consumer_secret"), null, null);
			requestToken = requestToken(client);
		}
		double before = counter("token_not_access");

		OAuthClientCredentials withRequestToken = new OAuthClientCredentials(client.consumerKey(), client.consumerSecret(),
				requestToken.get("oauth_token"), requestToken.get("oauth_token_secret"));
		assertThat(GoogleOAuthClient.call("GET", this.http.url(PRODUCT), withRequestToken, null).status()).isEqualTo(401);

		Map<String, Object> refusal = awaitRefusal(client, "token_not_access");
		assertThat(refusal.get("path")).isEqualTo(PRODUCT);
		assertThat(refusal.get("method")).isEqualTo("GET");
		assertThat(refusal.get("hint")).isEqualTo(RefusalReason.TOKEN_NOT_ACCESS.generalHint());
		assertThat(counter("token_not_access")).isEqualTo(before + 1);
	}

	@Test
	void webApiWhenIntegrationResetThenIntegrationInactiveShownWithHintAndCounted() throws Exception {
		OAuthClientCredentials client = integration("inactive");
		long id = idOf(client);
		assertThat(GoogleOAuthClient.call("GET", this.http.url(PRODUCT), client, null).status()).isEqualTo(200);
		// the status a change of the integrations file gives (IntegrationStatus.RESET); the directory cache is told
		this.jdbc.sql("UPDATE integrations SET status = 2 WHERE id = :id").param("id", id).update();
		this.directory.evict(consumerIdOf(client));
		double before = counter("integration_inactive");

		assertThat(ScribeOAuthClient.call(Verb.GET, this.http.url(PRODUCT), client, null).status()).isEqualTo(401);

		Map<String, Object> refusal = awaitRefusal(client, "integration_inactive");
		assertThat(refusal.get("path")).isEqualTo(PRODUCT);
		assertThat(refusal.get("hint")).isEqualTo(RefusalReason.INTEGRATION_INACTIVE.generalHint());
		assertThat(counter("integration_inactive")).isEqualTo(before + 1);
	}

	@Test
	void webApiWhenBearerAccessTokenWhileDisabledThenBearerDisabledCounted() {
		setting("oauth/consumer/enable_integration_as_bearer", "0");
		OAuthClientCredentials client = integration("bearer");
		double before = counter("bearer_disabled");

		Http.Response response = this.http.get(PRODUCT, "Authorization", "Bearer " + client.accessToken());

		assertThat(response.status()).as(response.body()).isEqualTo(401);
		Eventually.within(DEADLINE, "keyway_refusals_total{reason=bearer_disabled} grows by one",
				() -> counter("bearer_disabled") == before + 1);
		// the developer of a connector written for Magento before 2.4.4 sees why in the integration's health
		// (a developer trial found it only in the metric: the wire answer names the route's resource)
		Map<String, Object> refusal = awaitRefusal(client, "bearer_disabled");
		assertThat(refusal.get("path")).isEqualTo(PRODUCT);
		assertThat(refusal.get("hint")).isEqualTo(RefusalReason.BEARER_DISABLED.generalHint());
		assertThat(refusal.toString()).doesNotContain(client.accessToken());
	}

	@Test
	void webApiWhenHmacSha1WhileDisabledThenSignatureMethodDisabledWithHint() throws Exception {
		OAuthClientCredentials client = integration("sha1");
		setting("oauth/signature/allow_hmac_sha1", "0");
		double before = counter("signature_method_disabled");

		// ScribeJava signs with HMAC-SHA1; the wire answer is Magento's 400 for a method not supported
		assertThat(ScribeOAuthClient.call(Verb.GET, this.http.url(PRODUCT), client, null).status()).isEqualTo(400);

		Map<String, Object> refusal = awaitRefusal(client, "signature_method_disabled");
		assertThat((String) refusal.get("hint")).isNotBlank().containsIgnoringCase("SHA1");
		assertThat(counter("signature_method_disabled")).isEqualTo(before + 1);
	}

	@Test
	void tokenEndpointWhenConsumerWindowOverThenConsumerExpiredShownWithItsPathAndHint() {
		OAuthClientCredentials client = integration("expired");
		this.clock.shift(Duration.ofSeconds(400));
		double before = counter("consumer_expired");
		OAuthParameters oauth = SignedRequests.sha256(client.consumerKey(), client.consumerSecret(), null, null);
		oauth.timestamp = Long.toString(this.clock.instant().getEpochSecond());
		String url = this.http.url("/oauth/token/request");

		Http.Response response = this.http.post(url, null, "Authorization", SignedRequests.sign(oauth, "POST", url));

		assertThat(response.status()).as(response.body()).isEqualTo(401);
		assertThat(response.body()).contains("Consumer+key+has+expired");
		Map<String, Object> refusal = awaitRefusal(client, "consumer_expired");
		assertThat(refusal.get("method")).isEqualTo("POST");
		assertThat(refusal.get("path")).isEqualTo("/oauth/token/request");
		assertThat((String) refusal.get("hint")).isEqualTo(RefusalReason.CONSUMER_EXPIRED.generalHint())
			.contains("oauth/consumer/expiration_period");
		assertThat(counter("consumer_expired")).isEqualTo(before + 1);
	}

	@Test
	void tokenEndpointWhenGetWithKnownConsumerKeyThenMalformedRequestFiledWithPostOnlyHintAndNoValue() {
		// a developer trial: a client library's default GET got its 405, and nothing in the integration's
		// health said so (the developer and the admin look there for why the handshake never finished)
		OAuthClientCredentials client = integration("token get");
		double before = counter("malformed_request");
		OAuthParameters oauth = SignedRequests.sha256(client.consumerKey(), client.consumerSecret(), null, null);
		String url = this.http.url("/oauth/token/request");
		String authorization = SignedRequests.sign(oauth, "GET", url);

		Http.Response response = this.http.get("/oauth/token/request", "Authorization", authorization);

		assertThat(response.status()).as(response.body()).isEqualTo(405);
		assertThat(response.body()).isEqualTo("oauth_problem=The+OAuth+token+endpoints+take+POST+only%3B+got+GET.");
		Map<String, Object> refusal = awaitRefusal(client, "malformed_request");
		assertThat(refusal.get("method")).isEqualTo("GET");
		assertThat(refusal.get("path")).isEqualTo("/oauth/token/request");
		assertThat((String) refusal.get("hint")).contains("POST").doesNotContain(client.consumerKey());
		assertThat(refusal.get("base_string")).isNull();
		assertThat(refusal.toString()).doesNotContain(oauth.signature, oauth.nonce, client.consumerSecret());
		assertThat(counter("malformed_request")).isEqualTo(before + 1);
	}

	@Test
	void tokenEndpointWhenGetWithUnknownConsumerKeyThenCountedInMetricOnly() {
		double before = counter("malformed_request");
		OAuthParameters oauth = SignedRequests.sha256(randomHex(), randomHex(), null, null);
		String url = this.http.url("/oauth/token/access");

		Http.Response response = this.http.send("PUT", "/oauth/token/access", null, "Authorization",
				SignedRequests.sign(oauth, "PUT", url));

		assertThat(response.status()).as(response.body()).isEqualTo(405);
		Eventually.within(DEADLINE, "keyway_refusals_total{reason=malformed_request} grows by one",
				() -> counter("malformed_request") == before + 1);
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM integration_refusals WHERE path = '/oauth/token/access'"
				+ " AND method = 'PUT'").query(Long.class).single()).isZero();
	}

	@Test
	void webApiWhenConsumerKeyUnknownThenCountedInMetricOnly() throws Exception {
		double before = counter("unknown_consumer");
		OAuthClientCredentials stranger = new OAuthClientCredentials(randomHex(), randomHex(), randomHex(), randomHex());

		assertThat(GoogleOAuthClient.call("GET", this.http.url(PRODUCT), stranger, null).status()).isEqualTo(401);

		Eventually.within(DEADLINE, "keyway_refusals_total{reason=unknown_consumer} grows by one",
				() -> counter("unknown_consumer") == before + 1);
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM integration_refusals WHERE reason = 'unknown_consumer'")
			.query(Long.class)
			.single()).isZero();
	}

	@Test
	void webApiWhenOAuthVersionNotOneThenMalformedRequestCounted() {
		OAuthClientCredentials client = integration("malformed");
		double before = counter("malformed_request");
		OAuthParameters oauth = SignedRequests.sha256(client.consumerKey(), client.consumerSecret(), client.accessToken(),
				client.accessTokenSecret());
		oauth.version = "2.0";

		Http.Response response = this.http.get(PRODUCT, "Authorization",
				SignedRequests.sign(oauth, "GET", this.http.url(PRODUCT)));

		assertThat(response.status()).as(response.body()).isIn(400, 401);
		Eventually.within(DEADLINE, "keyway_refusals_total{reason=malformed_request} grows by one",
				() -> counter("malformed_request") == before + 1);
	}

	// ---- helpers ----

	private OAuthClientCredentials integration(String name) {
		return SignedCalls.integration(this.admin, "reasons " + name, List.of("Magento_Catalog::products"));
	}

	private Map<String, String> requestToken(OAuthClientCredentials client) {
		String url = this.http.url("/oauth/token/request");
		OAuthParameters oauth = SignedRequests.sha256(client.consumerKey(), client.consumerSecret(), null, null);
		Http.Response response = this.http.post(url, null, "Authorization", SignedRequests.sign(oauth, "POST", url));
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		Map<String, String> values = new LinkedHashMap<>();
		for (String pair : response.body().split("&")) {
			String[] parts = pair.split("=", 2);
			values.put(parts[0], URLDecoder.decode(parts[1], StandardCharsets.UTF_8));
		}
		return values;
	}

	private void setting(String key, String value) {
		Http.Response response = this.admin.put("/rest/V1/settings",
				"{\"settings\":{\"" + key + "\":\"" + value + "\"}}");
		assertThat(response.status()).as(response.body()).isEqualTo(200);
	}

	private long idOf(OAuthClientCredentials client) {
		return this.jdbc.sql("SELECT i.id FROM integrations i JOIN oauth_consumers c ON c.id = i.consumer_id "
				+ "WHERE c.consumer_key = :key")
			.param("key", client.consumerKey())
			.query(Long.class)
			.single();
	}

	private long consumerIdOf(OAuthClientCredentials client) {
		return this.jdbc.sql("SELECT id FROM oauth_consumers WHERE consumer_key = :key")
			.param("key", client.consumerKey())
			.query(Long.class)
			.single();
	}

	@SuppressWarnings("unchecked")
	private Map<String, Object> health(long integrationId) {
		Http.Response response = this.admin.get("/rest/V1/integrations/" + integrationId + "/health");
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		return JsonMapper.shared().readValue(response.body(), Map.class);
	}

	/** Waits until the health route lists a refusal with the reason (counted in refusals_24h too), returns it. */
	@SuppressWarnings("unchecked")
	private Map<String, Object> awaitRefusal(OAuthClientCredentials client, String reason) {
		long id = idOf(client);
		Eventually.within(DEADLINE, "the health route shows " + reason,
				() -> ((Map<?, ?>) health(id).get("refusals_24h")).containsKey(reason));
		Map<String, Object> health = health(id);
		assertThat(((Number) ((Map<?, ?>) health.get("refusals_24h")).get(reason)).longValue()).isEqualTo(1);
		return ((List<Map<String, Object>>) health.get("recent_refusals")).stream()
			.filter((item) -> reason.equals(item.get("reason")))
			.findFirst()
			.orElseThrow();
	}

	/** The value of keyway_refusals_total for the reason, scraped from /actuator/prometheus with an admin token. */
	private double counter(String reason) {
		Http.Response metrics = this.http.get("/actuator/prometheus", "Authorization", "Bearer " + this.admin.token());
		assertThat(metrics.status()).isEqualTo(200);
		Matcher matcher = Pattern
			.compile("(?m)^keyway_refusals_total\\{[^}]*reason=\"" + Pattern.quote(reason) + "\"[^}]*\\} (\\S+)$")
			.matcher(metrics.body());
		assertThat(matcher.find()).as("keyway_refusals_total{reason=\"%s\"} is exported", reason).isTrue();
		return Double.parseDouble(matcher.group(1));
	}

	private static String randomHex() {
		return UUID.randomUUID().toString().replace("-", "");
	}

}
