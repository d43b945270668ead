package dev.keyway.webapi;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.keyway.testing.AdminApi;
import dev.keyway.testing.Eventually;
import dev.keyway.testing.Http;
import dev.keyway.testing.KeywayIntegrationTest;
import dev.keyway.testing.OAuthClientCredentials;
import dev.keyway.testing.RestoreSettings;
import dev.keyway.testing.SignedRequests;
import dev.keyway.testing.TestClock;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rate limits per integration (issue 17.2, SPEC 5.12) through the management API and real calls signed
 * by google-oauth-client: 429 in Magento's shape with Retry-After and the IETF RateLimit headers, per
 * minute and per second with a burst, unlimited, the settings' default, bad input, and the gateway's
 * verify-only endpoints. Runs on H2 (buckets in memory) and on PostgreSQL (leases from the shared row).
 */
@ExtendWith(RestoreSettings.class)
@KeywayIntegrationTest
class RateLimitTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String PATH = "/rest/V1/orders/4";

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

	// ---- management API ----

	@Test
	void managementApiWhenRateLimitWrittenThenReadBackNullMeaningTheDefault() {
		long id = this.admin.createIntegration("{\"name\":\"limits " + UUID.randomUUID()
				+ "\",\"rate_limit\":{\"per_second\":5,\"per_minute\":100,\"burst\":10}}");
		JsonNode created = json(this.admin.get("/rest/V1/integrations/" + id).body());
		Http.Response defaulted = this.admin.put("/rest/V1/integrations/" + id, "{\"integration\":{\"rate_limit\":null}}");
		Http.Response unlimited = this.admin.put("/rest/V1/integrations/" + id, "{\"integration\":{\"rate_limit\":{}}}");
		Http.Response kept = this.admin.put("/rest/V1/integrations/" + id, "{\"integration\":{\"email\":\"a@example.com\"}}");

		assertThat(created.get("rate_limit")).isEqualTo(json("{\"per_second\":5,\"per_minute\":100,\"burst\":10}"));
		assertThat(json(defaulted.body()).get("rate_limit").isNull()).as(defaulted.body()).isTrue();
		assertThat(json(unlimited.body()).get("rate_limit")).isEqualTo(json("{\"per_second\":0,\"per_minute\":0,\"burst\":0}"));
		assertThat(json(kept.body()).get("rate_limit")).isEqualTo(json("{\"per_second\":0,\"per_minute\":0,\"burst\":0}"));
	}

	@Test
	void managementApiWhenRateLimitOutOfBoundsThen400NamingRuleAndValue() {
		String name = "bad limits " + UUID.randomUUID();

		Http.Response negative = this.admin.post("/rest/V1/integrations",
				"{\"integration\":{\"name\":\"" + name + "\",\"rate_limit\":{\"per_second\":-1}}}");
		Http.Response tooMany = this.admin.post("/rest/V1/integrations",
				"{\"integration\":{\"name\":\"" + name + "\",\"rate_limit\":{\"per_minute\":6000001}}}");
		Http.Response notObject = this.admin.post("/rest/V1/integrations",
				"{\"integration\":{\"name\":\"" + name + "\",\"rate_limit\":\"fast\"}}");
		Http.Response unknown = this.admin.post("/rest/V1/integrations",
				"{\"integration\":{\"name\":\"" + name + "\",\"rate_limit\":{\"per_hour\":5}}}");
		Http.Response setting = this.admin.put("/rest/V1/settings",
				"{\"settings\":{\"webapi/rate_limit/per_minute\":\"-5\"}}");

		assertThat(negative.status()).isEqualTo(400);
		assertThat(negative.body())
			.contains("\\\"rate_limit.per_second\\\" must be a whole number from 0 (no limit) to 100000; got -1.");
		assertThat(tooMany.status()).isEqualTo(400);
		assertThat(tooMany.body()).contains("to 6000000; got 6000001.");
		assertThat(notObject.status()).isEqualTo(400);
		assertThat(notObject.body()).contains("\\\"rate_limit\\\" must be null or an object").contains("fast");
		assertThat(unknown.status()).isEqualTo(400);
		assertThat(unknown.body()).contains("per_hour");
		assertThat(setting.status()).isEqualTo(400);
		assertThat(setting.body()).contains("webapi/rate_limit/per_minute").contains("-5");
		assertThat(this.admin.get("/rest/V1/integrations?searchCriteria[pageSize]=200").body()).doesNotContain(name);
	}

	// ---- enforcement ----

	@Test
	void callWhenPerMinuteLimitReachedThen429WithRetryAfterAndRateLimitHeaders() {
		Active active = activate("{\"per_minute\":3}");
		atMinuteStart();

		List<Integer> accepted = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			accepted.add(signedGet(active).status());
		}
		Http.Response refused = signedGet(active);

		assertThat(accepted).containsOnly(200);
		assertThat(refused.status()).as(refused.body()).isEqualTo(429);
		int retryAfter = Integer.parseInt(refused.header("Retry-After"));
		assertThat(retryAfter).isBetween(50, 60);
		assertThat(json(refused.body())).isEqualTo(json("{\"message\":\"The integration's rate limit of %1 calls per %2 "
				+ "is reached; retry in %3 seconds.\",\"parameters\":[\"3\",\"minute\",\"" + retryAfter + "\"]}"));
		assertThat(refused.header("RateLimit-Policy")).isEqualTo("\"per-minute\";q=3;w=60");
		assertThat(refused.header("RateLimit")).isEqualTo("\"per-minute\";r=0;t=" + retryAfter);
	}

	@Test
	void callWhenWronglySignedThenRefused401AndSpendsNoToken() {
		Active active = activate("{\"per_minute\":2}");
		atMinuteStart();

		List<Integer> forged = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			forged.add(this.http.get(PATH, "Authorization", forgedAuthorization(active, PATH)).status());
		}
		List<Integer> signed = List.of(signedGet(active).status(), signedGet(active).status(), signedGet(active).status());

		assertThat(forged).as("a bucket with tokens: the signature is checked").containsOnly(401);
		assertThat(signed).as("the forgeries drained nothing").containsExactly(200, 200, 429);
	}

	@Test
	void callWhenBlockedAndWronglySignedThenSignatureRefusalNotThe429() {
		Active active = activate("{\"per_minute\":1}");
		atMinuteStart();
		signedGet(active);

		Http.Response signed = signedGet(active);
		Http.Response forged = this.http.get(PATH, "Authorization", forgedAuthorization(active, PATH));

		assertThat(signed.status()).as(signed.body()).isEqualTo(429);
		assertThat(forged.status()).as("the signature comes first, a forger learns nothing of the limit: "
				+ forged.body()).isEqualTo(401);
		assertThat(forged.header("RateLimit")).isNull();
		assertThat(forged.header("Retry-After")).isNull();
	}

	@Test
	void callWhenPerSecondBurstSpentThenRefusedPerSecondAndNoMoreThanBurstPlusRefill() {
		Active active = activate("{\"per_second\":1,\"burst\":4}");

		long start = System.nanoTime();
		List<Http.Response> responses = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			responses.add(signedGet(active));
		}
		double seconds = (System.nanoTime() - start) / 1e9;
		long accepted = responses.stream().filter((response) -> response.status() == 200).count();
		Http.Response refused = responses.stream().filter((response) -> response.status() == 429).findFirst().orElseThrow();

		assertThat(responses.subList(0, 4)).allSatisfy((response) -> assertThat(response.status()).isEqualTo(200));
		assertThat(accepted).isLessThanOrEqualTo(4 + (long) Math.ceil(seconds));
		assertThat(responses).allSatisfy((response) -> assertThat(response.status()).isIn(200, 429));
		assertThat(refused.header("Retry-After")).isEqualTo("1");
		assertThat(refused.header("RateLimit-Policy")).isEqualTo("\"per-second\";q=1;w=1");
		assertThat(refused.header("RateLimit")).isEqualTo("\"per-second\";r=0;t=1");
	}

	@Test
	void callWhenDefaultSettingLimitsThenAppliesToIntegrationsWithoutTheirOwnButNotToUnlimited() {
		Active defaulted = activate("null");
		Active unlimited = activate("{\"per_second\":0,\"per_minute\":0}");
		assertThat(this.admin.put("/rest/V1/settings", "{\"settings\":{\"webapi/rate_limit/per_minute\":\"2\"}}").status())
			.isEqualTo(200);
		atMinuteStart();

		List<Integer> limited = new ArrayList<>();
		List<Integer> free = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			limited.add(signedGet(defaulted).status());
			free.add(signedGet(unlimited).status());
		}

		assertThat(limited).containsExactly(200, 200, 429, 429);
		assertThat(free).containsOnly(200);
	}

	@Test
	void callWhenRateLimitedThenRefusalRecordedWithoutHint() {
		Active active = activate("{\"per_minute\":1}");
		atMinuteStart();
		signedGet(active);
		assertThat(signedGet(active).status()).isEqualTo(429);

		Eventually.within(Duration.ofSeconds(20), "the health route shows rate_limited",
				() -> json(this.admin.get("/rest/V1/integrations/" + active.id() + "/health").body()).get("refusals_24h")
					.has("rate_limited"));
		JsonNode recent = json(this.admin.get("/rest/V1/integrations/" + active.id() + "/health").body())
			.get("recent_refusals");

		JsonNode refusal = null;
		for (JsonNode item : recent) {
			if ("rate_limited".equals(item.get("reason").asString())) {
				refusal = item;
			}
		}
		assertThat(refusal).isNotNull();
		assertThat(refusal.has("hint") && !refusal.get("hint").isNull()).as(refusal.toString()).isFalse();
	}

	// ---- gateway's verify-only endpoints ----

	@Test
	void verifyWhenRateLimitedThenNginxGets403WithHeadersAndEnvoyAndCaddy429() {
		Active active = activate("{\"per_minute\":1}");
		atMinuteStart();

		Http.Response first = verifyNginx(active);
		Http.Response nginx = verifyNginx(active);
		Http.Response envoy = this.http.get("/auth/envoy" + PATH, "Authorization", authorization(active, PATH));
		Http.Response forward = this.http.get("/auth/forward", "Authorization", authorization(active, PATH),
				"X-Forwarded-Method", "GET", "X-Forwarded-Uri", PATH);

		assertThat(first.status()).as(first.body()).isEqualTo(200);
		assertThat(nginx.status()).isEqualTo(403);
		assertThat(nginx.header("X-Keyway-Error")).startsWith("429 The integration's rate limit");
		assertThat(nginx.header("Retry-After")).isNotNull();
		assertThat(nginx.header("RateLimit")).startsWith("\"per-minute\";r=0;t=");
		assertThat(envoy.status()).isEqualTo(429);
		assertThat(envoy.header("RateLimit-Policy")).isEqualTo("\"per-minute\";q=1;w=60");
		// Caddy and Traefik hand the refusal to the client as it is
		assertThat(forward.status()).isEqualTo(429);
		assertThat(forward.header("Retry-After")).isNotNull();
		assertThat(forward.body()).contains("rate limit");
	}

	private Http.Response verifyNginx(Active active) {
		return this.http.get("/auth/verify", "Authorization", authorization(active, PATH), "X-Original-Method", "GET",
				"X-Original-URI", PATH);
	}

	record Active(long id, OAuthClientCredentials credentials) {
	}

	/** @param rateLimit the JSON of the integration's {@code rate_limit} */
	private Active activate(String rateLimit) {
		long id = this.admin.createIntegration("{\"name\":\"rate " + UUID.randomUUID()
				+ "\",\"resources\":[\"Magento_Sales::actions_view\"],\"rate_limit\":" + rateLimit + "}");
		Http.Response activation = this.admin.post("/rest/V1/integrations/" + id + "/activate", "{}");
		assertThat(activation.status()).as(activation.body()).isEqualTo(200);
		String body = activation.body();
		return new Active(id, new OAuthClientCredentials(AdminApi.field(body, "consumer_key"),
				AdminApi.field(body, "consumer_secret"), AdminApi.field(body, "access_token"),
				AdminApi.field(body, "access_token_secret")));
	}

	/** A GET signed by google-oauth-client (through {@link SignedRequests}), answered with its headers. */
	private Http.Response signedGet(Active active) {
		return this.http.get(PATH, "Authorization", authorization(active, PATH));
	}

	private String authorization(Active active, String path) {
		OAuthClientCredentials credentials = active.credentials();
		return SignedRequests.sign(SignedRequests.sha256(credentials.consumerKey(), credentials.consumerSecret(),
				credentials.accessToken(), credentials.accessTokenSecret()), "GET", this.http.url(path));
	}

	/** Signed with a wrong consumer secret: the signature cannot verify. */
	private String forgedAuthorization(Active active, String path) {
		OAuthClientCredentials credentials = active.credentials();
		return SignedRequests.sign(SignedRequests.sha256(credentials.consumerKey(), "forged" + credentials.consumerSecret(),
				credentials.accessToken(), credentials.accessTokenSecret()), "GET", this.http.url(path));
	}

	/**
	 * Moves the server's clock to one second past the start of a minute (at most 61 s ahead, within the
	 * timestamp window), so that a test's calls fall in one clock minute.
	 */
	private void atMinuteStart() {
		long millis = this.clock.millis();
		this.clock.shift(Duration.ofMillis(61_000 - Math.floorMod(millis, 60_000)));
	}

	private static JsonNode json(String text) {
		return JSON.readTree(text);
	}


}
