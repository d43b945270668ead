package dev.keyway.webhooks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.keyway.audit.Actor;
import dev.keyway.integration.IntegrationService;
import dev.keyway.integration.IpAllowList;
import dev.keyway.testing.AdminApi;
import dev.keyway.testing.Eventually;
import dev.keyway.testing.Http;
import dev.keyway.testing.KeywayNode;
import dev.keyway.testing.OAuthClientCredentials;
import dev.keyway.testing.SignedCalls;
import dev.keyway.testing.TestDatabases;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Lifecycle webhooks at an integration's own Callback URL (issue 17.5): one node with the operator's
 * webhooks on as well, so that every test can see that the event happened; receivers in the test
 * check signatures with BouncyCastle, keyed with the integration's consumer secret, and one
 * signature is checked again with {@code openssl dgst -hmac} in a process.
 */
class IntegrationCallbackWebhookTests {

	static final String SECRET = "test-webhook-secret-" + UUID.randomUUID();

	static final Duration WAIT = Duration.ofSeconds(30);

	static WebhookReceiver operator;

	static KeywayNode node;

	static AdminApi admin;

	@BeforeAll
	static void start() throws IOException {
		operator = new WebhookReceiver(SECRET);
		// the operator's list admits 10.0.0.0/8: an integration's callback must not inherit it
		node = KeywayNode.start(TestDatabases.newDatabase(), WebhookDeliveryTests.masterKey(),
				Map.of("keyway.webhooks.url", operator.url(), "keyway.webhooks.secret", SECRET,
						"keyway.webhooks.allowed-networks", "127.0.0.0/8,10.0.0.0/8", "keyway.webhooks.poll-interval",
						"PT0.05S", "keyway.webhooks.initial-backoff", "PT0.2S", "keyway.webhooks.max-backoff", "PT0.5S",
						"keyway.webhooks.max-attempts", 3, "keyway.webhooks.expiry-scan-interval", "PT1H"));
		admin = new AdminApi(node.http());
	}

	@AfterAll
	static void stop() {
		if (node != null) {
			node.close();
		}
		if (operator != null) {
			operator.close();
		}
	}

	@Test
	void eventsWhenLifecycleWebhooksOnThenSignedWithConsumerSecretAtCallbackButNotDeleted() throws Exception {
		String name = unique("on");
		long id = admin.createIntegration("{\"name\":\"" + name + "\",\"all_resources\":true,\"lifecycle_webhooks\":true}");
		String activation = admin.post("/rest/V1/integrations/" + id + "/activate", "{}").body();
		String consumerSecret = AdminApi.field(activation, "consumer_secret");
		awaitOperator(name, WebhookTypes.ACTIVATED);
		try (WebhookReceiver callback = new WebhookReceiver(consumerSecret)) {
			assertThat(admin.put("/rest/V1/integrations/" + id,
					"{\"integration\":{\"endpoint\":\"" + callback.url() + "\"}}").status()).isEqualTo(200);

			String reauthorized = admin.post("/rest/V1/integrations/" + id + "/reauthorize",
					"{\"grace_period_seconds\":600}").body();
			await(callback, name, WebhookTypes.REAUTHORIZED);
			assertThat(admin.delete("/rest/V1/integrations/" + id + "/previous-token").status()).isEqualTo(200);
			await(callback, name, WebhookTypes.ROTATION_GRACE_ENDED);
			node.bean(IntegrationService.class)
				.setGuardrails(id, IpAllowList.anywhere(), Instant.now().plus(Duration.ofDays(2)), Actor.system("test"));
			node.bean(ExpiryWebhooks.class).scan();
			await(callback, name, WebhookTypes.EXPIRING);
			assertThat(admin.put("/rest/V1/integrations/" + id,
					"{\"integration\":{\"rate_limit\":{\"per_second\":1,\"per_minute\":0,\"burst\":1}}}").status())
				.isEqualTo(200);
			OAuthClientCredentials credentials = new OAuthClientCredentials(AdminApi.field(reauthorized, "consumer_key"),
					consumerSecret, AdminApi.field(reauthorized, "access_token"),
					AdminApi.field(reauthorized, "access_token_secret"));
			Eventually.within(WAIT, "a 429 for " + name, () -> SignedCalls.call(SignedCalls.Library.SCRIBE, "GET",
					node.url("/rest/V1/orders/4"), credentials, null).status() == 429);
			await(callback, name, WebhookTypes.RATE_LIMITED);
			assertThat(admin.delete("/rest/V1/integrations/" + id).status()).isEqualTo(200);
			awaitOperator(name, WebhookTypes.DELETED);

			List<WebhookReceiver.Received> received = callback.about(name);
			assertThat(received).extracting(WebhookDeliveryTests::type)
				.containsExactlyInAnyOrder(WebhookTypes.REAUTHORIZED, WebhookTypes.ROTATION_GRACE_ENDED,
						WebhookTypes.EXPIRING, WebhookTypes.RATE_LIMITED);
			assertThat(received).allMatch(WebhookReceiver.Received::signatureValid);
			assertThat(received).noneMatch((request) -> request.body().contains(consumerSecret));
			WebhookReceiver.Received first = received.get(0);
			assertThat(openssl(consumerSecret, first.timestamp() + "." + first.body()))
				.isEqualTo(first.signature().substring(first.signature().indexOf("v1=") + 3));
			// the operator's copy is a delivery of its own: another event id, the operator's key
			WebhookReceiver.Received operatorCopy = awaitOperator(name, WebhookDeliveryTests.type(first));
			assertThat(operatorCopy.eventId()).isNotEqualTo(first.eventId());
			assertThat(operatorCopy.signatureValid()).isTrue();
			assertThat(node.bean(WebhookDeliveries.class).list(new DeliveryFilter(null, null, id), 50, 0))
				.filteredOn((delivery) -> "integration".equals(delivery.target()))
				.extracting(WebhookDelivery::status)
				.hasSize(4)
				.containsOnly("delivered");
			// the key never rests in the outbox, in the clear or otherwise
			assertThat(node.bean(JdbcClient.class)
				.sql("SELECT payload || ' ' || COALESCE(last_error, '') || ' ' || COALESCE(dedupe_key, '') FROM webhook_outbox")
				.query(String.class)
				.list()).isNotEmpty().noneMatch((row) -> row.contains(consumerSecret));
		}
	}

