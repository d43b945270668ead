package dev.keyway.admin;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.keyway.account.AdminAccounts;
import dev.keyway.account.AdminUser;
import dev.keyway.testing.KeywayIntegrationTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.web.context.WebApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

/** The audit page's {@code page} parameter (issue 11.6 item 3): any value answers a page, never a 500. */
@KeywayIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditPageTests {

	@Autowired
	WebApplicationContext context;

	@Autowired
	AdminAccounts accounts;

	MockMvc mvc;

	AdminUser admin;

	@BeforeAll
	void setUp() {
		this.mvc = AdminMvc.mockMvc(this.context);
		this.admin = AdminMvc.newAdmin(this.accounts, "audit-page-tests", "audit-page-tests-password-1");
	}

	@ParameterizedTest
	@CsvSource({ "99999999999, 42949672", "2147483647, 42949672", "42949673, 42949672", "0, 1", "-5, 1", "abc, 1",
			"'', 1", "3, 3" })
	void listWhenPageOutOfRangeThenClampedPageShown(String page, int shown) throws Exception {
		MvcResult result = this.mvc.perform(get(AdminPaths.AUDIT).param("page", page).with(AdminMvc.as(this.admin)))
			.andReturn();
		assertThat(result.getResponse().getStatus()).as(result.getResponse().getContentAsString()).isEqualTo(200);
		assertThat(result.getModelAndView().getModel().get("page")).isEqualTo(shown);
	}

}
