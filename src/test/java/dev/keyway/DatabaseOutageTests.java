package dev.keyway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.keyway.testing.AdminApi;
import dev.keyway.testing.GoogleOAuthClient;
import dev.keyway.testing.Http;
import dev.keyway.testing.Eventually;
import dev.keyway.testing.KeywayNode;
import dev.keyway.testing.OAuthClientCredentials;
import dev.keyway.testing.TestDatabases;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PostgreSQL goes away under a running node (issue 6): calls get a clear 503 quickly, health turns
 * DOWN, and when the database returns the node recovers by itself, without a restart.
 */
@EnabledIfSystemProperty(named = "keyway-test.database", matches = "postgres")
@ExtendWith(OutputCaptureExtension.class)
class DatabaseOutageTests {

	private EmbeddedPostgres postgres;

	private KeywayNode node;

	@AfterEach
	void stop() throws IOException {
		if (this.node != null) {
			this.node.close();
		}
		if (this.postgres != null) {
			this.postgres.close();
		}
	}

	@Test
	void callWhenDatabaseStopsThen503AndHealthDownAndRecoveryAfterRestart(CapturedOutput output) throws Exception {
		int port = freePort();
		Path data = Files.createTempDirectory("keyway-outage-pg-");
		this.postgres = startPostgres(port, data);
		byte[] key = new byte[32];
		new SecureRandom().nextBytes(key);
		this.node = KeywayNode.start(new TestDatabases.Database(this.postgres.getJdbcUrl("postgres", "postgres"),
				"postgres", "postgres"), Base64.getEncoder().encodeToString(key), Map.of());
		AdminApi admin = new AdminApi(this.node.http());
		long id = admin.createIntegration("{\"name\":\"outage " + UUID.randomUUID()
				+ "\",\"resources\":[\"Magento_Sales::actions_view\"]}");
		Http.Response activation = admin.post("/rest/V1/integrations/" + id + "/activate", "{}");
		OAuthClientCredentials credentials = new OAuthClientCredentials(AdminApi.field(activation.body(), "consumer_key"),
				AdminApi.field(activation.body(), "consumer_secret"), AdminApi.field(activation.body(), "access_token"),
				AdminApi.field(activation.body(), "access_token_secret"));
		String path = "/rest/V1/orders/4";
		assertThat(GoogleOAuthClient.call("GET", this.node.url(path), credentials, null).status()).isEqualTo(200);

		this.postgres.close();
		this.postgres = null;
		long start = System.nanoTime();
		Http.Response during = GoogleOAuthClient.call("GET", this.node.url(path), credentials, null);
		long millis = (System.nanoTime() - start) / 1_000_000;
		Http.Response health = this.node.http().get("/actuator/health");
		Http.Response adminPage = this.node.http().get("/admin/login");

		System.out.printf("Signed call with the database down: HTTP %d in %d ms%n", during.status(), millis);
		assertThat(during.status()).as(during.body()).isEqualTo(503);
		assertThat(during.body()).contains("temporarily unavailable").doesNotContain("Exception").doesNotContain("at ");
		assertThat(millis).isLessThan(15_000);
		// an admin page says so, instead of "Something went wrong" (an operator's trial)
		assertThat(adminPage.status()).as(adminPage.body()).isEqualTo(503);
		assertThat(adminPage.body()).contains("The database is not answering").doesNotContain("Exception");
		assertThat(health.status()).isEqualTo(503);
		assertThat(health.body()).contains("\"status\":\"DOWN\"");

		this.postgres = startPostgres(port, data);
		long recovered = waitForRecovery(path, credentials);

		System.out.printf("Recovered %d ms after the database came back%n", recovered);
		assertThat(this.node.http().get("/actuator/health").body()).contains("\"status\":\"UP\"");
		// an operator trial counted ~20 WARN lines of the pool at once, one per pooled connection, beside
		// Keyway's own line per outage (docs/DEPLOYMENT.md § 5: "without flooding")
		assertThat(output.getOut().lines().filter((line) -> line.contains(" WARN ") && line.contains("com.zaxxer.hikari")
				|| line.contains("marked as broken") || line.contains("Failed to validate connection")))
			.isEmpty();
	}

	private long waitForRecovery(String path, OAuthClientCredentials credentials) {
		return Eventually.within(Duration.ofSeconds(60), "recovered after the database came back", () -> {
			try {
				return GoogleOAuthClient.call("GET", this.node.url(path), credentials, null).status() == 200;
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		});
	}

	private static EmbeddedPostgres startPostgres(int port, Path data) throws IOException {
		return EmbeddedPostgres.builder().setPort(port).setDataDirectory(data).setCleanDataDirectory(false).start();
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
