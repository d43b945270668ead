package dev.keyway.admin;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import dev.keyway.account.AdminAccounts;
import dev.keyway.account.AdminUser;
import dev.keyway.testing.Eventually;
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
 * The Webhook Deliveries page's Target column and Resend for an integration's own callback (issue
 * 17.5), in the shared context (no operator URL: its rows wait untouched; the delivery thread takes
 * only integration rows).
 */
@KeywayIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebhookTargetPageTests {

	@Autowired
	WebApplicationContext context;

	@Autowired
	AdminAccounts accounts;

	@Autowired
	JdbcClient jdbc;

	MockMvc mvc;

	AdminUser admin;

	@BeforeAll
	void setUp() {
		this.mvc = AdminMvc.mockMvc(this.context);
		this.admin = AdminMvc.newAdmin(this.accounts, "webhook-target-tests", "webhook-target-tests-password-1");
	}

	@Test
	void listWhenOperatorAndIntegrationRowsThenTargetNamesEach() throws Exception {
		long integration = 700_000 + (long) (Math.random() * 99_999);
		String name = "target page " + UUID.randomUUID();
		insert(integration, name, "operator", "failed", "the receiver answered 500");
		insert(integration, name, "integration", "failed", "the receiver answered 503");

		MvcResult result = this.mvc.perform(get(AdminPaths.WEBHOOKS).param("integration", Long.toString(integration))
			.with(AdminMvc.as(this.admin))).andReturn();

		String body = AdminMvc.body(result);
		assertThat(result.getResponse().getStatus()).isEqualTo(200);
		assertThat(body).contains(AdminMvc.html("Operator: (not configured)"),
				"class=\"target-integration\">" + AdminMvc.html("Callback of " + name) + "<");
	}

	@Test
	void resendWhenIntegrationRowThenAttemptedAgainForTheIntegration() throws Exception {
		long integration = 700_000 + (long) (Math.random() * 99_999);
		long id = insert(integration, "resend target " + UUID.randomUUID(), "integration", "failed",
				"the receiver answered 503");

		MvcResult result = this.mvc.perform(post(AdminPaths.WEBHOOKS + "/" + id + "/resend").with(csrf())
			.with(AdminMvc.as(this.admin))).andReturn();

		assertThat(result.getResponse().getStatus()).isEqualTo(302);
		// the integration does not exist: the delivery thread attempts it once more and fails it, saying why
		Eventually.within(Duration.ofSeconds(30), "resent row " + id + " attempted",
				() -> String.valueOf(lastError(id)).contains("no longer exists"));
		assertThat(this.jdbc.sql("SELECT status || ':' || attempts FROM webhook_outbox WHERE id = :id").param("id", id)
			.query(String.class).single()).isEqualTo("failed:1");
	}

	private String lastError(long id) {
		return this.jdbc.sql("SELECT last_error FROM webhook_outbox WHERE id = :id").param("id", id)
			.query(String.class).single();
	}

	private long insert(long integration, String name, String target, String status, String error) {
		UUID eventId = UUID.randomUUID();
		Timestamp now = Timestamp.from(Instant.now());
		this.jdbc.sql("""
				INSERT INTO webhook_outbox (event_id, type, integration_id, integration_name, payload, target, status,
				    created_at, next_attempt_at, attempts, last_status, last_error)
				VALUES (:e, 'integration.reauthorized', :i, :name, '{}', :target, :status, :now, :now, 3, 503, :error)
				""")
			.param("e", eventId).param("i", integration).param("name", name).param("target", target)
			.param("status", status).param("now", now).param("error", error)
			.update();
		return this.jdbc.sql("SELECT id FROM webhook_outbox WHERE event_id = :e").param("e", eventId)
			.query(Long.class).single();
	}

}
