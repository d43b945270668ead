package dev.keyway.integration;

import java.time.Instant;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.keyway.acl.Grant;
import dev.keyway.audit.Actor;
import dev.keyway.audit.AuditTrail;

import org.springframework.stereotype.Service;

/**
 * The lifecycle as the management API offers it (issue 11.1): an admin manages every integration; an
 * integration holding {@link Grant#MANAGE_INTEGRATIONS} sees and manages only the integrations it
 * created, never grants beyond its own grant, and never edits, activates or reauthorizes a creation
 * that holds more than it does (an admin may have widened it), since activating hands over that
 * creation's credentials. Another integration's record answers as if it did not exist, so ids
 * cannot be probed. Every refusal is audited ({@link #REFUSED}) with actor, target and address.
 */
@Service
public class IntegrationManagement {

	/** The audit action of a refused management call. */
	public static final String REFUSED = "management.refused";

	static final String NOT_CREATOR = "an integration may manage only the integrations it created";

	static final String HOLDS_MORE = "an integration may not manage an integration that holds more than it does";

	static final String GRANTS_MORE = "an integration may not grant resources it does not hold";

	private final IntegrationService integrations;

	private final IntegrationStore store;

	private final AuditTrail audit;

	private final DebugAnswers debugAnswers;

	IntegrationManagement(IntegrationService integrations, IntegrationStore store, AuditTrail audit,
			DebugAnswers debugAnswers) {
		this.debugAnswers = debugAnswers;
		this.integrations = integrations;
		this.store = store;
		this.audit = audit;
	}

	/**
	 * A page of the integrations the manager may see (all for an admin, its creations for an
	 * integration), each complete with its grant and consumer key.
	 */
	public IntegrationPage search(IntegrationQuery query, Manager manager) {
		return this.integrations.searchComplete(query, manager.integrationId());
	}

	public Integration get(long id, Manager manager, Actor actor) {
		return target(id, manager, actor, "get", false);
	}

	/** Creates an integration owned by the managing integration (none for an admin). */
	public Integration create(IntegrationDraft draft, Actor actor, Manager manager) {
		try {
			return this.integrations.create(draft, actor, manager.grant(), manager.integrationId());
		}
		catch (IntegrationException ex) {
			if (ex.reason() == IntegrationException.Reason.FORBIDDEN) {
				// no integration exists yet: the subject is the route, the requested name is in the detail
				refuse(actor, new AuditTrail.Subject("route", null, "POST /V1/integrations"), "create", GRANTS_MORE,
						"'" + draft.name() + "': " + ex.getMessage());
			}
			throw ex;
		}
	}

	/** The integration as it is before an update, when the manager may update it. */
	public Integration beforeUpdate(long id, Manager manager, Actor actor) {
		return target(id, manager, actor, "update", true);
	}

	public Integration update(long id, IntegrationDraft draft, Actor actor, Manager manager) {
		Integration target = target(id, manager, actor, "update", true);
		try {
			return this.integrations.update(id, draft, actor, manager.grant());
		}
		catch (IntegrationException ex) {
			if (ex.reason() == IntegrationException.Reason.FORBIDDEN) {
				refuse(actor, AuditTrail.Subject.integration(id, target.name()), "update", GRANTS_MORE, ex.getMessage());
			}
			throw ex;
		}
	}

	public Integration delete(long id, Actor actor, Manager manager) {
		target(id, manager, actor, "delete", false);
		return this.integrations.delete(id, actor);
	}

	public Activation activate(long id, Actor actor, Manager manager) {
		target(id, manager, actor, "activate", true);
		return this.integrations.activate(id, actor);
	}

	public Activation reauthorize(long id, Actor actor, Manager manager) {
		target(id, manager, actor, "reauthorize", true);
		return this.integrations.reauthorize(id, actor);
	}

	/** As {@link #reauthorize(long, Actor, Manager)}, the new token expiring at {@code expiresAt} (null: never). */
	public Activation reauthorize(long id, Instant expiresAt, Actor actor, Manager manager) {
		target(id, manager, actor, "reauthorize", true);
		return this.integrations.reauthorize(id, actor, expiresAt);
	}

