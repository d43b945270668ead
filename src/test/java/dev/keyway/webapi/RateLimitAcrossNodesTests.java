package dev.keyway.webapi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicIntegerArray;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import dev.keyway.testing.AdminApi;
import dev.keyway.testing.GoogleOAuthClient;
import dev.keyway.testing.Http;
import dev.keyway.testing.KeywayNode;
import dev.keyway.testing.OAuthClientCredentials;
import dev.keyway.testing.TestDatabases;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two nodes on one PostgreSQL share an integration's rate limit (issue 17.2): a burst from many
 * threads, signed by google-oauth-client, spread over both nodes, is accepted no more often in total
 * than the limit allows, by both nodes, and every other call is a 429. H2 runs one node: skipped there.
 */
@EnabledIfSystemProperty(named = "keyway-test.database", matches = "postgres")
class RateLimitAcrossNodesTests {

	private static final int PER_MINUTE = 40;

	private static final int THREADS = 16;

	private static final int CALLS_PER_THREAD = 10;

	static KeywayNode a;

	static KeywayNode b;

	@BeforeAll
	static void startNodes() {
		TestDatabases.Database database = TestDatabases.newPostgresDatabase();
		byte[] key = new byte[32];
		new SecureRandom().nextBytes(key);
		String masterKey = Base64.getEncoder().encodeToString(key);
		a = KeywayNode.start(database, masterKey, Map.of());
		b = KeywayNode.start(database, masterKey, Map.of());
	}

	@AfterAll
	static void stopNodes() {
		for (KeywayNode node : new KeywayNode[] { a, b }) {
			if (node != null) {
				node.close();
			}
		}
	}

	@Test
	void burstWhenSpreadOverTwoNodesThenSumOfAcceptedWithinTheSharedLimit() throws Exception {
		AdminApi admin = new AdminApi(a.http());
		long id = admin.createIntegration("{\"name\":\"shared limit " + UUID.randomUUID()
				+ "\",\"resources\":[\"Magento_Sales::actions_view\"],\"rate_limit\":{\"per_minute\":" + PER_MINUTE + "}}");
		Http.Response activation = admin.post("/rest/V1/integrations/" + id + "/activate", "{}");
		OAuthClientCredentials credentials = new OAuthClientCredentials(
				AdminApi.field(activation.body(), "consumer_key"), AdminApi.field(activation.body(), "consumer_secret"),
				AdminApi.field(activation.body(), "access_token"), AdminApi.field(activation.body(), "access_token_secret"));

		// [node][0: 2xx, 1: 429, 2: anything else]
		AtomicIntegerArray counts = new AtomicIntegerArray(6);
		long firstMinute = Instant.now().getEpochSecond() / 60;
		ExecutorService threads = Executors.newFixedThreadPool(THREADS);
		try {
			List<Future<?>> done = new ArrayList<>();
			for (int t = 0; t < THREADS; t++) {
				int thread = t;
				done.add(threads.submit(() -> {
					for (int i = 0; i < CALLS_PER_THREAD; i++) {
						int node = (thread + i) % 2;
						int status = call((node == 0) ? a : b, credentials);
						int kind = (status / 100 == 2) ? 0 : (status == 429) ? 1 : 2;
						counts.incrementAndGet(node * 3 + kind);
					}
				}));
			}
			for (Future<?> future : done) {
				future.get();
			}
		}
		finally {
			threads.shutdownNow();
		}
		// a burst that crosses a clock minute may use two minutes' quota
		long minutes = Instant.now().getEpochSecond() / 60 - firstMinute + 1;

		int acceptedA = counts.get(0);
		int acceptedB = counts.get(3);
		System.out.printf("Shared rate limit of %d/min over two nodes: accepted %d on A, %d on B, 429 %d, other %d%n",
				PER_MINUTE, acceptedA, acceptedB, counts.get(1) + counts.get(4), counts.get(2) + counts.get(5));
		assertThat(counts.get(2) + counts.get(5)).as("answers neither 2xx nor 429").isZero();
		assertThat(acceptedA + acceptedB).isLessThanOrEqualTo((int) (PER_MINUTE * minutes));
		assertThat(acceptedA).isPositive();
		assertThat(acceptedB).isPositive();
		assertThat(counts.get(1) + counts.get(4)).isEqualTo(THREADS * CALLS_PER_THREAD - acceptedA - acceptedB);
	}

	private static int call(KeywayNode node, OAuthClientCredentials credentials) {
		try {
			return GoogleOAuthClient.call("GET", node.url("/rest/V1/orders/4"), credentials, null).status();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
