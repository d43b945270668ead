package dev.keyway;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.google.api.client.auth.oauth.OAuthParameters;

import dev.keyway.testing.AdminApi;
import dev.keyway.testing.FakeThirdParty;
import dev.keyway.testing.GoogleOAuthClient;
import dev.keyway.testing.Http;
import dev.keyway.testing.KeywayIntegrationTest;
import dev.keyway.testing.OAuthClientCredentials;
import dev.keyway.testing.Scrape;
import dev.keyway.testing.SignedCalls;
import dev.keyway.testing.SignedRequests;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.tomcat.metrics.TomcatMetricsBinder;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 16.4: the operator's metrics, scraped from {@code /actuator/prometheus} after real calls
 * signed with independent libraries (google-oauth-client, ScribeJava); each family is checked by its
 * value after minus before, and no label may name an integration or a credential.
 */
@KeywayIntegrationTest
class MetricsTests {

	private static final String PRODUCT = "/rest/V1/products/SP-TN-003";

	private static final String PRODUCT_ROUTE = "GET /V1/products/{sku}";

	/** Every label a Keyway family or a cache family may carry: closed sets, no identity. */
	private static final Set<String> ALLOWED_LABELS = Set.of("route", "status", "caller", "reason", "store", "outcome",
			"cache", "result", "upstream", "le", "quantile", "application", "cache_manager", "name",
			"endpoint");

	@LocalServerPort
	int port;

	@Autowired
	ApplicationContext context;

	private Http http;

	private AdminApi admin;

	@BeforeEach
	void setUp() {
		this.http = new Http(this.port);
		this.admin = new AdminApi(this.http);
	}

	@Test
	void requestsWhenSignedCallThenCountedUnderRouteTemplateWithIntegrationCaller() throws Exception {
		OAuthClientCredentials client = integration("route");
		Map<String, String> labels = Map.of("route", PRODUCT_ROUTE, "status", "200", "caller", "integration");
		double before = scrape().value("keyway_requests_total", labels);
		double durationsBefore = scrape().value("keyway_request_duration_seconds_count", Map.of("route", PRODUCT_ROUTE));

		assertThat(GoogleOAuthClient.call("GET", this.http.url(PRODUCT), client, null).status()).isEqualTo(200);

		Scrape after = scrapeOnce("keyway_request_duration_seconds_count", Map.of("route", PRODUCT_ROUTE),
				durationsBefore + 1);
		assertThat(after.value("keyway_requests_total", labels)).isEqualTo(before + 1);
		assertThat(after.value("keyway_request_duration_seconds_count", Map.of("route", PRODUCT_ROUTE)))
			.isEqualTo(durationsBefore + 1);
		assertThat(after.has("keyway_request_duration_seconds_bucket", Map.of("route", PRODUCT_ROUTE, "le", "0.1")))
			.as("the duration has histogram buckets (p99 in the dashboard)")
			.isTrue();
	}

	@Test
	void requestsWhenCallWithoutCredentialsAndUnknownPathThenGuestAndUnmatchedCounted() {
		Http.Response guest = this.http.get(PRODUCT);
		Map<String, String> guestLabels = Map.of("route", PRODUCT_ROUTE, "status", Integer.toString(guest.status()),
				"caller", "guest");
		Map<String, String> unmatched = Map.of("route", "unmatched", "status", "404", "caller", "anonymous");
		Scrape before = scrape();

		Http.Response again = this.http.get(PRODUCT);
		Http.Response missing = this.http.get("/rest/V1/no-such-route-" + UUID.randomUUID());

		assertThat(again.status()).isEqualTo(guest.status());
		assertThat(missing.status()).isEqualTo(404);
		Scrape after = scrapeOnce("keyway_requests_total", unmatched, before.value("keyway_requests_total", unmatched) + 1);
		assertThat(after.value("keyway_requests_total", guestLabels))
			.isEqualTo(before.value("keyway_requests_total", guestLabels) + 1);
		assertThat(after.value("keyway_requests_total", unmatched))
			.isEqualTo(before.value("keyway_requests_total", unmatched) + 1);
	}

