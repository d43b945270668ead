package dev.keyway;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.keyway.testing.AdminApi;
import dev.keyway.testing.Http;
import dev.keyway.testing.KeywayIntegrationTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** Operator endpoints (issue 11.6 item 7): probes open, metrics behind a Bearer credential. */
@KeywayIntegrationTest
class OperationsSecurityTests {

	@LocalServerPort
	int port;

	@Autowired
	ScrapeCredentials credentials;

	@Test
	void prometheusWhenAnonymousThen401WithBearerChallenge() {
		Http.Response response = new Http(this.port).get("/actuator/prometheus");
		assertThat(response.status()).isEqualTo(401);
		assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
		assertThat(response.body()).doesNotContain("jvm_");
	}

	@Test
	void prometheusWhenUnknownOrMalformedBearerThen401() {
		Http http = new Http(this.port);
		assertThat(http.get("/actuator/prometheus", "Authorization", "Bearer 0123456789abcdefghijklmnopqrstuv").status())
			.isEqualTo(401);
		assertThat(http.get("/actuator/prometheus", "Authorization", "Bearer nope").status()).isEqualTo(401);
	}

	@Test
	void prometheusWhenAdminTokenThen200WithMetrics() {
		Http http = new Http(this.port);
		AdminApi api = new AdminApi(http);
		Http.Response response = http.get("/actuator/prometheus", "Authorization", "Bearer " + api.token());
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.body()).contains("jvm_memory_used_bytes");
	}

	@Test
	void healthAndReadinessWhenAnonymousThenStillOpen() {
		Http http = new Http(this.port);
		assertThat(http.get("/actuator/health").status()).isEqualTo(200);
		assertThat(http.get("/actuator/health/readiness").status()).isEqualTo(200);
		assertThat(http.get("/actuator/health/liveness").status()).isEqualTo(200);
	}

	@Test
	void principalWhenScrapeTokenConfiguredThenAcceptedAndOthersRefused() {
		String token = "scrape-token-of-at-least-32-characters-0123";
		ScrapeCredentials configured = new ScrapeCredentials(new MetricsProperties(token), null);
		assertThat(configured.principal(token)).contains("metrics-scraper");
		assertThat(configured.principal(token + "x")).isEqualTo(Optional.empty());
		assertThat(configured.principal("")).isEmpty();
		assertThat(this.credentials.principal(token)).isEmpty();
	}

	@Test
	void metricsPropertiesWhenTokenTooShortThenRefusedNamingTheRule() {
		assertThatIllegalArgumentException().isThrownBy(() -> new MetricsProperties("short"))
			.withMessage("keyway.metrics.token must have at least 32 characters; got 5");
		assertThat(new MetricsProperties("  ").token()).isNull();
	}

}
