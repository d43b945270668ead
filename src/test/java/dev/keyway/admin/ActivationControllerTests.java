package dev.keyway.admin;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import dev.keyway.account.AdminAccounts;
import dev.keyway.account.AdminUser;
import dev.keyway.audit.Actor;
import dev.keyway.integration.Integration;
import dev.keyway.integration.IntegrationDraft;
import dev.keyway.integration.IntegrationService;
import dev.keyway.integration.IntegrationStatus;
import dev.keyway.oauth.OAuthCredentials;
import dev.keyway.testing.FakeThirdParty;
import dev.keyway.testing.GoogleOAuthClient;
import dev.keyway.testing.Http;
import dev.keyway.testing.KeywayIntegrationTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.web.context.WebApplicationContext;

import static dev.keyway.admin.AdminMvc.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

@KeywayIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ActivationControllerTests {

	@Autowired
	WebApplicationContext context;

	@Autowired
	IntegrationService integrations;

	@Autowired
	AdminAccounts accounts;

	@LocalServerPort
	int port;

	MockMvc mvc;

	AdminUser admin;

	@BeforeAll
	void setUp() {
		this.mvc = AdminMvc.mockMvc(this.context);
		this.admin = AdminMvc.newAdmin(this.accounts, "activation-tests", "activation-tests-password-1");
	}

	/**
	 * Issue 12.9: the activation POST redirects (so Back/Forward never resubmit it); the tokens page
	 * shows the values once, never cached; a second look says they were shown and how to see them again.
	 */
	@Test
	void causeWhenTheCallbackCannotBeReachedThenInWordsWithoutTheExceptionsName() {
		assertThat(ActivationController.cause(new java.net.ConnectException("Connect to http://127.0.0.1:9 failed: "
				+ "Connection refused"))).isEqualTo("Connect to http://127.0.0.1:9 failed: Connection refused");
		assertThat(ActivationController.cause(new java.net.UnknownHostException("callback.invalid")))
			.isEqualTo("the host name does not resolve: callback.invalid");
		assertThat(ActivationController.cause(new java.net.SocketTimeoutException("Read timed out")))
			.isEqualTo("no answer in time: Read timed out");
		assertThat(ActivationController.cause(new IllegalStateException("odd"))).isEqualTo("IllegalStateException: odd");
	}

	@Test
	void activateWhenDirectFlowThenRedirectToTokensShownOnceNeverCachedNeverInTheUrlOrSession() throws Exception {
		Integration integration = this.integrations.create(new IntegrationDraft("prg-" + UUID.randomUUID(), null, null,
				null, true, List.of()), Actor.system("ActivationControllerTests"));
		MockHttpSession session = new MockHttpSession();

		MvcResult posted = this.mvc.perform(post(AdminPaths.GRID + "/" + integration.id() + "/activate").session(session)
			.with(as(this.admin))
			.with(csrf())).andReturn();
		String tokensPath = AdminPaths.GRID + "/" + integration.id() + "/tokens";
		assertThat(posted.getResponse().getRedirectedUrl()).isEqualTo(tokensPath);
		assertThat(AdminMvc.flash(posted)).containsEntry(ActivationController.TOKENS_READY, integration.id())
			.containsEntry(Flash.SUCCESS, "The integration '" + integration.name() + "' has been activated.");

		MvcResult shown = this.mvc.perform(get(tokensPath).session(session)
			.with(as(this.admin))).andReturn();
		OAuthCredentials credentials = (OAuthCredentials) shown.getModelAndView().getModel().get("credentials");
		assertThat(credentials.accessToken()).matches("[0-9a-z]{32}");
		assertThat(AdminMvc.body(shown)).contains("value=\"" + credentials.accessTokenSecret() + "\"");
		assertThat(shown.getResponse().getHeader("Cache-Control")).contains("no-store");
		assertThat(posted.getFlashMap().values()).map(String::valueOf)
			.noneMatch((value) -> value.contains(credentials.accessTokenSecret()) || value.contains(credentials.consumerSecret()));
		assertThat(Collections.list(session.getAttributeNames()).stream().map(session::getAttribute).map(String::valueOf))
			.noneMatch((value) -> value.contains(credentials.accessTokenSecret()));

		MvcResult again = this.mvc.perform(get(tokensPath).session(session).with(as(this.admin))).andReturn();
		assertThat(again.getResponse().getStatus()).isEqualTo(200);
		assertThat(again.getModelAndView().getModel().get("credentials")).isNull();
		assertThat(AdminMvc.body(again)).contains("These values were shown once, right after the activation")
			.contains("Show secrets").doesNotContain(credentials.accessTokenSecret());
		assertThat(again.getResponse().getHeader("Cache-Control")).contains("no-store");
	}

	/** 169.254.169.254 is refused by the outbound policy before any connection: nothing is sent there. */
	@Test
	void activateWhenCallbackUrlOnNonPublicAddressThenGridWithRefusalNamingUrlAddressAndProperty() throws Exception {
		Integration integration = this.integrations.create(new IntegrationDraft("ssrf-" + UUID.randomUUID(), null,
				"http://169.254.169.254/latest/meta-data/", "https://partner.example.com/link", false, List.of()),
				Actor.system("ActivationControllerTests"));

		MvcResult result = this.mvc
			.perform(post(AdminPaths.GRID + "/" + integration.id() + "/activate").with(as(this.admin)).with(csrf()))
			.andReturn();

		assertThat(result.getResponse().getRedirectedUrl()).isEqualTo(AdminPaths.GRID);
		assertThat(AdminMvc.flash(result).get(Flash.ERROR)).asString()
			.startsWith("The credentials of integration '" + integration.name() + "' were not delivered. Refused "
					+ "http://169.254.169.254/latest/meta-data/: its host is 169.254.169.254, in the link-local "
					+ "block 169.254.0.0/16.")
			.contains("keyway.callbacks.allowed-networks");
		assertThat(this.integrations.get(integration.id()).status()).isEqualTo(IntegrationStatus.INACTIVE);
	}


	/**
	 * Back from the tokens page, or an old link: the Activate dialog is not shown again for an Active
	 * integration (its Allow would be refused); the grid says so, in the POST's refusal's words.
	 */
	@Test
	void approveActivationWhenIntegrationActiveThenGridSaysAlreadyActiveAsTheAllowRefusalDoes() throws Exception {
		Integration integration = this.integrations.create(new IntegrationDraft("active-" + UUID.randomUUID(), null,
				null, null, true, List.of()), Actor.system("ActivationControllerTests"));
		String activate = AdminPaths.activate(integration.id());
		MvcResult allowed = this.mvc.perform(post(activate).with(as(this.admin)).with(csrf())).andReturn();
		assertThat(allowed.getResponse().getRedirectedUrl()).isEqualTo(AdminPaths.tokens(integration.id()));

		MvcResult again = this.mvc.perform(get(activate).with(as(this.admin))).andReturn();
		MvcResult allowedAgain = this.mvc.perform(post(activate).with(as(this.admin)).with(csrf())).andReturn();

		assertThat(again.getResponse().getRedirectedUrl()).isEqualTo(AdminPaths.GRID);
		assertThat(AdminMvc.flash(again)).containsEntry(Flash.ERROR, "The integration '" + integration.name()
				+ "' is already active; reauthorize it to issue new access tokens.")
			.containsEntry(Flash.ERROR, AdminMvc.flash(allowedAgain).get(Flash.ERROR));
		MvcResult reauthorize = this.mvc.perform(get(AdminPaths.reauthorize(integration.id())).with(as(this.admin)))
			.andReturn();
		assertThat(reauthorize.getResponse().getStatus()).isEqualTo(200);
		assertThat(AdminMvc.body(reauthorize)).contains("id=\"approve\"");
	}

	/** The same for Reauthorize: not for an Inactive integration (Back after a reauthorizing handshake). */
	@Test
	void approveReauthorizationWhenIntegrationInactiveThenGridSaysNotActiveAsTheReauthorizeRefusalDoes()
			throws Exception {
		Integration integration = this.integrations.create(new IntegrationDraft("inactive-" + UUID.randomUUID(), null,
				null, null, true, List.of()), Actor.system("ActivationControllerTests"));
		String reauthorize = AdminPaths.reauthorize(integration.id());

		MvcResult shown = this.mvc.perform(get(reauthorize).with(as(this.admin))).andReturn();
		MvcResult refused = this.mvc.perform(post(reauthorize).with(as(this.admin)).with(csrf())).andReturn();

		assertThat(shown.getResponse().getRedirectedUrl()).isEqualTo(AdminPaths.GRID);
		assertThat(AdminMvc.flash(shown)).containsEntry(Flash.ERROR, "The integration '" + integration.name()
				+ "' is not active; activate it instead of reauthorizing it.")
			.containsEntry(Flash.ERROR, AdminMvc.flash(refused).get(Flash.ERROR));
		MvcResult activate = this.mvc.perform(get(AdminPaths.activate(integration.id())).with(as(this.admin)))
			.andReturn();
		assertThat(activate.getResponse().getStatus()).isEqualTo(200);
		assertThat(AdminMvc.body(activate)).contains("id=\"approve\"", "data-reload-on-back");
	}

	/**
	 * The handshake page is shown once, right after the Allow; a later look (Back, Reload) goes to the
	 * grid, which says the exchange is still awaited, then, once the third party completed it, that
	 * the integration is already active.
	 */
	@Test
	void handshakeWhenShownAgainThenGridSaysStillWaitingThenAlreadyActive() throws Exception {
		try (FakeThirdParty party = FakeThirdParty.start()) {
			Integration integration = this.integrations.create(new IntegrationDraft("handshake-" + UUID.randomUUID(),
					null, party.callbackUrl(), party.identityLinkUrl(), false, List.of("Magento_Catalog::products")),
					Actor.system("ActivationControllerTests"));
			MockHttpSession session = new MockHttpSession();
			MvcResult allowed = this.mvc.perform(post(AdminPaths.activate(integration.id())).session(session)
				.with(as(this.admin))
				.with(csrf())).andReturn();
			String handshake = AdminPaths.handshake(integration.id());
			assertThat(allowed.getResponse().getRedirectedUrl()).isEqualTo(handshake);
			MvcResult shown = this.mvc.perform(get(handshake).session(session).with(as(this.admin))).andReturn();
			assertThat(shown.getResponse().getStatus()).isEqualTo(200);
			assertThat(AdminMvc.body(shown)).contains("data-reload-on-back");

			MvcResult waiting = this.mvc.perform(get(handshake).session(session).with(as(this.admin))).andReturn();
			FakeThirdParty.Post credentials = party.awaitPost(Duration.ofSeconds(5));
			GoogleOAuthClient.exchange(new Http(this.port).url("/"), credentials.get("oauth_consumer_key"),
					credentials.get("oauth_consumer_secret"), credentials.get("oauth_verifier"));
			MvcResult active = this.mvc.perform(get(handshake).session(session).with(as(this.admin))).andReturn();

			assertThat(waiting.getResponse().getRedirectedUrl()).isEqualTo(AdminPaths.GRID);
			assertThat(AdminMvc.flash(waiting)).containsEntry(Flash.NOTICE, "The integration '" + integration.name()
					+ "' is still waiting for the third party to complete the token exchange. Use Activate to send the "
					+ "credentials again.");
			assertThat(active.getResponse().getRedirectedUrl()).isEqualTo(AdminPaths.GRID);
			assertThat(AdminMvc.flash(active)).containsEntry(Flash.NOTICE, "The integration '" + integration.name()
					+ "' is already active; reauthorize it to issue new access tokens.");
		}
	}

}
