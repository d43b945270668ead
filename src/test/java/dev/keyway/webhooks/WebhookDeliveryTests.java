package dev.keyway.webhooks;

import java.io.IOException;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.keyway.audit.Actor;
import dev.keyway.integration.IntegrationService;
import dev.keyway.integration.IpAllowList;
import dev.keyway.outbound.OutboundPolicy;
import dev.keyway.outbound.OutboundRefusedException;
import dev.keyway.testing.AdminApi;
import dev.keyway.testing.Eventually;
import dev.keyway.testing.FakeThirdParty;
import dev.keyway.testing.GoogleOAuthClient;
import dev.keyway.testing.KeywayNode;
import dev.keyway.testing.TestDatabases;

import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Operator webhooks end to end (issue 17.5): one node with {@code keyway.webhooks.url} pointing at
 * a receiver in the test, which verifies every signature with BouncyCastle. Short backoff and poll
 * properties keep the retries quick; nothing waits a fixed time.
 */
class WebhookDeliveryTests {

	static final String SECRET = "test-webhook-secret-" + UUID.randomUUID();

	static final Duration WAIT = Duration.ofSeconds(20);

	static final Duration INITIAL_BACKOFF = Duration.ofMillis(300);

	static final int MAX_ATTEMPTS = 4;

	static WebhookReceiver receiver;

	static KeywayNode node;

	static AdminApi admin;

	@BeforeAll
	static void start() throws IOException {
		receiver = new WebhookReceiver(SECRET);
		node = KeywayNode.start(TestDatabases.newDatabase(), masterKey(),
				Map.of("keyway.webhooks.url", receiver.url(), "keyway.webhooks.secret", SECRET,
						"keyway.webhooks.allowed-networks", "127.0.0.0/8", "keyway.webhooks.poll-interval", "PT0.05S",
						"keyway.webhooks.initial-backoff", "PT" + INITIAL_BACKOFF.toMillis() / 1000.0 + "S",
						"keyway.webhooks.max-backoff", "PT1S", "keyway.webhooks.max-attempts", MAX_ATTEMPTS,
						"keyway.webhooks.expiry-scan-interval", "PT1H"));
		admin = new AdminApi(node.http());
	}

	@AfterAll
	static void stop() {
		if (node != null) {
			node.close();
		}
		if (receiver != null) {
			receiver.close();
		}
	}

	@Test
	void activateWhenDirectThenReceiverGetsOneSignedActivatedEvent() {
		String name = unique("activated");
		long id = create(name);
		Instant before = Instant.now();

		assertThat(admin.post("/rest/V1/integrations/" + id + "/activate", "{}").status()).isEqualTo(200);

		WebhookReceiver.Received event = awaitEvent(name, WebhookTypes.ACTIVATED);
		assertThat(event.signatureValid()).as("signature %s over %s", event.signature(), event.body()).isTrue();
		assertThat(event.timestamp()).isBetween(before.getEpochSecond() - 5, Instant.now().getEpochSecond() + 5);
		assertThat(event.contentType()).startsWith("application/json");
		assertThat(event.eventIdHeader()).isEqualTo(event.eventId());
		assertThat(event.body()).contains("\"integration\":{\"id\":" + id + ",\"name\":\"" + name + "\"}")
			.containsPattern("\"created_at\":\"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\"")
			.doesNotContain(SECRET);
	}

	@Test
	void activateWhenHandshakeThenEventOnlyOnceTheThirdPartyExchangedItsToken() throws IOException {
		String name = unique("handshake");
		try (FakeThirdParty party = FakeThirdParty.start()) {
			long id = admin.createIntegration("{\"name\":\"" + name + "\",\"endpoint\":\"" + party.callbackUrl()
					+ "\",\"identity_link_url\":\"" + party.identityLinkUrl()
					+ "\",\"resources\":[\"Magento_Integration::integrations\"]}");
			assertThat(admin.post("/rest/V1/integrations/" + id + "/activate", "{}").status()).isEqualTo(200);
			FakeThirdParty.Post posted = party.awaitPost(WAIT);
			enqueue(WebhookTypes.DELETED, 900_006, name + " marker");
			awaitEvent(name + " marker", WebhookTypes.DELETED);
			assertThat(receiver.about(name)).as("nothing before the handshake completed").isEmpty();

			// google-oauth-client completes the handshake (SPEC 2.4 step 4)
			GoogleOAuthClient.exchange(node.url("/"), posted.get("oauth_consumer_key"),
					posted.get("oauth_consumer_secret"), posted.get("oauth_verifier"));

			WebhookReceiver.Received event = awaitEvent(name, WebhookTypes.ACTIVATED);
			assertThat(event.signatureValid()).isTrue();
			assertThat(event.body()).contains("\"integration\":{\"id\":" + id + ",");
		}
	}

