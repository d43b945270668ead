package dev.keyway.admin;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import dev.keyway.account.AdminAccounts;
import dev.keyway.account.AdminUser;
import dev.keyway.testing.KeywayIntegrationTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.web.context.WebApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

/** Without a gateway file (the shared test context) the page is not found and not linked (issue 15.6). */
@KeywayIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GatewayPageAbsentTests {

	@Autowired
	WebApplicationContext context;

	@Autowired
	AdminAccounts accounts;

	MockMvc mvc;

	AdminUser admin;

	@BeforeAll
	void setUp() {
		this.mvc = AdminMvc.mockMvc(this.context);
		this.admin = AdminMvc.newAdmin(this.accounts, "gateway-absent", "gateway-absent-password-1");
	}

	@Test
	void listWhenNoGatewayFileThenNotFoundAndNotLinked() throws Exception {
		MvcResult page = this.mvc.perform(get(AdminPaths.GATEWAY).with(AdminMvc.as(this.admin))).andReturn();
		String grid = AdminMvc.body(this.mvc.perform(get(AdminPaths.GRID).with(AdminMvc.as(this.admin))).andReturn());

		assertThat(page.getResponse().getStatus()).isEqualTo(404);
		assertThat(grid).contains("href=\"/admin/integrations\"").doesNotContain("/admin/gateway");
	}

}
