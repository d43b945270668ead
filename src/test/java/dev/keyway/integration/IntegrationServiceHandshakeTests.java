package dev.keyway.integration;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.keyway.audit.Actor;
import dev.keyway.oauth.ConsumerService;
import dev.keyway.oauth.TokenType;
import dev.keyway.outbound.OutboundRefusedException;
import dev.keyway.settings.RuntimeSettings;
import dev.keyway.settings.Setting;
import dev.keyway.settings.SettingsService;
import dev.keyway.testing.KeywayIntegrationTest;
import dev.keyway.testing.RestoreSettings;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

@ExtendWith(RestoreSettings.class)
@KeywayIntegrationTest
class IntegrationServiceHandshakeTests {

	private static final Actor ACTOR = Actor.admin(5, "handshake-tester", "203.0.113.5");

	/** {@code http://localhost:8080/admin/integrations/login-success}, URL-encoded (the default public base URL). */
	private static final String ENCODED_SUCCESS_CALLBACK = "http%3A%2F%2Flocalhost%3A8080%2Fadmin%2Fintegrations%2Flogin-success";

	@Autowired
	IntegrationService service;

	@Autowired
	ConsumerService consumers;

	@Autowired
	SettingsService settingsService;

	@Autowired
	RuntimeSettings settings;

	@Autowired
	JdbcClient jdbc;

	@LocalServerPort
	int port;

	private CallbackServer server;

	@BeforeEach
	void start() throws IOException {
		this.server = new CallbackServer();
	}

	@AfterEach
	void stop() {
		this.server.close();
	}

	@Test
	void activateWhenBothUrlsSetThenCredentialsPostedToCallback() {
		Integration integration = handshakeIntegration("https://partner.example.com/link");
		Activation activation = this.service.activate(integration.id(), ACTOR);
		assertThat(activation).isInstanceOf(Activation.Handshake.class);
		List<CallbackServer.Received> posts = this.server.received("/callback");
		assertThat(posts).hasSize(1);
		CallbackServer.Received post = posts.get(0);
		assertThat(post.method()).isEqualTo("POST");
		assertThat(post.contentType()).isEqualTo("application/x-www-form-urlencoded");
		Map<String, String> form = post.form();
		assertThat(form).containsOnlyKeys("oauth_consumer_key", "oauth_consumer_secret", "store_base_url",
				"oauth_verifier");
		assertThat(form.get("oauth_consumer_key")).isEqualTo(integration.consumerKey());
		assertThat(form.get("oauth_consumer_secret")).isEqualTo(this.consumers.revealConsumerSecret(integration.consumerId()));
		assertThat(form.get("store_base_url")).isEqualTo("http://localhost:8080/");
		assertThat(form.get("oauth_verifier")).matches("[0-9a-z]{32}");
		assertThat(this.consumers.tokenStage(integration.consumerId())).contains(TokenType.VERIFIER);
	}

