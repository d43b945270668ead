package dev.keyway.admin;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.keyway.account.AdminAccounts;
import dev.keyway.account.AdminUser;
import dev.keyway.audit.Actor;
import dev.keyway.integration.Integration;
import dev.keyway.integration.IntegrationDraft;
import dev.keyway.integration.IntegrationQuery;
import dev.keyway.integration.IntegrationService;
import dev.keyway.testing.KeywayIntegrationTest;
import dev.keyway.webhooks.DeliveryFilter;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.web.context.WebApplicationContext;

import static dev.keyway.admin.AdminMvc.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * Hand-edited admin URLs (SPEC 2.10: a page, never an error): a numeric query parameter that is not
 * a number, or is beyond the range, is ignored or clamped like the out-of-range values; an
 * integration id in the path that is not a number is answered as an unknown id is.
 */
@KeywayIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminUrlTests {

	static final String TOO_LARGE_FOR_A_LONG = "99999999999999999999";

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
		this.admin = AdminMvc.newAdmin(this.accounts, "admin-url-tests", "admin-url-tests-password-1");
	}

	@ParameterizedTest
	@CsvSource({ "page, abc, 1, 20", "page, -5, 1, 20", "page, 99999999999, 2147483647, 20", "page, 1.5, 1, 20",
			"limit, abc, 1, 20", "limit, 99999, 1, 200", "limit, 99999999999, 1, 200", "limit, -5, 1, 1",
			"handshake, abc, 1, 20", "handshake, " + TOO_LARGE_FOR_A_LONG + ", 1, 20" })
	void gridWhenNumberParameterHandEditedThenPageWithDefaultOrClampedValue(String parameter, String value,
			int page, int limit) throws Exception {
		MvcResult result = this.mvc.perform(get(AdminPaths.GRID).param(parameter, value).with(as(this.admin)))
			.andReturn();

		assertThat(result.getResponse().getStatus()).as(AdminMvc.body(result)).isEqualTo(200);
		IntegrationQuery query = (IntegrationQuery) result.getModelAndView().getModel().get("query");
		assertThat(query.page()).isEqualTo(page);
		assertThat(query.pageSize()).isEqualTo(limit);
	}

	@ParameterizedTest
	@ValueSource(strings = { "abc", TOO_LARGE_FOR_A_LONG, "1e3", "" })
	void auditWhenIntegrationNotANumberThenWholeLogShown(String integration) throws Exception {
		MvcResult result = this.mvc.perform(get(AdminPaths.AUDIT).param("integration", integration)
			.with(as(this.admin))).andReturn();

		assertThat(result.getResponse().getStatus()).as(AdminMvc.body(result)).isEqualTo(200);
		assertThat(result.getModelAndView().getModel().get("integration")).isNull();
		assertThat(result.getModelAndView().getModel().get("page")).isEqualTo(1);
	}

	@Test
	void auditWhenIntegrationANumberThenFilteredAsBefore() throws Exception {
		MvcResult result = this.mvc.perform(get(AdminPaths.AUDIT).param("integration", "42").with(as(this.admin)))
			.andReturn();

		assertThat(result.getResponse().getStatus()).isEqualTo(200);
		assertThat(result.getModelAndView().getModel().get("integration")).isEqualTo(42L);
	}

	@ParameterizedTest
	@ValueSource(strings = { "zz", TOO_LARGE_FOR_A_LONG })
	void webhooksWhenIntegrationNotANumberThenNotFiltered(String integration) throws Exception {
		MvcResult result = this.mvc.perform(get(AdminPaths.WEBHOOKS).param("integration", integration)
			.param("status", "failed")
			.with(as(this.admin))).andReturn();

		assertThat(result.getResponse().getStatus()).as(AdminMvc.body(result)).isEqualTo(200);
		assertThat(result.getModelAndView().getModel().get("filter"))
			.isEqualTo(new DeliveryFilter("failed", null, null));
	}

	/** The grid, saying the integration does not exist: what an unknown numeric id gets too. */
	@ParameterizedTest
	@CsvSource({ "abc, edit", "abc, delete", "abc, activate", "abc, reauthorize", "abc, tokens", "abc, handshake",
			TOO_LARGE_FOR_A_LONG + ", edit", "987654321987, edit", "987654321987, activate",
			"987654321987, tokens", "987654321987, handshake" })
	void getWhenIntegrationIdNotANumberOrUnknownThenGridSaysItDoesNotExist(String id, String page) throws Exception {
		MvcResult result = this.mvc.perform(get(AdminPaths.GRID + "/" + id + "/" + page).with(as(this.admin)))
			.andReturn();

		assertThat(result.getResponse().getStatus()).isEqualTo(302);
		assertThat(result.getResponse().getRedirectedUrl()).isEqualTo(AdminPaths.GRID);
		assertThat(AdminMvc.flash(result)).containsEntry(Flash.ERROR,
				"The integration with ID \"" + id + "\" doesn't exist.");
	}

	@Test
	void gridWhenOneOrNoRecordThenSingularOrNoneNotRecordsFound() throws Exception {
		String name = "plural-" + UUID.randomUUID();
		this.integrations.create(new IntegrationDraft(name, null, null, null, true, List.of()), Actor.system("AdminUrlTests"));

		String one = AdminMvc.body(this.mvc.perform(get(AdminPaths.GRID).param("name", name).with(as(this.admin))).andReturn());
		String none = AdminMvc.body(this.mvc.perform(get(AdminPaths.GRID).param("name", name + "-none").with(as(this.admin)))
			.andReturn());

		assertThat(one).contains(">1 record found<").doesNotContain("1 records");
		assertThat(none).contains(">No records found<").doesNotContain("0 records");
	}

	@Test
	void editWhenIntegrationIdANumberThenFormWithItsDeliveries() throws Exception {
		Integration integration = this.integrations.create(new IntegrationDraft("url-" + UUID.randomUUID(), null, null,
				null, true, List.of()), Actor.system("AdminUrlTests"));

		MvcResult result = this.mvc.perform(get(AdminPaths.edit(integration.id()))
			.with(as(this.admin))).andReturn();

		assertThat(result.getResponse().getStatus()).isEqualTo(200);
		assertThat(result.getModelAndView().getModel()).containsEntry("deliveriesIntegrationId", integration.id());
	}

	/** The popup opened by the Allow click looks nothing up: any id gets the page that waits for a link. */
	@ParameterizedTest
	@ValueSource(strings = { "abc", "987654321987" })
	void identityLinkWhenIntegrationIdNotANumberOrUnknownThenWaitingPage(String id) throws Exception {
		MvcResult result = this.mvc.perform(get(AdminPaths.GRID + "/" + id + "/identity-link").with(as(this.admin)))
			.andReturn();

		assertThat(result.getResponse().getStatus()).isEqualTo(200);
		assertThat(AdminMvc.body(result)).contains("data-identity-link-popup=\"" + id + "\"");
	}

	/** Forms post numbers: a POST whose id is not one is not a hand-edited URL, and keeps its 400. */
	@Test
	void postWhenIntegrationIdNotANumberThenBadRequest() throws Exception {
		MvcResult result = this.mvc.perform(post(AdminPaths.GRID + "/abc/delete").with(as(this.admin)).with(csrf()))
			.andReturn();

		assertThat(result.getResponse().getStatus()).isEqualTo(400);
	}

}