	@Test
	void requestsWhenAdminTokenCallThenAdminCallerAndSignatureRefusalAnonymous() {
		long id = this.admin.createIntegration("{\"name\":\"metrics admin " + UUID.randomUUID() + "\"}");
		Map<String, String> adminLabels = Map.of("route", "GET /V1/integrations/{id}", "status", "200", "caller", "admin");
		OAuthClientCredentials real = integration("forged");
		OAuthClientCredentials forged = new OAuthClientCredentials(real.consumerKey(), "wrong-secret", real.accessToken(),
				real.accessTokenSecret());
		Map<String, String> refused = Map.of("route", PRODUCT_ROUTE, "status", "401", "caller", "anonymous");
		Scrape before = scrape();

		assertThat(this.admin.get("/rest/V1/integrations/" + id).status()).isEqualTo(200);
		assertThat(SignedCalls.call(SignedCalls.Library.SCRIBE, "GET", this.http.url(PRODUCT), forged, null).status())
			.isEqualTo(401);

		Scrape after = scrapeOnce("keyway_requests_total", refused, before.value("keyway_requests_total", refused) + 1);
		assertThat(after.value("keyway_requests_total", adminLabels))
			.isEqualTo(before.value("keyway_requests_total", adminLabels) + 1);
		assertThat(after.value("keyway_requests_total", refused))
			.isEqualTo(before.value("keyway_requests_total", refused) + 1);
	}

	@Test
	void requestsWhenVerifiedCallRefusedByGuardrailThenCallerIsIntegrationNotAnonymous() throws Exception {
		// an operator's trial: a rate limit's 429s and allow-list refusals showed as caller="anonymous", which the
		// docs keep for calls refused before a caller was known (signature, nonce, timestamp)
		long fencedId = this.admin.createIntegration("{\"name\":\"metrics fenced " + UUID.randomUUID()
				+ "\",\"resources\":[\"Magento_Catalog::products\"],\"ip_allowlist\":[\"10.0.0.0/8\"]}");
		OAuthClientCredentials fenced = activated(fencedId);
		long limitedId = this.admin.createIntegration("{\"name\":\"metrics limited " + UUID.randomUUID()
				+ "\",\"resources\":[\"Magento_Catalog::products\"],\"rate_limit\":{\"per_minute\":1}}");
		OAuthClientCredentials limited = activated(limitedId);
		Map<String, String> refused = Map.of("route", PRODUCT_ROUTE, "status", "401", "caller", "integration");
		Map<String, String> limitedLabels = Map.of("route", PRODUCT_ROUTE, "status", "429", "caller", "integration");
		Map<String, String> anonymous401 = Map.of("route", PRODUCT_ROUTE, "status", "401", "caller", "anonymous");
		Map<String, String> anonymous429 = Map.of("route", PRODUCT_ROUTE, "status", "429", "caller", "anonymous");
		Scrape before = scrape();

		assertThat(GoogleOAuthClient.call("GET", this.http.url(PRODUCT), fenced, null).status()).isEqualTo(401);
		assertThat(GoogleOAuthClient.call("GET", this.http.url(PRODUCT), limited, null).status()).isEqualTo(200);
		assertThat(GoogleOAuthClient.call("GET", this.http.url(PRODUCT), limited, null).status()).isEqualTo(429);

		Scrape after = scrapeOnce("keyway_requests_total", limitedLabels,
				before.value("keyway_requests_total", limitedLabels) + 1);
		assertThat(after.value("keyway_requests_total", refused))
			.isEqualTo(before.value("keyway_requests_total", refused) + 1);
		assertThat(after.value("keyway_requests_total", limitedLabels))
			.isEqualTo(before.value("keyway_requests_total", limitedLabels) + 1);
		assertThat(after.value("keyway_requests_total", anonymous401))
			.isEqualTo(before.value("keyway_requests_total", anonymous401));
		assertThat(after.value("keyway_requests_total", anonymous429))
			.isEqualTo(before.value("keyway_requests_total", anonymous429));
	}

