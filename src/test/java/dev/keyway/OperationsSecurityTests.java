package dev.keyway;

import org.junit.jupiter.api.Test;

import dev.keyway.testing.AdminApi;
import dev.keyway.testing.Http;
import dev.keyway.testing.KeywayIntegrationTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jdbc.health.DataSourceHealthIndicator;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/** Operator endpoints (issue 11.6 item 7): probes open, metrics behind a Bearer credential. */
@KeywayIntegrationTest
class OperationsSecurityTests {

	@Autowired
	ApplicationContext context;

	@LocalServerPort
	int port;

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
	void healthWhenContextStartsThenTheDatabaseCheckIsKeywaysThatLogsAnOutageOnce() {
		// an operator's trial: Spring's own check logged a stack trace at every probe while the database was away
		assertThat(this.context.getBean("dbHealthIndicator")).isInstanceOf(DatabaseHealth.class);
		assertThat(this.context.getBeanNamesForType(DataSourceHealthIndicator.class))
			.containsExactly("dbHealthIndicator");
	}

}
