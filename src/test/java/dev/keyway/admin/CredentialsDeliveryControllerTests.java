package dev.keyway.admin;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import dev.keyway.account.AdminAccounts;
import dev.keyway.account.AdminUser;
import dev.keyway.audit.Actor;
import dev.keyway.integration.CredentialsDeliveries;
import dev.keyway.integration.CredentialsDelivery;
import dev.keyway.integration.DeliveryOutcome;
import dev.keyway.integration.Integration;
import dev.keyway.integration.IntegrationDraft;
import dev.keyway.integration.IntegrationService;
import dev.keyway.testing.FakeThirdParty;
import dev.keyway.testing.KeywayIntegrationTest;

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
 * Issue 16.5 in the admin: the Edit page's Credentials deliveries section lists the POSTs, and its
 * Resend credentials button (only while the handshake is pending) posts the credentials again, then
 * redirects back (POST → redirect → GET).
 */
@KeywayIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CredentialsDeliveryControllerTests {

	@Autowired
	WebApplicationContext context;

	@Autowired
	IntegrationService integrations;

	@Autowired
	AdminAccounts accounts;

	@Autowired
	CredentialsDeliveries deliveries;

	@Autowired
	org.springframework.context.MessageSource messages;

	MockMvc mvc;

	AdminUser admin;

	@BeforeAll
	void setUp() {
		this.mvc = AdminMvc.mockMvc(this.context);
		this.admin = AdminMvc.newAdmin(this.accounts, "deliveries-tests", "deliveries-tests-password-1");
	}

	@Test
	void resendWhenHandshakePendingThenPostedAgainRedirectedAndBothDeliveriesShown() throws Exception {
		try (FakeThirdParty party = FakeThirdParty.start()) {
			Integration integration = this.integrations.create(new IntegrationDraft("resend-" + UUID.randomUUID(), null,
					party.callbackUrl(), party.identityLinkUrl(), false, List.of("Magento_Catalog::products")),
					Actor.system("CredentialsDeliveryControllerTests"));
			this.integrations.activate(integration.id(), Actor.system("CredentialsDeliveryControllerTests"));
			FakeThirdParty.Post first = party.awaitPost(Duration.ofSeconds(5));
			String edit = AdminPaths.edit(integration.id());

			MvcResult page = this.mvc.perform(get(edit).with(as(this.admin))).andReturn();
			assertThat(AdminMvc.body(page)).contains("Credentials deliveries", "id=\"resend-credentials\"", "delivered");

			MvcResult resent = this.mvc.perform(post(AdminPaths.GRID + "/" + integration.id() + "/resend-credentials")
				.with(as(this.admin))
				.with(csrf())).andReturn();

			assertThat(resent.getResponse().getRedirectedUrl()).isEqualTo(edit + "#deliveries");
			assertThat(AdminMvc.flash(resent).get(Flash.SUCCESS)).asString().contains("have been sent again");
			assertThat(party.awaitPost(Duration.ofSeconds(5)).form()).isEqualTo(first.form());
			MvcResult after = this.mvc.perform(get(edit).with(as(this.admin))).andReturn();
			assertThat(AdminMvc.body(after).split("<code>delivered</code>", -1)).hasSize(3);
		}
	}

	@Test
	void editWhenDeliveryTimedOutThenItsRowSaysTheThirdPartyMayHaveReceivedTheCredentials() throws Exception {
		Integration integration = this.integrations.create(new IntegrationDraft("timed-out-" + UUID.randomUUID(), null,
				"https://partner.example.com/cb", "https://partner.example.com/link", false, List.of()),
				Actor.system("CredentialsDeliveryControllerTests"));
		java.time.Instant at = java.time.Instant.parse("2025-05-01T10:00:00Z");
		this.deliveries.record(integration.id(), new CredentialsDelivery(at, DeliveryOutcome.TRANSPORT_ERROR, null,
				"java.io.IOException: no response within the credentials POST timeout", 5000));
		this.deliveries.record(integration.id(), new CredentialsDelivery(at.plusSeconds(60),
				DeliveryOutcome.TRANSPORT_ERROR, null, "org.apache.hc.client5.http.HttpHostConnectException: Connect to "
						+ "https://partner.example.com:443 failed: Connection refused", 3));

		MvcResult page = this.mvc.perform(get(AdminPaths.edit(integration.id())).with(as(this.admin))).andReturn();

		String body = AdminMvc.body(page);
		String said = "Timed out: the third party may have received the credentials";
		assertThat(this.messages.getMessage("deliveries.timedOut", null, java.util.Locale.ROOT)).startsWith(said);
		assertThat(body.split(said, -1)).as("once, for the timed-out post only").hasSize(2);
		// newest first: the refused connection's row, then the timed-out one, whose error cell says it
		assertThat(body.indexOf("Connection refused")).isLessThan(body.indexOf("no response within"));
		assertThat(body.indexOf(said)).isGreaterThan(body.indexOf("no response within"));
	}

	@Test
	void editWhenIntegrationWithoutHandshakeThenNoResendButtonAndResendRefused() throws Exception {
		Integration integration = this.integrations.create(new IntegrationDraft("no-resend-" + UUID.randomUUID(), null,
				null, null, true, List.of()), Actor.system("CredentialsDeliveryControllerTests"));
		String edit = AdminPaths.edit(integration.id());

		MvcResult page = this.mvc.perform(get(edit).with(as(this.admin))).andReturn();
		MvcResult refused = this.mvc.perform(post(AdminPaths.GRID + "/" + integration.id() + "/resend-credentials")
			.with(as(this.admin))
			.with(csrf())).andReturn();

		assertThat(AdminMvc.body(page)).contains("Credentials deliveries", "No credentials were posted yet.")
			.doesNotContain("id=\"resend-credentials\"");
		assertThat(refused.getResponse().getRedirectedUrl()).isEqualTo(edit + "#deliveries");
		assertThat(AdminMvc.flash(refused).get(Flash.ERROR)).asString().contains("has no pending handshake");
	}

}