	@Test
	void httpServerRequestsWhenRestCallThenUriIsTheRouteTemplateNotUnknown() throws Exception {
		OAuthClientCredentials client = integration("uri");
		Map<String, String> labels = Map.of("uri", "/rest/V1/products/{sku}", "status", "200");
		double before = scrape().value("http_server_requests_seconds_count", labels);

		assertThat(GoogleOAuthClient.call("GET", this.http.url(PRODUCT), client, null).status()).isEqualTo(200);

		Scrape after = scrapeOnce("http_server_requests_seconds_count", labels, before + 1);
		assertThat(after.value("http_server_requests_seconds_count", labels)).isEqualTo(before + 1);
		assertThat(after.samples())
			.filteredOn((sample) -> sample.name().startsWith("http_server_requests")
					&& String.valueOf(sample.labels().get("uri")).startsWith("/rest"))
			.isNotEmpty()
			.noneMatch((sample) -> "UNKNOWN".equals(sample.labels().get("uri")));
	}

	@Test
	void requestsWhenRequestTokenIssuedThenCountedUnderTheTokenEndpoint() throws Exception {
		try (FakeThirdParty party = FakeThirdParty.start()) {
			long id = this.admin.createIntegration("{\"name\":\"metrics token " + UUID.randomUUID() + "\",\"endpoint\":\""
					+ party.callbackUrl() + "\",\"identity_link_url\":\"" + party.identityLinkUrl() + "\"}");
			assertThat(this.admin.post("/rest/V1/integrations/" + id + "/activate", "{}").status()).isEqualTo(200);
			FakeThirdParty.Post post = party.awaitPost(Duration.ofSeconds(5));
			Map<String, String> issued = Map.of("route", "POST /oauth/token/request", "status", "200", "caller",
					"integration");
			double before = scrape().value("keyway_requests_total", issued);

			String url = this.http.url("/oauth/token/request");
			OAuthParameters oauth = SignedRequests.sha256(post.get("oauth_consumer_key"),
					post.get("oauth_consumer_secret"), null, null);
			Http.Response response = this.http.post(url, null, "Authorization", SignedRequests.sign(oauth, "POST", url));

			assertThat(response.status()).as(response.body()).isEqualTo(200);
			assertThat(scrapeOnce("keyway_requests_total", issued, before + 1).value("keyway_requests_total", issued))
				.isEqualTo(before + 1);
		}
	}

	@Test
	void nonceStoreWhenSignedRequestReplayedThenAcceptedAndReplayedCountedAndLiveNoncesShown() {
		OAuthClientCredentials client = integration("nonce");
		String url = this.http.url(PRODUCT);
		String authorization = SignedRequests.sign(SignedRequests.sha256(client.consumerKey(), client.consumerSecret(),
				client.accessToken(), client.accessTokenSecret()), "GET", url);
		Scrape before = scrape();

		assertThat(this.http.get(PRODUCT, "Authorization", authorization).status()).isEqualTo(200);
		assertThat(this.http.get(PRODUCT, "Authorization", authorization).status()).isEqualTo(401);

		Scrape after = scrape();
		assertThat(after.value("keyway_nonce_claims_total", Map.of("outcome", "accepted")))
			.isEqualTo(before.value("keyway_nonce_claims_total", Map.of("outcome", "accepted")) + 1);
		assertThat(after.value("keyway_nonce_claims_total", Map.of("outcome", "replayed")))
			.isEqualTo(before.value("keyway_nonce_claims_total", Map.of("outcome", "replayed")) + 1);
		assertThat(after.value("keyway_nonce_store_live", Map.of())).isGreaterThanOrEqualTo(1);
	}

	@Test
	void cachesWhenTheSameCredentialsCallTwiceThenHitsCountedPerNamedCache() throws Exception {
		OAuthClientCredentials client = integration("cache");
		assertThat(GoogleOAuthClient.call("GET", this.http.url(PRODUCT), client, null).status()).isEqualTo(200);
		Map<String, String> hits = Map.of("cache", "keyway_consumers", "result", "hit");
		double before = scrape().value("cache_gets_total", hits);

		assertThat(GoogleOAuthClient.call("GET", this.http.url(PRODUCT), client, null).status()).isEqualTo(200);

		Scrape after = scrape();
		assertThat(after.value("cache_gets_total", hits)).isGreaterThan(before);
		for (String cache : List.of("keyway_consumers", "keyway_tokens", "keyway_bearer_tokens", "keyway_integrations",
				"keyway_grants")) {
			assertThat(after.has("cache_gets_total", Map.of("cache", cache))).as("cache %s is exported", cache).isTrue();
		}
	}