	@Test
	void reauthorizeAndDeleteWhenDirectThenReceiverGetsThemInOrder() {
		String name = unique("lifecycle");
		long id = create(name);
		admin.post("/rest/V1/integrations/" + id + "/activate", "{}");
		awaitEvent(name, WebhookTypes.ACTIVATED);

		assertThat(admin.post("/rest/V1/integrations/" + id + "/reauthorize", "{}").status()).isEqualTo(200);
		awaitEvent(name, WebhookTypes.REAUTHORIZED);
		assertThat(admin.delete("/rest/V1/integrations/" + id).status()).isEqualTo(200);
		awaitEvent(name, WebhookTypes.DELETED);

		assertThat(receiver.about(name)).extracting((request) -> type(request))
			.containsExactly(WebhookTypes.ACTIVATED, WebhookTypes.REAUTHORIZED, WebhookTypes.DELETED);
		assertThat(receiver.about(name)).allMatch(WebhookReceiver.Received::signatureValid);
	}

	@Test
	void enqueueWhenTransactionRolledBackThenNothingSent() {
		String rolledBack = unique("rolled back");
		String committed = unique("committed after");
		WebhookOutbox outbox = node.bean(WebhookOutbox.class);
		TransactionTemplate transaction = node.bean(TransactionTemplate.class);

		transaction.executeWithoutResult((status) -> {
			outbox.enqueue(WebhookTypes.DELETED, 900_001, rolledBack, Map.of());
			status.setRollbackOnly();
		});
		transaction.executeWithoutResult((status) -> outbox.enqueue(WebhookTypes.DELETED, 900_002, committed, Map.of()));

		// rows are sent oldest first: once the later one arrived, the rolled-back one would have too
		awaitEvent(committed, WebhookTypes.DELETED);
		assertThat(receiver.about(rolledBack)).isEmpty();
		assertThat(node.bean(WebhookDeliveries.class).list(new DeliveryFilter(null, null, 900_001L), 10, 0)).isEmpty();
	}

	@Test
	void enqueueWhenNoTransactionThenRefused() {
		WebhookOutbox outbox = node.bean(WebhookOutbox.class);

		assertThatThrownBy(() -> outbox.enqueue(WebhookTypes.DELETED, 900_003, unique("no tx"), Map.of()))
			.isInstanceOf(IllegalTransactionStateException.class);
	}

	@Test
	void deliverWhenReceiverFailsTwiceThenRetriedWithBackoffUntilDelivered() {
		String name = unique("flaky");
		receiver.answer((request) -> (request.about(name) && receiver.about(name).size() <= 2) ? 500 : 200);
		try {
			UUID eventId = enqueue(WebhookTypes.DELETED, 900_004, name);

			WebhookDelivery delivered = awaitStatus(900_004, "delivered");

			List<WebhookReceiver.Received> wire = receiver.about(name);
			assertThat(wire).hasSize(3).allMatch((request) -> eventId.toString().equals(request.eventId()));
			long firstGap = wire.get(1).receivedAtNanos() - wire.get(0).receivedAtNanos();
			long secondGap = wire.get(2).receivedAtNanos() - wire.get(1).receivedAtNanos();
			// initial × [0.75, 1.25], then 2 × initial × [0.75, 1.25]
			assertThat(Duration.ofNanos(firstGap)).isGreaterThanOrEqualTo(INITIAL_BACKOFF.multipliedBy(3).dividedBy(4));
			assertThat(Duration.ofNanos(secondGap)).isGreaterThanOrEqualTo(INITIAL_BACKOFF.multipliedBy(3).dividedBy(2));
			assertThat(delivered.attempts()).isEqualTo(3);
			assertThat(delivered.lastStatus()).isEqualTo(200);
			assertThat(delivered.lastError()).isNull();
			assertThat(delivered.deliveredAt()).isNotNull();
			assertThat(receiver.processed()).contains(eventId.toString());
		}
		finally {
			receiver.answer((request) -> 200);
		}
	}