	@Test
	void activateWhenCallbackUrlHoldsUserInfoThenPostedWithBasicAuthenticationAsMagentoDoes() {
		// Magento's HTTP client sends a URL's user:password@ as Basic authentication; HttpClient 5 refuses such a
		// request URI outright, so a migrated integration's callback failed on every activation (a review)
		Integration integration = this.service.create(new IntegrationDraft(IntegrationServiceTests.unique("userinfo"),
				null, "http://partner:p%40ss+w@127.0.0.1:" + this.server.port() + "/callback",
				"https://partner.example.com/link", false, List.of("Magento_Cms::page")), ACTOR);

		this.service.activate(integration.id(), ACTOR);

		List<CallbackServer.Received> posts = this.server.received("/callback");
		assertThat(posts).hasSize(1);
		assertThat(posts.get(0).authorization()).isEqualTo("Basic "
				+ java.util.Base64.getEncoder().encodeToString("partner:p@ss+w".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
		assertThat(posts.get(0).form()).containsKey("oauth_verifier");
	}

	@Test
	void activateWhenNoUserInfoThenNoAuthorizationSent() {
		Integration integration = handshakeIntegration("https://partner.example.com/link");
		this.service.activate(integration.id(), ACTOR);
		assertThat(this.server.received("/callback").get(0).authorization()).isNull();
	}

	@Test
	void activateWhenHandshakeSentThenStillInactiveWithMessageAndIdentityLink() {
		Integration integration = handshakeIntegration("https://partner.example.com/link");
		Activation activation = this.service.activate(integration.id(), ACTOR);
		assertThat(activation.message()).isEqualTo("Integration '" + integration.name() + "' has been sent for activation.");
		assertThat(activation.integration().status()).isEqualTo(IntegrationStatus.INACTIVE);
		assertThat(this.service.get(integration.id()).status()).isEqualTo(IntegrationStatus.INACTIVE);
		assertThat(((Activation.Handshake) activation).identityLinkUrl())
			.isEqualTo("https://partner.example.com/link?oauth_consumer_key=" + integration.consumerKey()
					+ "&success_call_back=" + ENCODED_SUCCESS_CALLBACK);
		assertThat(actions(integration.id())).endsWith("integration.activation_sent");
	}

	@Test
	void identityLinkWhenUrlHasQueryThenParametersAppendedWithAmpersand() {
		Integration integration = handshakeIntegration("https://partner.example.com/link?lang=en&x=1");
		Activation.Handshake activation = (Activation.Handshake) this.service.activate(integration.id(), ACTOR);
		assertThat(activation.identityLinkUrl())
			.isEqualTo("https://partner.example.com/link?lang=en&x=1&oauth_consumer_key=" + integration.consumerKey()
					+ "&success_call_back=" + ENCODED_SUCCESS_CALLBACK);
	}

	@Test
	void identityLinkWhenUrlHasFragmentThenParametersBeforeTheFragment() {
		Integration integration = handshakeIntegration("https://partner.example.com/link#section");
		assertThat(this.service.identityLink(integration)).isEqualTo("https://partner.example.com/link?oauth_consumer_key="
				+ integration.consumerKey() + "&success_call_back=" + ENCODED_SUCCESS_CALLBACK + "#section");
	}

	@Test
	void successCallbackUrlWhenDefaultBaseUrlThenAdminLoginSuccessPage() {
		assertThat(this.service.successCallbackUrl()).isEqualTo("http://localhost:8080/admin/integrations/login-success");
		assertThat(URLEncoder.encode(this.service.successCallbackUrl(), StandardCharsets.UTF_8))
			.isEqualTo(ENCODED_SUCCESS_CALLBACK);
	}

	@Test
	void activateWhenSentTwiceThenPendingVerifierReused() {
		Integration integration = handshakeIntegration("https://partner.example.com/link");
		this.service.activate(integration.id(), ACTOR);
		this.service.activate(integration.id(), ACTOR);
		List<CallbackServer.Received> posts = this.server.received("/callback");
		assertThat(posts).hasSize(2);
		assertThat(posts.get(1).form().get("oauth_verifier")).isEqualTo(posts.get(0).form().get("oauth_verifier"));
		assertThat(posts.get(1).form().get("oauth_consumer_secret"))
			.isEqualTo(posts.get(0).form().get("oauth_consumer_secret"));
	}

	@Test
	void activateWhenCallbackAnswers500ThenStillSent() {
		this.server.answer("/callback", 500, null);
		Integration integration = handshakeIntegration("https://partner.example.com/link");
		Activation activation = this.service.activate(integration.id(), ACTOR);
		assertThat(activation).isInstanceOf(Activation.Handshake.class);
		assertThat(this.server.received("/callback")).hasSize(1);
	}

	@Test
	void activateWhenCallbackRefusedThenCallbackFailedWithSpecMessageAndAudited() throws IOException {
		int port;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			port = socket.getLocalPort();
		}
		Integration integration = this.service.create(new IntegrationDraft(IntegrationServiceTests.unique("refused"),
				null, "http://127.0.0.1:" + port + "/callback", "https://partner.example.com/link", false, List.of()),
				ACTOR);
		assertThatExceptionOfType(IntegrationException.class)
			.isThrownBy(() -> this.service.activate(integration.id(), ACTOR))
			.withMessage("The attempt to post data to consumer failed due to an unexpected error. Please try again later.")
			.satisfies((ex) -> {
				assertThat(ex.reason()).isEqualTo(IntegrationException.Reason.CALLBACK_FAILED);
				assertThat(ex.getCause()).isInstanceOf(IOException.class);
			});
		assertThat(this.service.get(integration.id()).status()).isEqualTo(IntegrationStatus.INACTIVE);
		assertThat(actions(integration.id())).endsWith("integration.credentials_post_failed");
	}

	@Test
	void activateWhenCallbackSlowerThanPostTimeoutSettingThenCallbackFailed() {
		this.settingsService.update(Map.of(Setting.POST_TIMEOUT.path(), "1"), ACTOR);
		this.server.hang("/slow");
		Integration integration = this.service.create(new IntegrationDraft(IntegrationServiceTests.unique("slow"), null,
				this.server.url("/slow"), "https://partner.example.com/link", false, List.of()), ACTOR);
		long start = System.nanoTime();
		assertThatExceptionOfType(IntegrationException.class)
			.isThrownBy(() -> this.service.activate(integration.id(), ACTOR))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(IntegrationException.Reason.CALLBACK_FAILED));
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
	}