	@Test
	void eventsWhenLifecycleWebhooksOffThenCallbackReceivesNothing() throws Exception {
		String name = unique("off");
		try (WebhookReceiver callback = new WebhookReceiver("unused-" + UUID.randomUUID())) {
			long id = admin.createIntegration("{\"name\":\"" + name + "\",\"all_resources\":true,\"endpoint\":\""
					+ callback.url() + "\"}");
			admin.post("/rest/V1/integrations/" + id + "/activate", "{}");
			admin.post("/rest/V1/integrations/" + id + "/reauthorize", "{}");

			awaitOperator(name, WebhookTypes.REAUTHORIZED);
			// rows go oldest first: a marker queued after both is sent after them
			String marker = unique("marker after off");
			enqueue(WebhookTypes.DELETED, 900_101, marker);
			awaitOperator(marker, WebhookTypes.DELETED);
			assertThat(callback.received()).isEmpty();
			assertThat(node.bean(WebhookDeliveries.class).list(new DeliveryFilter(null, null, id), 50, 0))
				.extracting(WebhookDelivery::target)
				.containsOnly("operator");
		}
	}

	@Test
	void deliverWhenCallbackPrivateAndNotAllowedForCallbacksThenRefusedNamingTheCallbacksProperty() {
		String name = unique("private");
		long id = admin.createIntegration("{\"name\":\"" + name + "\",\"all_resources\":true,"
				+ "\"endpoint\":\"http://10.1.2.3:9/keyway?token=abc\",\"lifecycle_webhooks\":true}");

		assertThat(admin.post("/rest/V1/integrations/" + id + "/activate", "{}").status()).isEqualTo(200);

		WebhookDeliveries deliveries = node.bean(WebhookDeliveries.class);
		Eventually.within(WAIT, "a refused attempt of " + name, () -> deliveries
			.list(new DeliveryFilter(null, null, id), 10, 0)
			.stream()
			.anyMatch((delivery) -> "integration".equals(delivery.target()) && delivery.lastError() != null));
		WebhookDelivery refused = deliveries.list(new DeliveryFilter(null, null, id), 10, 0)
			.stream()
			.filter((delivery) -> "integration".equals(delivery.target()))
			.findFirst()
			.orElseThrow();
		assertThat(refused.lastError()).contains("10.1.2.3", "keyway.callbacks.allowed-networks")
			.doesNotContain("keyway.webhooks.allowed-networks")
			.doesNotContain("token=abc");
		assertThat(refused.lastStatus()).isNull();
		assertThat(refused.status()).isNotEqualTo("delivered");
	}

	@Test
	void cleanWhenRowsFinishedBeforeRetentionThenOnlyThoseDeleted() {
		JdbcClient jdbc = node.bean(JdbcClient.class);
		Instant old = Instant.now().minus(Duration.ofDays(31));
		Instant recent = Instant.now().minus(Duration.ofDays(29));
		long integration = 900_200;
		insert(jdbc, integration, "delivered", old, null);
		insert(jdbc, integration, "failed", old, null);
		insert(jdbc, integration, "delivered", recent, null);
		// pending and old, leased far ahead so that the worker leaves it alone
		insert(jdbc, integration, "pending", old, Instant.now().plus(Duration.ofDays(1)));

		int deleted = node.bean(OutboxRetention.class).clean();
		int again = node.bean(OutboxRetention.class).clean();

		assertThat(deleted).isGreaterThanOrEqualTo(2);
		assertThat(again).isZero();
		assertThat(jdbc.sql("SELECT status, next_attempt_at FROM webhook_outbox WHERE integration_id = :id ORDER BY id")
			.param("id", integration)
			.query((rs, n) -> rs.getString("status") + "@" + rs.getTimestamp("next_attempt_at").toInstant().isBefore(
					Instant.now().minus(Duration.ofDays(30))))
			.list()).containsExactly("delivered@false", "pending@true");
	}

