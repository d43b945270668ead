package dev.keyway.webhooks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import dev.keyway.testing.AdminApi;
import dev.keyway.testing.Eventually;
import dev.keyway.testing.KeywayNode;
import dev.keyway.testing.TestDatabases;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node dies with webhooks committed but not (or not knowingly) delivered; the next node on the same
 * database delivers them. Event A is on the wire when the node stops (the receiver holds its answer
 * until then, so the node never learns it was delivered); event B was committed while the node's only
 * delivery thread was busy with A, so it was never sent. After the restart the receiver gets B once,
 * and A again once its lease has run out: at least once on the wire, exactly once handled (the
 * receiver dedupes by event id).
 */
class WebhookCrashTests {

	private static final String SECRET = "crash-test-webhook-secret-" + UUID.randomUUID();

	private KeywayNode node;

	private WebhookReceiver receiver;

	@AfterEach
	void stop() {
		if (this.node != null) {
			this.node.close();
		}
		if (this.receiver != null) {
			this.receiver.close();
		}
	}

	@Test
	@DisabledIfSystemProperty(named = "keyway-test.database", matches = "postgres")
	void deliverWhenNodeStoppedBeforeRecordingThenNextNodeOnSameH2FileDeliversExactlyOncePerEventId()
			throws Exception {
		Path dataDir = Files.createTempDirectory("keyway-webhooks-h2-");
		assertDeliveredAfterRestart(new TestDatabases.Database(
				"jdbc:h2:file:" + dataDir.resolve("keyway") + ";DB_CLOSE_ON_EXIT=FALSE;AUTO_RECONNECT=FALSE", "sa", ""));
	}

	@Test
	@EnabledIfSystemProperty(named = "keyway-test.database", matches = "postgres")
	void deliverWhenNodeStoppedBeforeRecordingThenNextNodeOnSamePostgresDeliversExactlyOncePerEventId()
			throws Exception {
		assertDeliveredAfterRestart(TestDatabases.newDatabase());
	}

	private void assertDeliveredAfterRestart(TestDatabases.Database database) throws IOException, InterruptedException {
		String nameA = "crash on the wire " + UUID.randomUUID();
		String nameB = "crash never sent " + UUID.randomUUID();
		CountDownLatch hold = new CountDownLatch(1);
		this.receiver = new WebhookReceiver(SECRET);
		this.receiver.answer((request) -> {
			if (request.about(nameA) && this.receiver.about(nameA).size() == 1) {
				await(hold);
			}
			return 200;
		});
		String masterKey = WebhookDeliveryTests.masterKey();
		Map<String, Object> properties = Map.of("keyway.webhooks.url", this.receiver.url(), "keyway.webhooks.secret",
				SECRET, "keyway.webhooks.allowed-networks", "127.0.0.0/8", "keyway.webhooks.poll-interval", "PT0.05S",
				"keyway.webhooks.timeout", "PT5S", "keyway.webhooks.lease", "PT6S");

		this.node = KeywayNode.start(database, masterKey, properties);
		AdminApi admin = new AdminApi(this.node.http());
		activate(admin, nameA);
		Eventually.within(Duration.ofSeconds(20), "event A on the wire", () -> this.receiver.about(nameA).size() == 1);
		activate(admin, nameB);
		this.node.close();
		this.node = null;
		hold.countDown();
		assertThat(this.receiver.about(nameB)).as("B was committed while the only delivery thread was busy").isEmpty();

		this.node = KeywayNode.start(database, masterKey, properties);

		Eventually.within(Duration.ofSeconds(30), "A and B delivered after the restart",
				() -> this.receiver.about(nameA).size() == 2 && this.receiver.about(nameB).size() == 1);
		List<WebhookReceiver.Received> wireA = this.receiver.about(nameA);
		assertThat(wireA).allMatch(WebhookReceiver.Received::signatureValid);
		assertThat(wireA.get(1).eventId()).isEqualTo(wireA.get(0).eventId());
		assertThat(this.receiver.processed()).contains(wireA.get(0).eventId(),
				this.receiver.about(nameB).get(0).eventId());
		WebhookDeliveries deliveries = this.node.bean(WebhookDeliveries.class);
		Eventually.within(Duration.ofSeconds(10), "both recorded as delivered",
				() -> deliveries.list(new DeliveryFilter("delivered", WebhookTypes.ACTIVATED, null), 10, 0).size() == 2);
		// nothing more arrives once both are recorded as delivered
		assertThat(deliveries.list(new DeliveryFilter("pending", null, null), 10, 0)).isEmpty();
		assertThat(this.receiver.about(nameA)).hasSize(2);
		assertThat(this.receiver.about(nameB)).hasSize(1);
	}

	private static void activate(AdminApi admin, String name) {
		long id = admin.createIntegration("{\"name\":\"" + name + "\",\"resources\":[\"Magento_Integration::integrations\"]}");
		assertThat(admin.post("/rest/V1/integrations/" + id + "/activate", "{}").status()).isEqualTo(200);
	}

	private static void await(CountDownLatch hold) {
		try {
			hold.await(60, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