	@Test
	void metricsWhenScrapedAfterCallsThenNoLabelNamesAnIntegrationOrACredential() throws Exception {
		String name = "metrics label " + UUID.randomUUID();
		OAuthClientCredentials client = SignedCalls.integration(this.admin, name, List.of("Magento_Catalog::products"));
		assertThat(GoogleOAuthClient.call("GET", this.http.url(PRODUCT), client, null).status()).isEqualTo(200);
		Http.Response refused = this.http.get("/rest/V1/products/SP-TN-003?id=" + client.consumerKey());

		Scrape scrape = scrape();
		assertThat(refused.status()).isEqualTo(401);
		assertThat(scrape.text()).doesNotContain(client.consumerKey(), client.accessToken(), name);
		assertThat(scrape.samples())
			.filteredOn((sample) -> sample.name().startsWith("keyway_") || sample.name().startsWith("cache_"))
			.isNotEmpty()
			.allSatisfy((sample) -> assertThat(sample.labels().keySet()).as(sample.name())
				.isSubsetOf(ALLOWED_LABELS));
	}

	// ---- helpers ----

	private OAuthClientCredentials integration(String name) {
		return SignedCalls.integration(this.admin, "metrics " + name, List.of("Magento_Catalog::products"));
	}

	private OAuthClientCredentials activated(long id) {
		Http.Response activation = this.admin.post("/rest/V1/integrations/" + id + "/activate", "{}");
		assertThat(activation.status()).as(activation.body()).isEqualTo(200);
		String body = activation.body();
		return new OAuthClientCredentials(AdminApi.field(body, "consumer_key"), AdminApi.field(body, "consumer_secret"),
				AdminApi.field(body, "access_token"), AdminApi.field(body, "access_token_secret"));
	}

	@Test
	void prometheusWhenScrapedThenTomcatMetersStillThereBoundWithoutSpringBootsBinder() {
		assertThat(scrape().has("tomcat_sessions_active_current_sessions", Map.of()))
			.as("Tomcat's session meters, bound by Keyway's TomcatMeters")
			.isTrue();
		assertThat(this.context.getBeansOfType(TomcatMetricsBinder.class))
			.as("Spring Boot's binder creates the platform MBean server at start (~0.19 s on one core)")
			.isEmpty();
	}

	@Test
	void mBeanServerWhenNoneExistsThenOwnServerNotRegisteredWithTheFactory() {
		List<MBeanServer> before = MBeanServerFactory.findMBeanServer(null);

		MBeanServer server = TomcatMeters.mBeanServer();

		// the platform MBean server registers itself with the factory when created, so an unchanged list
		// also says it was not created (asking for it here would create it for every later test of this JVM)
		assertThat(MBeanServerFactory.findMBeanServer(null)).isEqualTo(before);
		if (before.isEmpty()) {
			assertThat(server).isNotNull();
		}
		else {
			assertThat(server).isSameAs(before.get(0));
		}
	}

	private Scrape scrape() {
		return Scrape.of(this.http, this.admin);
	}

	/**
	 * A scrape once {@code name{labels}} reached {@code expected}, waiting at most 5 s: a call's meters are
	 * recorded when its answer is complete, which the client may already have read (the answer's stream is
	 * closed, and sent, before the front door records it — one run on PostgreSQL scraped in between). The
	 * assertions that follow judge the value.
	 */
	private Scrape scrapeOnce(String name, Map<String, String> labels, double expected) {
		long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
		Scrape scrape = scrape();
		while (scrape.value(name, labels) < expected && System.nanoTime() < deadline) {
			try {
				Thread.sleep(20);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return scrape;
			}
			scrape = scrape();
		}
		return scrape;
	}

}
