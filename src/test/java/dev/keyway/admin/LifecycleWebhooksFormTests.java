package dev.keyway.admin;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import dev.keyway.account.AdminAccounts;
import dev.keyway.account.AdminUser;
import dev.keyway.integration.IntegrationQuery;
import dev.keyway.integration.IntegrationService;
import dev.keyway.integration.LifecycleCallbacks;
import dev.keyway.testing.KeywayIntegrationTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.context.WebApplicationContext;

import static dev.keyway.admin.AdminMvc.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/** The New / Edit form's Lifecycle webhooks checkbox (issue 17.5): saved, shown checked, unchecked by leaving it out. */
@KeywayIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LifecycleWebhooksFormTests {

	static final String PASSWORD = "lifecycle-form-password-1";

	@Autowired
	WebApplicationContext context;

	@Autowired
	IntegrationService integrations;

	@Autowired
	AdminAccounts accounts;

	@Autowired
	LifecycleCallbacks callbacks;

	MockMvc mvc;

	AdminUser admin;

	@BeforeAll
	void setUp() {
		this.mvc = AdminMvc.mockMvc(this.context);
		this.admin = AdminMvc.newAdmin(this.accounts, "lifecycle-form", PASSWORD);
	}

	@Test
	void newFormWhenShownThenCheckboxWithHelpTextUnchecked() throws Exception {
		String page = page("/admin/integrations/new");

		assertThat(page).containsPattern("<input id=\"lifecycleWebhooks\" name=\"lifecycleWebhooks\" type=\"checkbox\" value=\"true\"\\s+aria-describedby")
			.contains("Send lifecycle events to the Callback URL", "keyed with its consumer secret");
		assertThat(page).doesNotContainPattern("id=\"lifecycleWebhooks\"[^>]*checked");
	}

	@Test
	void createWhenCheckedThenOnAndShownCheckedAndUpdateWithoutItThenOff() throws Exception {
		String name = "Lifecycle form " + UUID.randomUUID();
		MultiValueMap<String, String> form = form(name, "https://partner.example.com/keyway");
		form.add("lifecycleWebhooks", "true");

		MvcResult created = submit("/admin/integrations", form);
		long id = this.integrations.search(new IntegrationQuery(name, null, null, false, 1, 20)).items().get(0).id();

		assertThat(created.getResponse().getStatus()).isEqualTo(302);
		assertThat(this.callbacks.isOn(id)).isTrue();
		assertThat(page("/admin/integrations/" + id + "/edit")).containsPattern("id=\"lifecycleWebhooks\"[^>]*checked");

		MvcResult updated = submit("/admin/integrations/" + id, form(name, "https://partner.example.com/keyway"));

		assertThat(updated.getResponse().getStatus()).isEqualTo(302);
		assertThat(this.callbacks.isOn(id)).isFalse();
		assertThat(page("/admin/integrations/" + id + "/edit")).doesNotContainPattern("id=\"lifecycleWebhooks\"[^>]*checked");
	}

	private String page(String path) throws Exception {
		return this.mvc.perform(get(path).with(as(this.admin))).andReturn().getResponse().getContentAsString();
	}

	private MvcResult submit(String path, MultiValueMap<String, String> form) throws Exception {
		return this.mvc.perform(post(path).with(as(this.admin)).with(csrf()).params(form)).andReturn();
	}

	private static MultiValueMap<String, String> form(String name, String endpoint) {
		MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
		form.setAll(Map.of("name", name, "email", "", "endpoint", endpoint, "identityLinkUrl", "",
				"currentPassword", PASSWORD, "resourceAccess", "all"));
		return form;
	}

}
