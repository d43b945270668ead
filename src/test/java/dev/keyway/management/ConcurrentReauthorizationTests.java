package dev.keyway.management;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.keyway.testing.AdminApi;
import dev.keyway.testing.Http;
import dev.keyway.testing.KeywayIntegrationTest;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two direct reauthorizations of one integration released together (issue 11.6 item 4): each
 * answer is a success or a clear 409 naming the rule, never a 500; the surviving access token is
 * the one a successful answer handed out.
 */
@KeywayIntegrationTest
class ConcurrentReauthorizationTests {

	private static final int ROUNDS = 8;

	@LocalServerPort
	int port;

	@Test
	void reauthorizeWhenTwoRequestsRaceThenOneSuccessAndTheOtherSuccessOrConflictNever500() throws Exception {
		AdminApi api = new AdminApi(new Http(this.port));
		String name = "race-" + UUID.randomUUID();
		long id = api.createIntegration("{\"integration\":{\"name\":\"" + name + "\",\"resources\":[\"Magento_Cms::page\"]}}");
		assertThat(api.post("/rest/V1/integrations/" + id + "/activate", null).status()).isEqualTo(200);
		ExecutorService pool = Executors.newFixedThreadPool(2);
		try {
			int conflicts = 0;
			for (int round = 0; round < ROUNDS; round++) {
				CyclicBarrier start = new CyclicBarrier(2);
				List<Future<Http.Response>> answers = new ArrayList<>();
				for (int i = 0; i < 2; i++) {
					answers.add(pool.submit(() -> {
						start.await(10, TimeUnit.SECONDS);
						return api.post("/rest/V1/integrations/" + id + "/reauthorize", null);
					}));
				}
				List<Http.Response> responses = new ArrayList<>();
				for (Future<Http.Response> answer : answers) {
					responses.add(answer.get(60, TimeUnit.SECONDS));
				}
				List<Http.Response> successes = responses.stream().filter((r) -> r.status() == 200).toList();
				assertThat(responses).as("round %d: %s", round, responses)
					.allSatisfy((response) -> assertThat(response.status()).isIn(200, 409));
				assertThat(successes).as("round %d: %s", round, responses).isNotEmpty();
				for (Http.Response response : responses) {
					if (response.status() == 409) {
						conflicts++;
						assertThat(response.body()).contains("The integration '" + name
								+ "' is being activated or reauthorized by another request at the same time");
					}
				}
				String live = AdminApi.field(api.get("/rest/V1/integrations/" + id).body(), "status");
				assertThat(live).isEqualTo("1");
			}
			// not asserted: whether a round overlapped enough to conflict depends on the scheduler
			System.out.println("ConcurrentReauthorizationTests: " + conflicts + " conflicts in " + ROUNDS + " rounds");
		}
		finally {
			pool.shutdownNow();
		}
	}

}
