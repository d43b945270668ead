package dev.keyway.integration;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import tools.jackson.databind.json.JsonMapper;

import dev.keyway.audit.Actor;
import dev.keyway.settings.Setting;
import dev.keyway.settings.SettingsService;
import dev.keyway.testing.AdminApi;
import dev.keyway.testing.FakeThirdParty;
import dev.keyway.testing.Http;
import dev.keyway.testing.KeywayIntegrationTest;
import dev.keyway.testing.OAuthClientCredentials;
import dev.keyway.testing.RestoreSettings;
import dev.keyway.testing.Scrape;
import dev.keyway.testing.ScribeOAuthClient;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Issue 16.5: every credentials POST is recorded (outcome, status, error, duration), shown by
 * {@code GET /rest/V1/integrations/:id/credentials-deliveries} and counted by outcome; Resend
 * credentials posts the same credentials again and the handshake then completes with an independent
 * client (ScribeJava).
 */
@KeywayIntegrationTest
@ExtendWith(RestoreSettings.class)
class CredentialsDeliveriesTests {

	private static final Actor ACTOR = Actor.admin(7, "deliveries-tester", "203.0.113.7");

	@LocalServerPort
	int port;

	@Autowired
	IntegrationService service;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	SettingsService settingsService;

	@Autowired
	CredentialsDeliveries deliveries;

	private Http http;

	private AdminApi admin;

	@BeforeEach
	void setUp() {
		this.http = new Http(this.port);
		this.admin = new AdminApi(this.http);
	}

	@Test
	void deliverWhenCallbackAnswers500ThenRecordedAsHttpErrorWithItsStatusAndCounted() {
		try (FakeThirdParty party = FakeThirdParty.start()) {
			party.answerCallbackWith(500);
			long id = handshakeIntegration("deliveries 500", party.callbackUrl(), party.identityLinkUrl());
			double before = posts("http_error");

			// the status is ignored (SPEC 2.4 step 2): the activation goes on
			assertThat(this.admin.post("/rest/V1/integrations/" + id + "/activate", "{}").status()).isEqualTo(200);

			List<Map<String, Object>> items = deliveries(id);
			assertThat(items).hasSize(1);
			assertThat(items.get(0)).containsEntry("outcome", "http_error")
				.containsEntry("http_status", 500)
				.containsEntry("error", null)
				.containsKeys("time", "duration_ms");
			assertThat(posts("http_error")).isEqualTo(before + 1);
		}
	}

	@Test
	void deliverWhenPlainHttpServerBehindHttpsUrlThenTlsErrorRecordedAndActivationFails() throws Exception {
		try (ServerSocket plain = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
			Thread answering = plainHttpAnswers(plain);
			long id = handshakeIntegration("deliveries tls", "https://127.0.0.1:" + plain.getLocalPort() + "/callback",
					"https://partner.example.com/link");
			double before = posts("tls_error");

			Http.Response refused = this.admin.post("/rest/V1/integrations/" + id + "/activate", "{}");

			assertThat(refused.status()).as(refused.body()).isEqualTo(502);
			List<Map<String, Object>> items = deliveries(id);
			assertThat(items).hasSize(1);
			assertThat(items.get(0)).containsEntry("outcome", "tls_error").containsEntry("http_status", null);
			assertThat(items.get(0).get("error")).asString().isNotBlank().hasSizeLessThanOrEqualTo(500);
			assertThat(posts("tls_error")).isEqualTo(before + 1);
			answering.interrupt();
		}
	}

	@Test
	void deliverWhenCallbackRedirectsToAnotherOriginThenRefusedByPolicyRecorded() throws IOException {
		this.settingsService.update(Map.of(Setting.POST_MAX_REDIRECTS.path(), "3"), ACTOR);
		try (CallbackServer first = new CallbackServer(); CallbackServer other = new CallbackServer()) {
			first.answer("/moved-away", 307, other.url("/callback"));
			long id = handshakeIntegration("deliveries policy", first.url("/moved-away"), "https://partner.example.com/link");
			double before = posts("refused_by_policy");

			assertThatExceptionOfType(IntegrationException.class).isThrownBy(() -> this.service.activate(id, ACTOR));

			List<Map<String, Object>> items = deliveries(id);
			assertThat(items).hasSize(1);
			assertThat(items.get(0)).containsEntry("outcome", "refused_by_policy").containsEntry("http_status", null);
			assertThat(items.get(0).get("error")).asString().contains("another origin");
			assertThat(other.received()).isEmpty();
			assertThat(posts("refused_by_policy")).isEqualTo(before + 1);
		}
	}