	@Test
	void activateWhenCallbackRedirectsThenFollowedOnlyUpToPostMaxRedirectsSetting() {
		this.server.answer("/moved", 307, "/callback");
		Integration integration = this.service.create(new IntegrationDraft(IntegrationServiceTests.unique("moved"), null,
				this.server.url("/moved"), "https://partner.example.com/link", false, List.of()), ACTOR);
		this.service.activate(integration.id(), ACTOR);
		assertThat(this.server.received("/callback")).as("default: no redirects").isEmpty();
		this.settingsService.update(Map.of(Setting.POST_MAX_REDIRECTS.path(), "1"), ACTOR);
		this.service.activate(integration.id(), ACTOR);
		assertThat(this.server.received("/callback")).hasSize(1);
		assertThat(this.server.received("/callback").get(0).form().get("oauth_consumer_key"))
			.isEqualTo(integration.consumerKey());
	}

	@Test
	void activateWhenThirdPartyExchangesInsideTheCallbackThenAnswerShowsTheIntegrationActive() {
		// an integration developer's trial: a third party that runs the token exchange before answering the
		// credentials post (as many connectors do) was Active when POST .../activate answered, whose "status"
		// still said 0 (Inactive), the status read before the post
		dev.keyway.testing.Http http = new dev.keyway.testing.Http(this.port);
		List<String> exchanged = new java.util.concurrent.CopyOnWriteArrayList<>();
		this.server.handle("/exchanging", (exchange) -> {
			Map<String, String> form = new java.util.HashMap<>();
			for (String pair : new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8).split("&")) {
				int eq = pair.indexOf('=');
				form.put(java.net.URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
						java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
			}
			String key = form.get("oauth_consumer_key");
			String secret = form.get("oauth_consumer_secret");
			String requestUrl = http.url("/oauth/token/request");
			dev.keyway.testing.Http.Response requested = http.post(requestUrl, null, "Authorization",
					dev.keyway.testing.SignedRequests.sign(dev.keyway.testing.SignedRequests.sha256(key, secret, null, null),
							"POST", requestUrl));
			Map<String, String> token = new java.util.HashMap<>();
			for (String pair : requested.body().split("&")) {
				token.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
			}
			com.google.api.client.auth.oauth.OAuthParameters access = dev.keyway.testing.SignedRequests.sha256(key, secret,
					token.get("oauth_token"), token.get("oauth_token_secret"));
			access.verifier = form.get("oauth_verifier");
			String accessUrl = http.url("/oauth/token/access");
			exchanged.add(http.post(accessUrl, null, "Authorization",
					dev.keyway.testing.SignedRequests.sign(access, "POST", accessUrl)).body());
			exchange.sendResponseHeaders(200, -1);
			exchange.close();
		});
		Integration integration = this.service.create(new IntegrationDraft(IntegrationServiceTests.unique("exchanging"),
				null, this.server.url("/exchanging"), "https://partner.example.com/link", false, List.of()), ACTOR);

		Activation activation = this.service.activate(integration.id(), ACTOR);

		assertThat(exchanged).hasSize(1);
		assertThat(exchanged.get(0)).matches("oauth_token=[0-9a-z]{32}&oauth_token_secret=[0-9a-z]{32}");
		assertThat(this.service.get(integration.id()).status()).isEqualTo(IntegrationStatus.ACTIVE);
		assertThat(activation.integration().status()).isEqualTo(IntegrationStatus.ACTIVE);
	}

