package dev.keyway.admin;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import dev.keyway.account.AdminAccounts;
import dev.keyway.account.AdminUser;
import dev.keyway.audit.AuditEntry;
import dev.keyway.audit.AuditTrail;
import dev.keyway.testing.KeywayIntegrationTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.web.context.WebApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * System › Action Logs › Webhook Deliveries (issue 17.5) in the shared context, where webhooks are
 * off (no URL): rows are written straight into the outbox, so no delivery thread touches them.
 */
@KeywayIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebhookControllerTests {

	@Autowired
	WebApplicationContext context;

	@Autowired
	AdminAccounts accounts;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	AuditTrail audit;

	MockMvc mvc;

	AdminUser admin;

	@BeforeAll
	void setUp() {
		this.mvc = AdminMvc.mockMvc(this.context);
		this.admin = AdminMvc.newAdmin(this.accounts, "webhook-page-tests", "webhook-page-tests-password-1");
	}

	@Test
	void listWhenFilteredByStatusThenOnlyThoseShownWithMenuLinkAndOffHint() throws Exception {
		long integration = 800_000 + (long) (Math.random() * 99_999);
		UUID failed = insert(integration, "integration.deleted", "failed", 503, "the receiver answered 503");
		UUID delivered = insert(integration, "integration.activated", "delivered", 200, null);

		MvcResult result = this.mvc.perform(get(AdminPaths.WEBHOOKS).param("status", "failed")
			.param("integration", Long.toString(integration))
			.with(AdminMvc.as(this.admin))).andReturn();

		String body = AdminMvc.body(result);
		assertThat(result.getResponse().getStatus()).isEqualTo(200);
		assertThat(body).contains(failed.toString(), "the receiver answered 503", "id=\"webhooks-link\"",
				AdminMvc.html("The operator's webhooks are off"),
				AdminMvc.html("This list also shows the lifecycle webhooks that integrations receive at their own Callback URL"))
			.doesNotContain(delivered.toString());
	}

	@Test
	void resendWhenFailedThenRequeuedAuditedAndRedirectedWithFilter() throws Exception {
		long integration = 800_000 + (long) (Math.random() * 99_999);
		UUID eventId = insert(integration, "integration.deleted", "failed", 500, "the receiver answered 500");
		long id = this.jdbc.sql("SELECT id FROM webhook_outbox WHERE event_id = :e").param("e", eventId)
			.query(Long.class).single();

		MvcResult result = this.mvc.perform(post(AdminPaths.WEBHOOKS + "/" + id + "/resend").param("status", "failed")
			.with(csrf())
			.with(AdminMvc.as(this.admin))).andReturn();

		assertThat(result.getResponse().getStatus()).isEqualTo(302);
		assertThat(result.getResponse().getRedirectedUrl()).isEqualTo("/admin/webhooks?status=failed");
		assertThat(AdminMvc.flash(result).get(Flash.SUCCESS).toString()).contains(eventId.toString());
		assertThat(this.jdbc.sql("SELECT status FROM webhook_outbox WHERE id = :id").param("id", id)
			.query(String.class).single()).isEqualTo("pending");
		List<AuditEntry> entries = this.audit.find("integration", Long.toString(integration), 5, 0);
		assertThat(entries).extracting(AuditEntry::action).contains("webhook.resend");
	}

	@Test
	void resendWhenNoSuchDeliveryThenErrorFlash() throws Exception {
		MvcResult result = this.mvc.perform(post(AdminPaths.WEBHOOKS + "/987654321/resend").with(csrf())
			.with(AdminMvc.as(this.admin))).andReturn();

		assertThat(result.getResponse().getStatus()).isEqualTo(302);
		assertThat(AdminMvc.flash(result).get(Flash.ERROR).toString()).contains("987654321");
	}

	private UUID insert(long integration, String type, String status, int lastStatus, String error) {
		UUID eventId = UUID.randomUUID();
		Timestamp now = Timestamp.from(Instant.now());
		this.jdbc.sql("""
				INSERT INTO webhook_outbox (event_id, type, integration_id, integration_name, payload, target, status,
				    created_at, next_attempt_at, attempts, last_status, last_error)
				VALUES (:e, :type, :i, :name, '{}', 'operator', :status, :now, :now, 3, :last, :error)
				""")
			.param("e", eventId).param("type", type).param("i", integration).param("name", "page " + eventId)
			.param("status", status).param("now", now).param("last", lastStatus).param("error", error)
			.update();
		return eventId;
	}

}
