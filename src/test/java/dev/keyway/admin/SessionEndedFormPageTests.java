package dev.keyway.admin;

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
import dev.keyway.testing.KeywayIntegrationTest;
import dev.keyway.testing.Sources;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.web.context.WebApplicationContext;

import static dev.keyway.admin.AdminMvc.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * After a session ended, signing in again leads to the page that shows the form, where the browser puts back what
 * was typed (keyway-draft.js): also when the form was the one the server sent back after refusing a Save, whose URL
 * (the POST's) answers no GET. The pages carry what the browser needs, and no typed value is kept on the server.
 */
@KeywayIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SessionEndedFormPageTests {

	static final String PASSWORD = "session-ended-password-1";

	@Autowired
	WebApplicationContext context;

	@Autowired
	AdminAccounts accounts;

	@Autowired
	IntegrationService integrations;

	MockMvc mvc;

	AdminUser admin;

	@BeforeAll
	void setUp() {
		this.mvc = AdminMvc.mockMvc(this.context);
		this.admin = AdminMvc.newAdmin(this.accounts, "session-ended", PASSWORD);
	}

	@Test
	void createWhenSessionEndedOnTheFormSentBackAfterARefusalThenTheNewPageAfterSignIn() throws Exception {
		assertThat(signInAfterEndedPost("/admin/integrations", "http://localhost/admin/integrations"))
			.isEqualTo("/admin/integrations/new");
	}

	@Test
	void updateWhenSessionEndedOnTheFormSentBackAfterARefusalThenItsEditPageAfterSignIn() throws Exception {
		Integration integration = this.integrations.create(new IntegrationDraft("Session ended " + UUID.randomUUID(),
				null, null, null, true, List.of()), Actor.system("test"));
		String posted = "/admin/integrations/" + integration.id();

		assertThat(signInAfterEndedPost(posted, "http://localhost" + posted)).isEqualTo(posted + "/edit");
	}

	@Test
	void updateWhenSessionEndedOnTheEditPageThenThatPageAfterSignIn() throws Exception {
		assertThat(signInAfterEndedPost("/admin/integrations/42", "http://localhost/admin/integrations/42/edit"))
			.isEqualTo("/admin/integrations/42/edit");
	}

	@Test
	void saveConfigWhenSessionEndedThenTheConfigPageAfterSignIn() throws Exception {
		assertThat(signInAfterEndedPost("/admin/config/webapi", "http://localhost/admin/config/webapi"))
			.isEqualTo("/admin/config/webapi");
	}

	@Test
	void loginPageWhenNotSavedThenTheTabsTextForKeptValuesAndTheDraftScript() throws Exception {
		String page = body(this.mvc.perform(get("/admin/login?expired&notSaved")).andReturn());

		assertThat(page).contains("id=\"not-saved\"", "data-draft-kept=\"What you sent was not saved. This browser tab kept",
				"/admin/assets/keyway-draft.js");
	}

	/** A form posted with a session that ended (a token that session never issued), then a sign-in: where it leads. */
	private String signInAfterEndedPost(String path, String referer) throws Exception {
		MockHttpSession fresh = new MockHttpSession();
		this.mvc.perform(get("/admin/login").session(fresh));
		MvcResult ended = this.mvc.perform(post(path).session(fresh)
			.with(csrf().useInvalidToken())
			.header("Referer", referer)
			.param("name", "Typed " + UUID.randomUUID())
			.param("currentPassword", PASSWORD)).andReturn();
		assertThat(ended.getResponse().getRedirectedUrl()).isEqualTo("/admin/login?expired&notSaved");
		MvcResult signedIn = this.mvc.perform(post("/admin/login").session(fresh).with(csrf()).with((request) -> {
			request.setRemoteAddr(Sources.unique());
			return request;
		}).param("username", this.admin.username()).param("password", PASSWORD)).andReturn();
		return signedIn.getResponse().getRedirectedUrl();
	}

}
