package dev.keyway.admin;

import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.keyway.account.AdminAccounts;
import dev.keyway.account.AdminUser;
import dev.keyway.audit.Actor;
import dev.keyway.audit.AuditTrail;
import dev.keyway.audit.AuditTrail.Subject;
import dev.keyway.testing.KeywayIntegrationTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.web.context.WebApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

/**
 * The audit page's {@code page} parameter (issue 11.6 item 3): any value answers a page, never a 500; the
 * Who column's actor (name, then its kind in words).
 */
@KeywayIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditPageTests {

	@Autowired
	WebApplicationContext context;

	@Autowired
	AdminAccounts accounts;

	@Autowired
	AuditTrail audit;

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

	@Test
	void listWhenActorsOfEachKindThenWhoReadsTheNameThenTheKindInWordsNotTheKindThenTheName() throws Exception {
		long subject = 900_000_000L + (System.nanoTime() % 1_000_000L);
		this.audit.record(Actor.admin(this.admin.id(), "admin", "127.0.0.1"), "integration.update",
				Subject.integration(subject, "Audit who"), null, null);
		this.audit.record(Actor.integration(subject, "ERP connector", "127.0.0.1"), "integration.handshake_complete",
				Subject.integration(subject, "Audit who"), null, null);
		this.audit.record(Actor.system("integrations file"), "integration.create", Subject.integration(subject, "Audit who"),
				null, null);

		String page = AdminMvc.body(this.mvc.perform(get(AdminPaths.AUDIT).param("integration", Long.toString(subject))
			.with(AdminMvc.as(this.admin))).andReturn());

		// a trial read "admin admin" (the kind as recorded, then the user name)
		assertThat(page).containsPattern(who("admin", "(admin user)"))
			.containsPattern(who("ERP connector", "(integration)"))
			.containsPattern(who("integrations file", "(system)"))
			.doesNotContain("<span class=\"actor-kind\">admin</span>");
	}

	/** The Who cell: the actor's name, a space, then its kind in the muted label. */
	private static Pattern who(String name, String kind) {
		return Pattern.compile("<td><span>" + Pattern.quote(name) + "</span> <span class=\"actor-kind\">"
				+ Pattern.quote(kind) + "</span></td>");
	}

}