	@Test
	void reauthorizeWhenActiveHandshakeIntegrationThenTokenRemovedInactiveAndCredentialsPostedAgain() {
		Integration integration = this.service.create(new IntegrationDraft(IntegrationServiceTests.unique("reauth-hs"),
				null, this.server.url("/callback"), null, false, List.of()), ACTOR);
		this.service.activate(integration.id(), ACTOR);
		assertThat(this.service.get(integration.id()).status()).isEqualTo(IntegrationStatus.ACTIVE);
		this.service.update(integration.id(), new IntegrationDraft(integration.name(), null, this.server.url("/callback"),
				"https://partner.example.com/link", false, List.of()), ACTOR);
		Activation activation = this.service.reauthorize(integration.id(), ACTOR);
		assertThat(activation).isInstanceOf(Activation.Handshake.class);
		assertThat(activation.message())
			.isEqualTo("Integration '" + integration.name() + "' has been sent for re-authorization.");
		assertThat(this.service.get(integration.id()).status()).isEqualTo(IntegrationStatus.INACTIVE);
		assertThat(this.consumers.tokenStage(integration.consumerId())).contains(TokenType.VERIFIER);
		assertThat(this.consumers.reveal(integration.consumerId())).as("the old access token is gone").isEmpty();
		assertThat(this.server.received("/callback")).hasSize(1);
		assertThat(this.server.received("/callback").get(0).form().get("oauth_consumer_key"))
			.isEqualTo(integration.consumerKey());
		assertThat(actions(integration.id())).contains("integration.token_removed", "integration.reauthorize_sent");
	}

	/** 169.254.169.254 is refused by the policy before any connection: nothing is ever sent there. */
	@Test
	void activateWhenCallbackOnLinkLocalAddressThenRefusedWithClearMessageNothingStartedAndAudited() {
		String url = "http://169.254.169.254/latest/meta-data/";
		Integration integration = this.service.create(new IntegrationDraft(IntegrationServiceTests.unique("metadata"),
				null, url, "https://partner.example.com/link", false, List.of()), ACTOR);
		assertThatExceptionOfType(IntegrationException.class)
			.isThrownBy(() -> this.service.activate(integration.id(), ACTOR))
			.withMessage("The credentials of integration '" + integration.name() + "' were not delivered. Refused " + url
					+ ": its host is 169.254.169.254, in the link-local block 169.254.0.0/16. Keyway calls only "
					+ "public addresses unless the start-up property keyway.callbacks.allowed-networks lists the network "
					+ "or the host name (for example keyway.callbacks.allowed-networks=169.254.169.254/32).")
			.satisfies((ex) -> {
				assertThat(ex.reason()).isEqualTo(IntegrationException.Reason.CALLBACK_FAILED);
				assertThat(ex.getCause()).isInstanceOf(OutboundRefusedException.class);
			});
		assertThat(this.service.get(integration.id()).status()).isEqualTo(IntegrationStatus.INACTIVE);
		assertThat(this.consumers.tokenStage(integration.consumerId())).as("no verifier was made").isEmpty();
		assertThat(actions(integration.id())).endsWith("integration.credentials_post_refused");
	}