	@Test
	void deliverWhenReceiverAlwaysFailsThenFailedAfterMaxAttemptsAndResendDeliversSameEventId() {
		String name = unique("down");
		receiver.answer((request) -> request.about(name) ? 503 : 200);
		UUID eventId;
		WebhookDelivery failed;
		try {
			eventId = enqueue(WebhookTypes.DELETED, 900_005, name);
			failed = awaitStatus(900_005, "failed");
			assertThat(receiver.about(name)).hasSize(MAX_ATTEMPTS);
		}
		finally {
			receiver.answer((request) -> 200);
		}
		assertThat(failed.attempts()).isEqualTo(MAX_ATTEMPTS);
		assertThat(failed.lastStatus()).isEqualTo(503);
		assertThat(failed.lastError()).contains("503").doesNotContain("source=keyway");

		WebhookDeliveries deliveries = node.bean(WebhookDeliveries.class);
		assertThat(deliveries.resend(failed.id(), Actor.system("test"))).isTrue();

		WebhookDelivery resent = awaitStatus(900_005, "delivered");
		assertThat(resent.eventId()).isEqualTo(eventId);
		assertThat(receiver.about(name)).hasSize(MAX_ATTEMPTS + 1).allMatch((request) -> eventId.toString()
			.equals(request.eventId()));
		assertThat(receiver.processed()).contains(eventId.toString());
	}

	@Test
	void scanWhenAccessExpiresWithinDaysThenExpiringOnceAndExpiredOnce() {
		String name = unique("expiring");
		long id = create(name);
		admin.post("/rest/V1/integrations/" + id + "/activate", "{}");
		IntegrationService integrations = node.bean(IntegrationService.class);
		ExpiryWebhooks scan = node.bean(ExpiryWebhooks.class);
		integrations.setGuardrails(id, IpAllowList.anywhere(), Instant.now().plus(Duration.ofDays(2)),
				Actor.system("test"));

		scan.scan();
		scan.scan();
		awaitEvent(name, WebhookTypes.EXPIRING);
		integrations.setGuardrails(id, IpAllowList.anywhere(), Instant.now().minusSeconds(60), Actor.system("test"));
		scan.scan();
		scan.scan();
		awaitEvent(name, WebhookTypes.EXPIRED);

		assertThat(receiver.about(name)).extracting((request) -> type(request))
			.containsExactly(WebhookTypes.ACTIVATED, WebhookTypes.EXPIRING, WebhookTypes.EXPIRED);
		assertThat(receiver.about(name).get(1).body()).contains("\"data\":{\"expires_at\":\"");
	}

	@Test
	void postWhenAddressPrivateAndNotAllowedThenRefusedBeforeAnyConnection() {
		String name = unique("refused");
		WebhookSender sender = new WebhookSender(OutboundPolicy.publicOnly(WebhookProperties.ALLOWED_NETWORKS),
				Duration.ofSeconds(2));
		int before = receiver.received().size();

		assertThatThrownBy(() -> sender.post(receiver.url(), UUID.randomUUID().toString(), "t=1,v1=00",
				"{\"integration\":{\"name\":\"" + name + "\"}}"))
			.isInstanceOf(OutboundRefusedException.class)
			.hasMessageContaining("127.0.0.1")
			.hasMessageContaining("loopback")
			.hasMessageContaining("keyway.webhooks.allowed-networks");
		assertThat(receiver.received()).hasSize(before);
		assertThat(URI.create(receiver.url()).getHost()).isEqualTo("127.0.0.1");
	}

	// ---- helpers ----

	static UUID enqueue(String type, long integrationId, String name) {
		WebhookOutbox outbox = node.bean(WebhookOutbox.class);
		return node.bean(TransactionTemplate.class)
			.execute((status) -> outbox.enqueue(type, integrationId, name, Map.of()));
	}

	static WebhookDelivery awaitStatus(long integrationId, String status) {
		WebhookDeliveries deliveries = node.bean(WebhookDeliveries.class);
		Eventually.within(WAIT, "delivery of integration " + integrationId + " " + status,
				() -> deliveries.list(new DeliveryFilter(status, null, integrationId), 1, 0).size() == 1);
		return deliveries.list(new DeliveryFilter(status, null, integrationId), 1, 0).get(0);
	}

	static WebhookReceiver.Received awaitEvent(String name, String type) {
		Eventually.within(WAIT, type + " of " + name + " received",
				() -> receiver.about(name).stream().anyMatch((request) -> request.ofType(type)));
		return receiver.about(name).stream().filter((request) -> request.ofType(type)).findFirst().orElseThrow();
	}

	static String type(WebhookReceiver.Received request) {
		return DeliveryFilter.TYPES.stream().filter(request::ofType).findFirst().orElse("?");
	}

	static long create(String name) {
		return admin.createIntegration("{\"name\":\"" + name + "\",\"resources\":[\"Magento_Integration::integrations\"]}");
	}

	static String unique(String what) {
		return "webhook " + what + " " + UUID.randomUUID();
	}

	static String masterKey() {
		byte[] key = new byte[32];
		new SecureRandom().nextBytes(key);
		return Base64.getEncoder().encodeToString(key);
	}

}