	@Test
	void managementApiWhenLifecycleWebhooksSetThenShownAndBadValueRefusedWithRuleAndValue() {
		String name = unique("api");
		long id = admin.createIntegration("{\"name\":\"" + name + "\",\"all_resources\":true,\"lifecycle_webhooks\":true}");
		String path = "/rest/V1/integrations/" + id;

		assertThat(AdminApi.field(admin.get(path).body(), "lifecycle_webhooks")).isEqualTo("true");
		Http.Response bad = admin.put(path, "{\"integration\":{\"lifecycle_webhooks\":\"maybe\"}}");
		assertThat(bad.status()).isEqualTo(400);
		assertThat(bad.body()).contains("\\\"lifecycle_webhooks\\\" must be true or false; got", "maybe");
		assertThat(AdminApi.field(admin.get(path).body(), "lifecycle_webhooks")).isEqualTo("true");
		Http.Response off = admin.put(path, "{\"integration\":{\"lifecycle_webhooks\":false}}");
		assertThat(AdminApi.field(off.body(), "lifecycle_webhooks")).isEqualTo("false");
		// a PUT without the field keeps it
		admin.put(path, "{\"integration\":{\"lifecycle_webhooks\":true}}");
		assertThat(AdminApi.field(admin.put(path, "{\"integration\":{\"email\":\"a@example.com\"}}").body(),
				"lifecycle_webhooks")).isEqualTo("true");
		assertThat(admin.get("/rest/V1/integrations?searchCriteria[pageSize]=200").body())
			.contains("\"name\":\"" + name + "\"");
		assertThat(admin.put(path, "{\"integration\":{\"lifecycle_webhook\":true}}").status()).isEqualTo(400);
	}

	// ---- helpers ----

	static void insert(JdbcClient jdbc, long integrationId, String status, Instant at, Instant lockedUntil) {
		jdbc.sql("""
				INSERT INTO webhook_outbox (event_id, type, integration_id, integration_name, payload, target, status,
				    created_at, next_attempt_at, attempts, locked_by, locked_until)
				VALUES (:eventId, 'integration.deleted', :integrationId, 'retention', '{}', 'operator', :status, :at, :at, 1,
				    :lockedBy, :lockedUntil)
				""")
			.param("eventId", UUID.randomUUID())
			.param("integrationId", integrationId)
			.param("status", status)
			.param("at", Timestamp.from(at))
			.param("lockedBy", (lockedUntil != null) ? "test" : null, java.sql.Types.VARCHAR)
			.param("lockedUntil", (lockedUntil != null) ? Timestamp.from(lockedUntil) : null, java.sql.Types.TIMESTAMP)
			.update();
	}

	/** The hex HMAC-SHA256 of {@code text} computed by openssl in a process of its own. */
	static String openssl(String key, String text) throws IOException, InterruptedException {
		Process process = new ProcessBuilder("openssl", "dgst", "-sha256", "-hmac", key, "-hex").start();
		try (OutputStream in = process.getOutputStream()) {
			in.write(text.getBytes(StandardCharsets.UTF_8));
		}
		String out;
		try (InputStream stdout = process.getInputStream()) {
			out = new String(stdout.readAllBytes(), StandardCharsets.UTF_8).strip();
		}
		assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as(out).isZero();
		return out.substring(out.lastIndexOf(' ') + 1);
	}

	static UUID enqueue(String type, long integrationId, String name) {
		WebhookOutbox outbox = node.bean(WebhookOutbox.class);
		return node.bean(org.springframework.transaction.support.TransactionTemplate.class)
			.execute((status) -> outbox.enqueue(type, integrationId, name, Map.of()));
	}

	static WebhookReceiver.Received await(WebhookReceiver receiver, String name, String type) {
		Eventually.within(WAIT, type + " of " + name + " received",
				() -> receiver.about(name).stream().anyMatch((request) -> request.ofType(type)));
		return receiver.about(name).stream().filter((request) -> request.ofType(type)).findFirst().orElseThrow();
	}

	static WebhookReceiver.Received awaitOperator(String name, String type) {
		return await(operator, name, type);
	}

	static String unique(String what) {
		return "callback " + what + " " + UUID.randomUUID();
	}

}
