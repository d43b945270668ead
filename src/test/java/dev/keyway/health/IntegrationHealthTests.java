package dev.keyway.health;

import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.google.api.client.auth.oauth.OAuthHmacSha256Signer;
import com.google.api.client.auth.oauth.OAuthParameters;
import com.google.api.client.http.GenericUrl;
import tools.jackson.databind.json.JsonMapper;

import dev.keyway.oauth.RefusalReason;
import dev.keyway.testing.AdminApi;
import dev.keyway.testing.Eventually;
import dev.keyway.testing.GoogleOAuthClient;
import dev.keyway.testing.Http;
import dev.keyway.testing.KeywayIntegrationTest;
import dev.keyway.testing.OAuthClientCredentials;
import dev.keyway.testing.SignedCalls;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 16 (first slice): refused calls made by an independent library (google-oauth-client) are
 * classified, counted in {@code keyway_refusals_total}, and shown by {@code GET
 * /rest/V1/integrations/:id/health} with hints; stored rows hold no secret or token value.
 */
@KeywayIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IntegrationHealthTests {

	private static final String PRODUCT = "/rest/V1/products/SP-TN-003";

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	private Http http;

	private AdminApi admin;

	private OAuthClientCredentials client;

	private long integrationId;

	@BeforeAll
	void activateIntegration() {
		this.http = new Http(this.port);
		this.admin = new AdminApi(this.http);
		this.client = SignedCalls.integration(this.admin, "health", List.of("Magento_Catalog::products"));
		this.integrationId = this.jdbc.sql("SELECT i.id FROM integrations i JOIN oauth_consumers c ON c.id = i.consumer_id "
				+ "WHERE c.consumer_key = :key")
			.param("key", this.client.consumerKey())
			.query(Long.class)
			.single();
	}

	/** An Authorization header signed by google-oauth-client for {@code signedUrl}, nonce and timestamp chosen. */
	private String header(String method, String signedUrl, String tokenSecret, String nonce, long timestamp)
			throws GeneralSecurityException {
		OAuthHmacSha256Signer signer = new OAuthHmacSha256Signer(this.client.consumerSecret());
		signer.setTokenSecret(tokenSecret);
		OAuthParameters oauth = new OAuthParameters();
		oauth.consumerKey = this.client.consumerKey();
		oauth.token = this.client.accessToken();
		oauth.signer = signer;
		oauth.nonce = nonce;
		oauth.timestamp = Long.toString(timestamp);
		oauth.computeSignature(method, new GenericUrl(signedUrl));
		return oauth.getAuthorizationHeader();
	}

	@SuppressWarnings("unchecked")
	private Map<String, Object> health() {
		Http.Response response = this.admin.get("/rest/V1/integrations/" + this.integrationId + "/health");
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		return JsonMapper.shared().readValue(response.body(), Map.class);
	}

	@Test
	void healthWhenCallsRefusedForSeveralReasonsThenEachReasonCountedShownWithAHintAndInPrometheus() throws Exception {
		long now = System.currentTimeMillis() / 1000;
		Map<String, Double> before = counters();
		assertThat(SignedCalls.call(SignedCalls.Library.GOOGLE, "GET", this.http.url(PRODUCT), this.client, null).status())
			.isEqualTo(200);
		// bad_signature: the wrong token secret
		OAuthClientCredentials wrongSecret = new OAuthClientCredentials(this.client.consumerKey(),
				this.client.consumerSecret(), this.client.accessToken(), "x".repeat(32));
		assertThat(GoogleOAuthClient.call("GET", this.http.url(PRODUCT), wrongSecret, null).status()).isEqualTo(401);
		// unknown_token
		OAuthClientCredentials otherToken = new OAuthClientCredentials(this.client.consumerKey(),
				this.client.consumerSecret(), "t".repeat(32), this.client.accessTokenSecret());
		assertThat(GoogleOAuthClient.call("GET", this.http.url(PRODUCT), otherToken, null).status()).isEqualTo(401);
		// resource_not_granted
		assertThat(SignedCalls.call(SignedCalls.Library.SCRIBE, "GET", this.http.url("/rest/V1/integrations"), this.client,
				null).status()).isEqualTo(401);
		// timestamp_out_of_window, 2 h late
		assertThat(this.http.get(PRODUCT, "Authorization",
				header("GET", this.http.url(PRODUCT), this.client.accessTokenSecret(), "n" + UUID.randomUUID(), now - 7200))
			.status()).isEqualTo(401);
		// nonce_reused: the same signed request twice
		String once = header("GET", this.http.url(PRODUCT), this.client.accessTokenSecret(), "n" + UUID.randomUUID(), now);
		assertThat(this.http.get(PRODUCT, "Authorization", once).status()).isEqualTo(200);
		assertThat(this.http.get(PRODUCT, "Authorization", once).status()).isEqualTo(401);

		List<String> reasons = List.of("bad_signature", "unknown_token", "resource_not_granted", "timestamp_out_of_window",
				"nonce_reused");
		Eventually.within(Duration.ofSeconds(20), "the health route shows every reason", () -> {
			Map<?, ?> counts = (Map<?, ?>) health().get("refusals_24h");
			return counts.keySet().containsAll(reasons);
		});
		Map<String, Object> health = health();
		assertThat(((Number) health.get("requests_24h")).longValue()).isGreaterThanOrEqualTo(2);
		assertThat(health.get("last_used_at")).isNotNull();
		assertThat(health.get("last_used_ip")).isNotNull();
		List<?> recent = (List<?>) health.get("recent_refusals");
		Map<?, ?> badSignature = recent.stream().map(Map.class::cast)
			.filter((item) -> "bad_signature".equals(item.get("reason")))
			.findFirst()
			.orElseThrow();
		assertThat(badSignature.get("method")).isEqualTo("GET");
		assertThat(badSignature.get("path")).isEqualTo(PRODUCT);
		assertThat((String) badSignature.get("base_string")).startsWith("GET&http%3A%2F%2Flocalhost")
			.contains("oauth_token%3D%2528token%2529")
			.doesNotContain(this.client.accessToken());
		Map<?, ?> skewed = recent.stream().map(Map.class::cast)
			.filter((item) -> "timestamp_out_of_window".equals(item.get("reason")))
			.findFirst()
			.orElseThrow();
		assertThat(((Number) skewed.get("skew_seconds")).longValue()).isBetween(-7300L, -7100L);
		// what each record tells the developer: no known mistake here, so the reason's general hint
		// (an operator trial saw "hint": null for a wrong signature and for a replayed request)
		assertThat(hints(recent, "bad_signature")).contains(RefusalReason.BAD_SIGNATURE.generalHint());
		assertThat(hints(recent, "nonce_reused")).containsOnly(RefusalReason.NONCE_REUSED.generalHint());
		assertThat(hints(recent, "timestamp_out_of_window"))
			.containsOnly(RefusalReason.TIMESTAMP_OUT_OF_WINDOW.generalHint());
		assertThat(hints(recent, "unknown_token")).containsOnly(RefusalReason.UNKNOWN_TOKEN.generalHint());
		assertThat(hints(recent, "resource_not_granted"))
			.containsOnly("The integration's grant lacks Keyway_Integration::manage.");
		assertThat(recent).allSatisfy((item) -> assertThat(((Map<?, ?>) item).get("hint")).as(item.toString()).isNotNull());

		// other test classes share the context and may refuse calls meanwhile: at least one more per reason
		Map<String, Double> after = counters();
		for (String reason : reasons) {
			assertThat(after.get(reason)).as("keyway_refusals_total{reason=\"%s\"}", reason)
				.isGreaterThanOrEqualTo(before.getOrDefault(reason, 0.0) + 1);
		}
	}

	/** The hints of the listed refusals of the reason. */
	private static List<Object> hints(List<?> recent, String reason) {
		return recent.stream()
			.map(Map.class::cast)
			.filter((item) -> reason.equals(item.get("reason")))
			.map((item) -> item.get("hint"))
			.toList();
	}

	/** keyway_refusals_total by reason, scraped from /actuator/prometheus with an admin token. */
	private Map<String, Double> counters() {
		Http.Response metrics = this.http.get("/actuator/prometheus", "Authorization", "Bearer " + this.admin.token());
		assertThat(metrics.status()).isEqualTo(200);
		Map<String, Double> values = new java.util.HashMap<>();
		java.util.regex.Matcher line = java.util.regex.Pattern
			.compile("(?m)^keyway_refusals_total\\{[^}]*reason=\"([a-z_]+)\"[^}]*\\} (\\S+)$")
			.matcher(metrics.body());
		while (line.find()) {
			values.put(line.group(1), Double.parseDouble(line.group(2)));
		}
		assertThat(values).as("keyway_refusals_total is exported").isNotEmpty();
		return values;
	}

	@Test
	void healthWhenClientSignedForwardedHostOrDoubleEncodedNamesThenHintsSayWhy() throws Exception {
		long now = System.currentTimeMillis() / 1000;
		// signed for the host a proxy forwarded, received on localhost
		String proxied = header("GET", "http://shop.example.test" + PRODUCT, this.client.accessTokenSecret(),
				"n" + UUID.randomUUID(), now);
		assertThat(this.http.get(PRODUCT, "Authorization", proxied, "X-Forwarded-Host", "shop.example.test").status())
			.isEqualTo(401);
		// npm oauth-1.0a's mistake: the encoded bracket names signed as names, sent encoded once
		String query = "?searchCriteria%5BpageSize%5D=1";
		String doubled = header("GET", this.http.url("/rest/V1/products?searchCriteria%255BpageSize%255D=1"),
				this.client.accessTokenSecret(), "n" + UUID.randomUUID(), now);
		assertThat(this.http.get("/rest/V1/products" + query, "Authorization", doubled).status()).isEqualTo(401);

		Eventually.within(Duration.ofSeconds(20), "both hints are shown", () -> {
			List<?> recent = (List<?>) health().get("recent_refusals");
			List<String> hints = recent.stream().map(Map.class::cast).map((item) -> String.valueOf(item.get("hint"))).toList();
			return hints.stream().anyMatch((hint) -> hint.contains("verifies for http://shop.example.test"))
					&& hints.stream().anyMatch((hint) -> hint.contains("encoded the bracket names twice"));
		});
	}

	@Test
	void storedRefusalsWhenScannedThenNoSecretSignatureOrTokenValue() throws Exception {
		OAuthClientCredentials wrongSecret = new OAuthClientCredentials(this.client.consumerKey(),
				this.client.consumerSecret(), this.client.accessToken(), "y".repeat(32));
		assertThat(GoogleOAuthClient.call("GET", this.http.url(PRODUCT + "?q=1"), wrongSecret, null).status()).isEqualTo(401);
		Eventually.within(Duration.ofSeconds(20), "the refusal is stored", () -> this.jdbc
			.sql("SELECT COUNT(*) FROM integration_refusals WHERE integration_id = :id AND reason = 'bad_signature'")
			.param("id", this.integrationId)
			.query(Long.class)
			.single() > 0);
		List<String> rows = this.jdbc.sql("SELECT * FROM integration_refusals")
			.query((rs, n) -> {
				StringBuilder row = new StringBuilder();
				for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
					row.append(rs.getString(i)).append('|');
				}
				return row.toString();
			})
			.list();
		assertThat(rows).isNotEmpty();
		for (String row : rows) {
			assertThat(row).doesNotContain(this.client.accessToken())
				.doesNotContain(this.client.accessTokenSecret())
				.doesNotContain(this.client.consumerSecret())
				.doesNotContain("oauth_signature%3D");
		}
	}

	@Test
	void storedRefusalsWhenClientSentItsSecretsInTheQueryThenNoneKept() throws Exception {
		// a mistaken client sends its secrets and token as query parameters of its own, and its signature
		// fails: the stored base string (shown by the health route and the debug answer) keeps none of them
		OAuthClientCredentials wrongSecret = new OAuthClientCredentials(this.client.consumerKey(),
				this.client.consumerSecret(), this.client.accessToken(), "w".repeat(32));
		String leaky = PRODUCT + "?oauth_consumer_secret=" + this.client.consumerSecret() + "&debug="
				+ this.client.accessTokenSecret() + "&copy=" + this.client.accessToken() + "&leaky=1";
		assertThat(GoogleOAuthClient.call("GET", this.http.url(leaky), wrongSecret, null).status()).isEqualTo(401);
		Eventually.within(Duration.ofSeconds(20), "the refusal is stored", () -> this.jdbc
			.sql("SELECT COUNT(*) FROM integration_refusals WHERE integration_id = :id AND base_string LIKE '%leaky%'")
			.param("id", this.integrationId)
			.query(Long.class)
			.single() > 0);
		String stored = this.jdbc
			.sql("SELECT base_string FROM integration_refusals WHERE integration_id = :id AND base_string LIKE '%leaky%'")
			.param("id", this.integrationId)
			.query(String.class)
			.list()
			.get(0);
		assertThat(stored).doesNotContain(this.client.consumerSecret())
			.doesNotContain(this.client.accessTokenSecret())
			.doesNotContain(this.client.accessToken())
			.contains("oauth_consumer_secret%3D%2528secret%2529", "debug%3D%2528secret%2529", "copy%3D%2528token%2529");
		assertThat(health().toString()).doesNotContain(this.client.consumerSecret())
			.doesNotContain(this.client.accessTokenSecret());
	}

}
