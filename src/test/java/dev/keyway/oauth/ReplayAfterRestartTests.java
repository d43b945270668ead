package dev.keyway.oauth;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import dev.keyway.testing.AdminApi;
import dev.keyway.testing.GoogleOAuthClient;
import dev.keyway.testing.Http;
import dev.keyway.testing.KeywayNode;
import dev.keyway.testing.OAuthClientCredentials;
import dev.keyway.testing.SignedRequests;
import dev.keyway.testing.TestDatabases;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A signed request captured before a restart is refused after it (issue 11.3, SPEC 4.6): on one
 * node with its H2 file database, and on PostgreSQL after an immediate stop, which makes it run
 * crash recovery (and so empty UNLOGGED tables) when it starts again. The replay is the exact same
 * request (same URL, port, body and Authorization header) inside the timestamp window.
 */
class ReplayAfterRestartTests {

	private static final String CREATE_BODY = "{\"integration\":{\"name\":\"created by a signed POST %s\","
			+ "\"resources\":[\"Magento_Integration::integrations\"]}}";

	private KeywayNode node;

	private EmbeddedPostgres postgres;

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
	@DisabledIfSystemProperty(named = "keyway-test.database", matches = "postgres")
	void replayWhenNodeRestartedOnSameH2FileDatabaseThenNonceAlreadyUsed() throws IOException {
		Path dataDir = Files.createTempDirectory("keyway-replay-h2-");
		TestDatabases.Database database = new TestDatabases.Database(
				"jdbc:h2:file:" + dataDir.resolve("keyway") + ";DB_CLOSE_ON_EXIT=FALSE;AUTO_RECONNECT=FALSE", "sa", "");
		String masterKey = masterKey();
		int port = freePort();

		assertReplayRefusedAfterRestart(database, masterKey, port, () -> {
		});
	}

	@Test
	@EnabledIfSystemProperty(named = "keyway-test.database", matches = "postgres")
	void replayWhenPostgresStoppedImmediatelyAndRestartedThenNonceAlreadyUsed() throws Exception {
		int postgresPort = freePort();
		Path data = Files.createTempDirectory("keyway-replay-pg-");
		this.postgres = startPostgres(postgresPort, data);
		TestDatabases.Database database = new TestDatabases.Database(
				this.postgres.getJdbcUrl("postgres", "postgres"), "postgres", "postgres");

		assertReplayRefusedAfterRestart(database, masterKey(), freePort(), () -> {
			stopImmediately(data);
			EmbeddedPostgres crashed = this.postgres;
			this.postgres = null;
			closeQuietly(crashed);
			this.postgres = startPostgres(postgresPort, data);
		});
	}

	/**
	 * Node 1 accepts a signed POST; node 1 stops, {@code between} runs (the database restarts), node
	 * 2 starts on the same database and port and receives the same request again.
	 */
	private void assertReplayRefusedAfterRestart(TestDatabases.Database database, String masterKey, int port,
			ThrowingRunnable between) throws IOException {
		Map<String, Object> properties = Map.of("server.port", port);
		this.node = KeywayNode.start(database, masterKey, properties);
		AdminApi admin = new AdminApi(this.node.http());
		long id = admin.createIntegration("{\"name\":\"replay after restart " + UUID.randomUUID()
				+ "\",\"resources\":[\"Magento_Integration::integrations\",\"Keyway_Integration::manage\"]}");
		Http.Response activation = admin.post("/rest/V1/integrations/" + id + "/activate", "{}");
		assertThat(activation.status()).as(activation.body()).isEqualTo(200);
		OAuthClientCredentials credentials = new OAuthClientCredentials(AdminApi.field(activation.body(), "consumer_key"),
				AdminApi.field(activation.body(), "consumer_secret"), AdminApi.field(activation.body(), "access_token"),
				AdminApi.field(activation.body(), "access_token_secret"));
		long consumerId = Long.parseLong(AdminApi.field(admin.get("/rest/V1/integrations/" + id).body(), "consumer_id"));
		String url = this.node.url("/rest/V1/integrations");
		String body = CREATE_BODY.formatted(UUID.randomUUID());
		// google-oauth-client signs; the header is kept to be sent again byte for byte
		String authorization = SignedRequests.sign(SignedRequests.sha256(credentials.consumerKey(),
				credentials.consumerSecret(), credentials.accessToken(), credentials.accessTokenSecret()), "POST", url);
		Http.Response first = post(url, body, authorization);
		assertThat(first.status()).as(first.body()).isEqualTo(200);

		this.node.close();
		this.node = null;
		try {
			between.run();
		}
		catch (Exception ex) {
			throw new IllegalStateException("Restarting the database failed: " + ex, ex);
		}
		this.node = KeywayNode.start(database, masterKey, properties);
		assertThat(this.node.url("/rest/V1/integrations")).isEqualTo(url);

		Http.Response replay = post(url, body, authorization);
		Http.Response fresh = GoogleOAuthClient.call("GET", this.node.url("/rest/V1/integrations"), credentials,
				null);

		assertThat(replay.status()).as("the replayed POST: " + replay.body()).isEqualTo(401);
		assertThat(replay.body()).isEqualTo("{\"message\":\"The nonce is already being used by the consumer with ID %1\","
				+ "\"parameters\":[\"" + consumerId + "\"]}");
		assertThat(fresh.status()).as("a freshly signed call after the restart: " + fresh.body()).isEqualTo(200);
	}

	private static Http.Response post(String url, String body, String authorization) {
		return new Http(0).send("POST", url, body, "Authorization", authorization, "Accept", "application/json");
	}

	/**
	 * {@code pg_ctl stop -m immediate} sends the postmaster SIGQUIT: every process quits at once,
	 * without a checkpoint, and the next start runs crash recovery (which resets UNLOGGED tables).
	 * Sent directly, because zonky's pg_ctl is in a directory it does not expose.
	 */
	private static void stopImmediately(Path data) throws IOException, InterruptedException {
		String pidFile = Files.readString(data.resolve("postmaster.pid"), StandardCharsets.US_ASCII);
		long pid = Long.parseLong(pidFile.lines().findFirst().orElseThrow().strip());
		ProcessHandle postmaster = ProcessHandle.of(pid)
			.orElseThrow(() -> new IllegalStateException("No postmaster with pid " + pid));
		Process kill = new ProcessBuilder("kill", "-QUIT", Long.toString(pid)).inheritIO().start();
		assertThat(kill.waitFor()).as("kill -QUIT %d", pid).isZero();
		postmaster.onExit().orTimeout(30, TimeUnit.SECONDS).join();
	}

	private static void closeQuietly(EmbeddedPostgres stopped) {
		try {
			stopped.close();
		}
		catch (IOException | RuntimeException ex) {
			// already stopped by SIGQUIT; zonky's own stop may complain
		}
	}

	/**
	 * zonky turns {@code synchronous_commit} off for speed, so an immediate stop may lose the last
	 * commits of every table; production runs with PostgreSQL's default, on (docs/DEPLOYMENT.md).
	 */
	private static EmbeddedPostgres startPostgres(int port, Path data) throws IOException {
		return EmbeddedPostgres.builder()
			.setPort(port)
			.setDataDirectory(data)
			.setCleanDataDirectory(false)
			.setServerConfig("synchronous_commit", "on")
			.start();
	}

	private static String masterKey() {
		byte[] key = new byte[32];
		new SecureRandom().nextBytes(key);
		return Base64.getEncoder().encodeToString(key);
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	@FunctionalInterface
	private interface ThrowingRunnable {

		void run() throws Exception;

	}

}
