package dev.keyway.integration;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.keyway.audit.Actor;
import dev.keyway.audit.AuditTrail;
import dev.keyway.outbound.OutboundPolicy;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * An integration's opt-in to lifecycle webhooks at its own Callback URL (issue 17.5,
 * {@code integrations.lifecycle_webhooks}, V48). Off by default; switching is audited
 * ({@value #AUDIT_ACTION}). Kept out of {@link Integration} (one fewer shared record to merge), as
 * the debug answer is. The webhooks module asks {@link #callbackOf(long)} when it queues an event
 * and again when it sends one.
 */
@Service
public class LifecycleCallbacks {

	/** The audit action of switching an integration's lifecycle webhooks on or off. */
	public static final String AUDIT_ACTION = "integration.lifecycle_webhooks";

	/** Where an opted-in integration's events go, and whose consumer secret signs them. */
	public record Callback(long integrationId, String name, String url, long consumerId) {
	}

	private final IntegrationService integrations;

	private final JdbcClient jdbc;

	private final AuditTrail audit;

	private final TransactionTemplate transaction;

	private final CallbackProperties callbacks;

	LifecycleCallbacks(IntegrationService integrations, JdbcClient jdbc, AuditTrail audit,
			TransactionTemplate transaction, CallbackProperties callbacks) {
		this.integrations = integrations;
		this.jdbc = jdbc;
		this.audit = audit;
		this.transaction = transaction;
		this.callbacks = callbacks;
	}

	/** True when the integration opted in; false too when there is no such integration. */
	public boolean isOn(long integrationId) {
		return this.jdbc.sql("SELECT lifecycle_webhooks FROM integrations WHERE id = :id")
			.param("id", integrationId)
			.query(Boolean.class)
			.optional()
			.orElse(false);
	}

	/** The integrations among these that opted in (one query: a page of the list). */
	public Set<Long> onAmong(Collection<Long> integrationIds) {
		if (integrationIds.isEmpty()) {
			return Set.of();
		}
		return Set.copyOf(this.jdbc.sql("SELECT id FROM integrations WHERE id IN (:ids) AND lifecycle_webhooks = TRUE")
			.param("ids", List.copyOf(integrationIds))
			.query(Long.class)
			.list());
	}

	/** Switches the opt-in; audited when it changes, nothing happens when it does not. */
	public void set(long integrationId, boolean on, Actor actor) {
		Integration integration = this.integrations.get(integrationId);
		boolean before = isOn(integrationId);
		if (before == on) {
			return;
		}
		this.transaction.executeWithoutResult((status) -> {
			this.jdbc.sql("UPDATE integrations SET lifecycle_webhooks = :on WHERE id = :id")
				.param("on", on)
				.param("id", integrationId)
				.update();
			this.audit.record(actor, AUDIT_ACTION, AuditTrail.Subject.integration(integrationId, integration.name()),
					Map.of("lifecycle_webhooks", before), Map.of("lifecycle_webhooks", on));
		});
	}

	/**
	 * The integration's callback when it opted in and has a Callback URL (its endpoint); empty
	 * otherwise, or when it no longer exists.
	 */
	public Optional<Callback> callbackOf(long integrationId) {
		return this.jdbc.sql("""
				SELECT id, name, endpoint, consumer_id FROM integrations
				WHERE id = :id AND lifecycle_webhooks = TRUE AND endpoint IS NOT NULL AND endpoint <> ''
				""")
			.param("id", integrationId)
			.query((rs, n) -> new Callback(rs.getLong("id"), rs.getString("name"), rs.getString("endpoint").strip(),
					rs.getLong("consumer_id")))
			.optional();
	}

	/** The third-party outbound policy ({@code keyway.callbacks.allowed-networks}), as for the credentials POST. */
	public OutboundPolicy policy() {
		return this.callbacks.policy();
	}

	/**
	 * For the admin form's script, which says while the admin types what {@link #refusalWithoutDns(String)} will
	 * say at Save: the non-public blocks ({@code "<cidr> <name>"}, in the order they are tried), and the
	 * operator's allowed networks and host names.
	 */
	public List<String> nonPublicBlocks() {
		return policy().withoutDns().blocks();
	}

	/** As {@link #nonPublicBlocks()}: the networks and host names {@code keyway.callbacks.allowed-networks} allows. */
	public List<String> allowedNetworks() {
		return policy().withoutDns().allowed();
	}

	/**
	 * Why the credentials POST and the lifecycle webhooks would be refused for this Callback URL, judged
	 * without DNS ({@link OutboundPolicy#refusalWithoutDns(String)}): for the admin's Save.
	 */
	public Optional<String> refusalWithoutDns(String endpoint) {
		return (endpoint == null || endpoint.isBlank()) ? Optional.empty() : policy().refusalWithoutDns(endpoint);
	}

}
