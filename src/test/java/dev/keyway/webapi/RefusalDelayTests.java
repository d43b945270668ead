package dev.keyway.webapi;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.github.scribejava.core.model.Verb;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.keyway.testing.AdminApi;
import dev.keyway.testing.Eventually;
import dev.keyway.testing.Http;
import dev.keyway.testing.KeywayNode;
import dev.keyway.testing.OAuthClientCredentials;
import dev.keyway.testing.Scrape;
import dev.keyway.testing.ScribeOAuthClient;
import dev.keyway.testing.SignedCalls;
import dev.keyway.testing.SignedRequests;
import dev.keyway.testing.TestDatabases;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The 401 of credentials that do not verify and a rate limit's 429 wait
 * {@code keyway.webapi.refusal-delay} (issues 16 and 17), holding no thread, with the same answer and
 * security headers; every other answer comes at once. A node with a one-second
 * delay and four request threads, so that a wait that held a thread would show; calls signed by
 * ScribeJava.
 */
class RefusalDelayTests {

	private static final Duration DELAY = Duration.ofSeconds(1);

	private static KeywayNode node;

	private static OAuthClientCredentials client;

	@BeforeAll
	static void start() {
		byte[] key = new byte[32];
		new SecureRandom().nextBytes(key);
		node = KeywayNode.start(TestDatabases.newDatabase(), Base64.getEncoder().encodeToString(key),
				Map.of("keyway.webapi.refusal-delay", "1s", "server.tomcat.threads.max", "4"));
		client = SignedCalls.integration(new AdminApi(node.http()), "delayed", List.of("Magento_Backend::store"));
	}

	@AfterAll
	static void stop() {
		if (node != null) {
			node.close();
		}
	}

	@Test
	void callWhenSignatureIsWrongThenThe401ComesAfterTheDelayWithItsReasonAndTheSecurityHeaders() {
		String path = "/rest/V1/store/storeConfigs";
		String authorization = SignedRequests.sign(SignedRequests.sha256(client.consumerKey(), "wrong-secret",
				client.accessToken(), client.accessTokenSecret()), "GET", node.http().url(path));

		long start = System.nanoTime();
		Http.Response refused = node.http().get(path, "Authorization", authorization);
		Duration took = Duration.ofNanos(System.nanoTime() - start);

		assertThat(refused.status()).isEqualTo(401);
		assertThat(refused.body()).contains("The signature is invalid");
		assertThat(refused.header("Content-Type")).startsWith("application/json");
		assertThat(refused.header("X-Content-Type-Options")).isEqualTo("nosniff");
		assertThat(refused.header("Cache-Control")).contains("no-store");
		assertThat(took).isGreaterThanOrEqualTo(DELAY);
	}

	@Test
	void callWhenOverTheRateLimitThenThe429ComesAfterTheDelayWithItsHeaders() throws Exception {
		AdminApi admin = new AdminApi(node.http());
		long id = admin.createIntegration("{\"name\":\"limited " + java.util.UUID.randomUUID()
				+ "\",\"resources\":[\"Magento_Backend::store\"],\"rate_limit\":{\"per_second\":1,\"per_minute\":60,\"burst\":1}}");
		String body = admin.post("/rest/V1/integrations/" + id + "/activate", "{}").body();
		OAuthClientCredentials limited = new OAuthClientCredentials(AdminApi.field(body, "consumer_key"),
				AdminApi.field(body, "consumer_secret"), AdminApi.field(body, "access_token"),
				AdminApi.field(body, "access_token_secret"));
		String url = node.http().url("/rest/V1/store/storeConfigs");

		Http.Response first = ScribeOAuthClient.call(Verb.GET, url, limited, null);
		long start = System.nanoTime();
		Http.Response second = ScribeOAuthClient.call(Verb.GET, url, limited, null);
		Duration took = Duration.ofNanos(System.nanoTime() - start);

		assertThat(first.status()).isEqualTo(200);
		assertThat(second.status()).isEqualTo(429);
		assertThat(took).isGreaterThanOrEqualTo(DELAY);
	}

	@Test
	void callWhenCredentialsVerifyOrGrantLacksTheRouteThenAnsweredWithoutTheDelay() throws Exception {
		long start = System.nanoTime();
		Http.Response served = ScribeOAuthClient.call(Verb.GET, node.http().url("/rest/V1/store/storeConfigs"), client,
				null);
		Http.Response notGranted = ScribeOAuthClient.call(Verb.GET, node.http().url("/rest/V1/products?searchCriteria="),
				client, null);
		Http.Response guest = node.http().get("/rest/V1/orders/1");
		Duration took = Duration.ofNanos(System.nanoTime() - start);

		assertThat(served.status()).isEqualTo(200);
		assertThat(notGranted.status()).isEqualTo(401);
		assertThat(guest.status()).isEqualTo(401);
		assertThat(took).isLessThan(DELAY);
	}

	@Test
	void callsWhenManyWrongSignaturesWaitAtOnceThenNoRequestThreadIsHeld() throws Exception {
		ExecutorService callers = Executors.newFixedThreadPool(24);
		try {
			long start = System.nanoTime();
			List<Future<Http.Response>> answers = new ArrayList<>();
			for (int i = 0; i < 24; i++) {
				answers.add(callers.submit(() -> ScribeOAuthClient.call(Verb.GET,
						node.http().url("/rest/V1/store/storeConfigs"), forged(), null)));
			}
			for (Future<Http.Response> answer : answers) {
				assertThat(answer.get().status()).isEqualTo(401);
			}
			Duration took = Duration.ofNanos(System.nanoTime() - start);

			// four threads holding a one-second wait each would need six seconds for 24 calls
			assertThat(took).isLessThan(DELAY.multipliedBy(4));
		}
		finally {
			callers.shutdownNow();
		}
	}

	@Test
	void requestsMetricWhenTheAnswerWaitedThenCountedOnceAs401() throws Exception {
		Map<String, String> labels = Map.of("route", "GET /V1/store/storeConfigs", "status", "401", "caller",
				"anonymous");
		Map<String, String> http = Map.of("uri", "/rest/V1/store/storeConfigs", "status", "401");
		// a call counted when the request thread left it, before its answer, would show here as a 200
		Map<String, String> early = Map.of("route", "GET /V1/store/storeConfigs", "status", "200", "caller",
				"anonymous");
		AdminApi admin = new AdminApi(node.http());
		Scrape before = Scrape.of(node.http(), admin);

		assertThat(ScribeOAuthClient.call(Verb.GET, node.http().url("/rest/V1/store/storeConfigs"), forged(), null)
			.status()).isEqualTo(401);

		// counted when the answer is complete, which the client may see a moment before
		Eventually.within(Duration.ofSeconds(5), "the delayed 401 counted",
				() -> Scrape.of(node.http(), admin).value("keyway_requests_total", labels) == before
					.value("keyway_requests_total", labels) + 1);
		Thread.sleep(200);
		Scrape after = Scrape.of(node.http(), admin);
		assertThat(after.value("keyway_requests_total", labels)).isEqualTo(before.value("keyway_requests_total", labels) + 1);
		assertThat(after.value("http_server_requests_seconds_count", http))
			.isEqualTo(before.value("http_server_requests_seconds_count", http) + 1);
		assertThat(after.value("keyway_requests_total", early)).isEqualTo(before.value("keyway_requests_total", early));
	}

	private static OAuthClientCredentials forged() {
		return new OAuthClientCredentials(client.consumerKey(), "wrong-secret", client.accessToken(),
				client.accessTokenSecret());
	}

}