	/** As {@link #activate(long, Actor, Manager)}, the access token expiring at {@code expiresAt} (issue 17.3). */
	public Activation activate(long id, Instant expiresAt, Actor actor, Manager manager) {
		target(id, manager, actor, "activate", true);
		return this.integrations.activate(id, actor, expiresAt);
	}

	/** As {@link #reauthorize(long, Instant, Actor, Manager)}, keeping the old token for {@code grace} (issue 17.4). */
	public Activation reauthorize(long id, Instant expiresAt, GracePeriod grace, Actor actor, Manager manager) {
		target(id, manager, actor, "reauthorize", true);
		return this.integrations.reauthorize(id, actor, expiresAt, grace);
	}

	/** Cuts off the previous access token (issue 17.4): the same rights as reauthorizing. */
	public Integration cutOffPreviousToken(long id, Actor actor, Manager manager) {
		target(id, manager, actor, "reauthorize", true);
		return this.integrations.cutOffPreviousToken(id, actor);
	}

	/** When the previous access token stops working, for an integration the manager may read (issue 17.4). */
	public java.util.Optional<Instant> previousTokenValidUntil(long id) {
		return this.integrations.previousTokenValidUntil(id);
	}

	/** The same for the integrations of a list, by integration id. */
	public Map<Long, Instant> previousTokensValidUntil(List<Integration> integrations) {
		return this.integrations.previousTokensValidUntil(integrations);
	}

	/** Sets the guardrails (issue 17) of an integration the manager may update. */
	public Integration setGuardrails(long id, IpAllowList ipAllowList, Instant accessExpiresAt, Actor actor,
			Manager manager) {
		target(id, manager, actor, "update", true);
		return this.integrations.setGuardrails(id, ipAllowList, accessExpiresAt, actor);
	}

	/** Switches the debug answer (issue 16) of an integration the manager may update on for {@code minutes}. */
	public java.time.Instant switchDebugAnswerOn(long id, long minutes, Actor actor, Manager manager) {
		target(id, manager, actor, "update", true);
		return this.debugAnswers.switchOn(id, minutes, actor);
	}

	/** Switches the debug answer of an integration the manager may update off. */
	public void switchDebugAnswerOff(long id, Actor actor, Manager manager) {
		target(id, manager, actor, "update", true);
		this.debugAnswers.switchOff(id, actor);
	}

	/** Sets the guardrails (issue 17) with the rate limit (null: the settings' default) of an integration the manager may update. */
	public Integration setGuardrails(long id, IpAllowList ipAllowList, Instant accessExpiresAt, RateLimit rateLimit,
			Actor actor, Manager manager) {
		target(id, manager, actor, "update", true);
		return this.integrations.setGuardrails(id, ipAllowList, accessExpiresAt, rateLimit, actor);
	}

	/**
	 * The integration {@code id} when the manager may do {@code operation} on it; {@code covering}
	 * operations also need the manager's grant to cover the target's.
	 */
	private Integration target(long id, Manager manager, Actor actor, String operation, boolean covering) {
		IntegrationStore.Row row = this.store.findById(id).orElseThrow(() -> IntegrationException.notFound(id));
		if (!manager.manages(row.createdBy())) {
			refuse(actor, AuditTrail.Subject.integration(id, row.name()), operation, NOT_CREATOR,
					"created by " + ((row.createdBy() != null) ? "integration " + row.createdBy() : "an admin"));
			// as if it did not exist: another integration's ids and names are not disclosed
			throw IntegrationException.notFound(id);
		}
		Integration integration = this.integrations.get(id);
		if (covering) {
			List<String> beyond = manager.grant().beyond(integration.grant());
			if (!beyond.isEmpty()) {
				refuse(actor, AuditTrail.Subject.integration(id, integration.name()), operation, HOLDS_MORE,
						"holds " + String.join(", ", beyond));
				throw new IntegrationException(IntegrationException.Reason.FORBIDDEN, "An integration may not "
						+ operation + " an integration that holds resources it does not hold: " + String.join(", ", beyond)
						+ ".");
			}
		}
		return integration;
	}

	private void refuse(Actor actor, AuditTrail.Subject subject, String operation, String rule, String detail) {
		Map<String, String> refusal = new LinkedHashMap<>();
		refusal.put("operation", operation);
		refusal.put("rule", rule);
		refusal.put("detail", detail);
		this.audit.record(actor, REFUSED, subject, null, refusal);
	}

}
