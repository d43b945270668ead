package dev.keyway.admin;

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
import dev.keyway.testing.KeywayIntegrationTest;

import org.springframework.beans.factory.annotation.Autowired;
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
					+ "http://169.254.169.254/latest/meta-data/: its host resolves to 169.254.169.254, in the link-local "
					+ "block 169.254.0.0/16.")
			.contains("keyway.callbacks.allowed-networks");
		assertThat(this.integrations.get(integration.id()).status()).isEqualTo(IntegrationStatus.INACTIVE);
	}

}