	/** 10.0.0.1 is refused by the policy before any connection: nothing is ever sent there. */
	@Test
	void reauthorizeWhenCallbackRefusedThenAccessTokenKeptAndStillActive() {
		Integration integration = this.service.create(new IntegrationDraft(IntegrationServiceTests.unique("reauth-ssrf"),
				null, this.server.url("/callback"), null, false, List.of()), ACTOR);
		this.service.activate(integration.id(), ACTOR);
		this.service.update(integration.id(), new IntegrationDraft(integration.name(), null, "http://10.0.0.1/callback",
				"https://partner.example.com/link", false, List.of()), ACTOR);
		assertThatExceptionOfType(IntegrationException.class)
			.isThrownBy(() -> this.service.reauthorize(integration.id(), ACTOR))
			.withMessageContaining("were not delivered. Refused http://10.0.0.1/callback: its host is 10.0.0.1");
		assertThat(this.service.get(integration.id()).status()).isEqualTo(IntegrationStatus.ACTIVE);
		assertThat(this.consumers.reveal(integration.consumerId())).as("the access token still works").isPresent();
		assertThat(actions(integration.id())).doesNotContain("integration.token_removed")
			.endsWith("integration.credentials_post_refused");
	}

	/** A reviewer's case: the new expiry was written before the refusal, which brought a stopped token back. */
	@Test
	void reauthorizeWhenCallbackRefusedThenAStoppedTokenStaysStopped() {
		Integration integration = this.service.create(new IntegrationDraft(IntegrationServiceTests.unique("reauth-stopped"),
				null, this.server.url("/callback"), null, false, List.of()), ACTOR);
		this.service.activate(integration.id(), ACTOR);
		this.service.update(integration.id(), new IntegrationDraft(integration.name(), null, "http://10.0.0.1/callback",
				"https://partner.example.com/link", false, List.of()), ACTOR);
		java.time.Instant stopped = java.time.Instant.parse("2020-01-01T00:00:00Z");
		this.service.setGuardrails(integration.id(), this.service.get(integration.id()).ipAllowList(), stopped, ACTOR);

		assertThatExceptionOfType(IntegrationException.class)
			.isThrownBy(() -> this.service.reauthorize(integration.id(), ACTOR, null, GracePeriod.NONE))
			.withMessageContaining("were not delivered");

		assertThat(this.service.get(integration.id()).accessExpiresAt()).as("the admin's stop still holds").isEqualTo(stopped);
	}

	@Test
	void activateWhenCallbackRedirects307ToAnotherOriginThenNothingResentAndRefused() throws IOException {
		this.settingsService.update(Map.of(Setting.POST_MAX_REDIRECTS.path(), "3"), ACTOR);
		try (CallbackServer other = new CallbackServer()) {
			this.server.answer("/moved-away", 307, other.url("/callback"));
			Integration integration = this.service.create(new IntegrationDraft(IntegrationServiceTests.unique("away"),
					null, this.server.url("/moved-away"), "https://partner.example.com/link", false, List.of()), ACTOR);
			assertThatExceptionOfType(IntegrationException.class)
				.isThrownBy(() -> this.service.activate(integration.id(), ACTOR))
				.withMessageContaining("redirected (307) to " + other.url("/callback") + ", another origin");
			assertThat(other.received()).isEmpty();
			assertThat(actions(integration.id())).endsWith("integration.credentials_post_refused");
		}
	}

	private Integration handshakeIntegration(String identityLink) {
		return this.service.create(new IntegrationDraft(IntegrationServiceTests.unique("handshake"), null,
				this.server.url("/callback"), identityLink, false, List.of("Magento_Cms::page")), ACTOR);
	}

	private List<String> actions(long id) {
		return this.jdbc.sql("SELECT action FROM audit_log WHERE subject_type = 'integration' AND subject_id = :id ORDER BY id")
			.param("id", Long.toString(id))
			.query(String.class)
			.list();
	}

}