	@Test
	void deliverWhenCallbackNeverAnswersThenTimedOutAndWhenConnectionRefusedThenNot() throws IOException {
		// the nineteenth session's handshake trial: a post that timed out may still have reached the third party
		// (the verifier is saved before it, as in Magento), which the deliveries list did not say
		this.settingsService.update(Map.of(Setting.POST_TIMEOUT.path(), "1"), ACTOR);
		long closedPort;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			closedPort = socket.getLocalPort();
		}
		try (CallbackServer slow = new CallbackServer()) {
			slow.hang("/callback");
			long timedOut = handshakeIntegration("deliveries timeout", slow.url("/callback"),
					"https://partner.example.com/link");
			long refused = handshakeIntegration("deliveries refused", "http://127.0.0.1:" + closedPort + "/callback",
					"https://partner.example.com/link");

			assertThatExceptionOfType(IntegrationException.class).isThrownBy(() -> this.service.activate(timedOut, ACTOR));
			assertThatExceptionOfType(IntegrationException.class).isThrownBy(() -> this.service.activate(refused, ACTOR));

			assertThat(slow.received("/callback")).as("the form reached the third party").hasSize(1);
			assertThat(this.deliveries.recent(timedOut)).singleElement().satisfies((delivery) -> {
				assertThat(delivery.outcome()).isEqualTo(DeliveryOutcome.TRANSPORT_ERROR);
				assertThat(delivery.timedOut()).as(delivery.error()).isTrue();
			});
			assertThat(this.deliveries.recent(refused)).singleElement().satisfies((delivery) -> {
				assertThat(delivery.outcome()).isEqualTo(DeliveryOutcome.TRANSPORT_ERROR);
				assertThat(delivery.timedOut()).as(delivery.error()).isFalse();
			});
			// the management API says it too, for a script that watches deliveries (SPEC 5.13)
			assertThat(deliveries(timedOut)).singleElement().satisfies((item) -> assertThat(item).containsEntry("timed_out", true));
			assertThat(deliveries(refused)).singleElement().satisfies((item) -> assertThat(item).containsEntry("timed_out", false));
		}
	}

	@Test
	void resendWhenHandshakePendingThenSameCredentialsPostedAgainAndExchangeCompletes() throws Exception {
		try (FakeThirdParty party = FakeThirdParty.start()) {
			long id = handshakeIntegration("deliveries resend", party.callbackUrl(), party.identityLinkUrl());
			this.service.activate(id, ACTOR);
			FakeThirdParty.Post first = party.awaitPost(Duration.ofSeconds(5));
			assertThat(this.service.handshakePending(this.service.get(id))).isTrue();

			Activation resent = this.service.resendCredentials(id, ACTOR);

			FakeThirdParty.Post second = party.awaitPost(Duration.ofSeconds(5));
			assertThat(resent.message()).contains("sent again");
			assertThat(second.form()).isEqualTo(first.form());
			assertThat(deliveries(id)).hasSize(2).allSatisfy((item) -> assertThat(item).containsEntry("outcome", "delivered"));
			assertThat(this.jdbc.sql("SELECT COUNT(*) FROM audit_log WHERE action = 'integration.credentials_resent' "
					+ "AND subject_id = :id")
				.param("id", Long.toString(id))
				.query(Long.class)
				.single()).isOne();

			OAuthClientCredentials exchanged = ScribeOAuthClient.exchange(this.http.url("/"), second.get("oauth_consumer_key"),
					second.get("oauth_consumer_secret"), second.get("oauth_verifier"));

			assertThat(exchanged.accessToken()).isNotBlank();
			assertThat(this.service.get(id).status()).isEqualTo(IntegrationStatus.ACTIVE);
			assertThat(this.service.handshakePending(this.service.get(id))).isFalse();
			assertThatExceptionOfType(IntegrationException.class).isThrownBy(() -> this.service.resendCredentials(id, ACTOR))
				.withMessageContaining("has no pending handshake");
		}
	}

	@Test
	void resendWhenNeverActivatedThenRefusedAndNothingPosted() {
		try (FakeThirdParty party = FakeThirdParty.start()) {
			long id = handshakeIntegration("deliveries not pending", party.callbackUrl(), party.identityLinkUrl());

			assertThatExceptionOfType(IntegrationException.class).isThrownBy(() -> this.service.resendCredentials(id, ACTOR))
				.withMessageContaining("has no pending handshake (status Inactive)");
			assertThat(deliveries(id)).isEmpty();
		}
	}

	@Test
	void recordWhenMoreThanTwentyAttemptsThenNewestTwentyKept() {
		try (FakeThirdParty party = FakeThirdParty.start()) {
			long id = handshakeIntegration("deliveries trim", party.callbackUrl(), party.identityLinkUrl());
			this.service.activate(id, ACTOR);
			for (int i = 0; i < CredentialsDeliveries.KEPT_PER_INTEGRATION + 2; i++) {
				this.service.resendCredentials(id, ACTOR);
			}

			assertThat(deliveries(id)).hasSize(CredentialsDeliveries.KEPT_PER_INTEGRATION);
		}
	}

	// ---- helpers ----

	/** A plain-HTTP server: whatever comes (a TLS ClientHello), it answers an HTTP 400 at once and closes. */
	private static Thread plainHttpAnswers(ServerSocket server) {
		Thread thread = new Thread(() -> {
			while (!server.isClosed()) {
				try (Socket socket = server.accept()) {
					socket.getOutputStream()
						.write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
							.getBytes(StandardCharsets.US_ASCII));
				}
				catch (IOException ex) {
					// closed by the test
				}
			}
		}, "plain-http-behind-https");
		thread.setDaemon(true);
		thread.start();
		return thread;
	}

	private long handshakeIntegration(String name, String callback, String identityLink) {
		return this.admin.createIntegration("{\"name\":\"" + name + " " + UUID.randomUUID() + "\",\"endpoint\":\"" + callback
				+ "\",\"identity_link_url\":\"" + identityLink + "\",\"resources\":[\"Magento_Catalog::products\"]}");
	}

	@SuppressWarnings("unchecked")
	private List<Map<String, Object>> deliveries(long id) {
		Http.Response response = this.admin.get("/rest/V1/integrations/" + id + "/credentials-deliveries");
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		return (List<Map<String, Object>>) JsonMapper.shared().readValue(response.body(), Map.class).get("items");
	}

	private double posts(String outcome) {
		return Scrape.of(this.http, this.admin).value("keyway_credentials_posts_total", Map.of("outcome", outcome));
	}

}
