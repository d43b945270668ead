package dev.keyway.health;

import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.google.api.client.auth.oauth.OAuthHmacSha256Signer;
import com.google.api.client.auth.oauth.OAuthParameters;
import com.google.api.client.http.GenericUrl;

import dev.keyway.testing.AdminApi;
import dev.keyway.testing.Eventually;
import dev.keyway.testing.Http;
import dev.keyway.testing.KeywayIntegrationTest;
import dev.keyway.testing.OAuthClientCredentials;
import dev.keyway.testing.SignedCalls;
import dev.keyway.testing.TestClock;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 16: counts since creation ({@code requests_total}, {@code refusals_total}) are kept by the
 * batched writer apart from the 24 h buckets: two days later (TestClock) the 24 h counts are empty,
 * the hour rows are deleted, the totals are not; each refusal record names the node that refused it.
 * Calls are signed by google-oauth-client; the health is read from the bean (an admin token would
 * have expired two days later).
 */
@KeywayIntegrationTest
class HealthTotalsTests {

	private static final String PRODUCT = "/rest/V1/products/SP-TN-003";

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	TestClock clock;

	@Autowired
	IntegrationHealth health;

	@AfterEach
	void resetClock() {
		this.clock.reset();
	}

	/** A GET signed by google-oauth-client, with the right or a wrong token secret, timestamped by the test clock. */
	private Http.Response call(Http http, OAuthClientCredentials client, boolean rightSecret)
			throws GeneralSecurityException {
		OAuthHmacSha256Signer signer = new OAuthHmacSha256Signer(client.consumerSecret());
		signer.setTokenSecret(rightSecret ? client.accessTokenSecret() : "t".repeat(32));
		OAuthParameters oauth = new OAuthParameters();
		oauth.consumerKey = client.consumerKey();
		oauth.token = client.accessToken();
		oauth.signer = signer;
		oauth.nonce = "n" + UUID.randomUUID();
		oauth.timestamp = Long.toString(this.clock.instant().getEpochSecond());
		oauth.computeSignature("GET", new GenericUrl(http.url(PRODUCT)));
		return http.get(PRODUCT, "Authorization", oauth.getAuthorizationHeader());
	}

	@Test
	void healthWhenTwoDaysPassThenTwentyFourHourCountsEmptyAndCountsSinceCreationKept() throws Exception {
		Http http = new Http(this.port);
		OAuthClientCredentials client = SignedCalls.integration(new AdminApi(http), "health-totals",
				List.of("Magento_Catalog::products"));
		long id = this.jdbc.sql("SELECT i.id FROM integrations i JOIN oauth_consumers c ON c.id = i.consumer_id "
				+ "WHERE c.consumer_key = :key")
			.param("key", client.consumerKey())
			.query(Long.class)
			.single();
		assertThat(call(http, client, true).status()).isEqualTo(200);
		assertThat(call(http, client, true).status()).isEqualTo(200);
		assertThat(call(http, client, false).status()).isEqualTo(401);
		Eventually.within(Duration.ofSeconds(20), "the calls are written", () -> {
			HealthSummary now = this.health.summary(id);
			return now.requestsTotal() == 2 && now.refusalsTotal().getOrDefault("bad_signature", 0L) == 1;
		});
		HealthSummary today = this.health.summary(id);
		assertThat(today.requests24h()).isEqualTo(2);
		assertThat(today.refusals24h()).containsExactlyEntriesOf(Map.of("bad_signature", 1L));
		assertThat(today.recentRefusals()).singleElement()
			.satisfies((refusal) -> assertThat(refusal.node()).as("the node's name").isNotBlank());

		// two days later one more refusal: the writer deletes the hour rows older than 48 h
		this.clock.shift(Duration.ofHours(49));
		assertThat(call(http, client, false).status()).isEqualTo(401);
		// the flush adds the totals, then deletes the old hour rows: wait for the end of that flush
		Eventually.within(Duration.ofSeconds(20), "the later refusal is written and the old hours forgotten",
				() -> this.health.summary(id).refusalsTotal().getOrDefault("bad_signature", 0L) == 2
						&& hourRows(id) == 0);
		HealthSummary later = this.health.summary(id);
		assertThat(later.requests24h()).isZero();
		assertThat(later.refusals24h()).containsExactlyEntriesOf(Map.of("bad_signature", 1L));
		assertThat(later.requestsTotal()).isEqualTo(2);
		assertThat(later.refusalsTotal()).containsExactlyEntriesOf(Map.of("bad_signature", 2L));
		assertThat(hourRows(id)).as("hour rows of two days ago are deleted").isZero();
		Map<String, Object> body = this.health.of(id);
		assertThat(body).containsEntry("requests_total", 2L)
			.containsEntry("refusals_total", Map.of("bad_signature", 2L))
			.containsEntry("requests_24h", 0L);
		assertThat((List<?>) body.get("recent_refusals")).allSatisfy(
				(item) -> assertThat(((Map<?, ?>) item).get("node")).isNotNull());
	}

	private long hourRows(long id) {
		return this.jdbc.sql("SELECT COUNT(*) FROM integration_usage_hours WHERE integration_id = :id")
			.param("id", id)
			.query(Long.class)
			.single();
	}

}
