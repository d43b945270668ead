package dev.keyway.management;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.keyway.acl.Grant;
import dev.keyway.audit.AuditTrail;
import dev.keyway.integration.Integration;
import dev.keyway.integration.IntegrationManagement;
import dev.keyway.integration.IntegrationService;
import dev.keyway.webapi.AuthorizationRefusals;
import dev.keyway.webapi.Caller;
import dev.keyway.webapi.Route;

import org.springframework.stereotype.Component;

/**
 * Audits management calls refused by the route's ACL check (issue 11.1): an integration without
 * the management resource (All does not include it) trying to list, read, change, activate,
 * reauthorize or delete integrations, or to read or change settings. The entry names the actor
 * with its address, the target (the integration of the path, else the route) and the missing
 * resources. Guests are not audited: they have no identity to record, and anyone could fill the
 * log with them; their 401 is all they get.
 */
@Component
class ManagementRefusalAudit implements AuthorizationRefusals {

	private static final int MAX_ID_LENGTH = 40;

	private final AuditTrail audit;

	private final IntegrationService integrations;

	ManagementRefusalAudit(AuditTrail audit, IntegrationService integrations) {
		this.audit = audit;
		this.integrations = integrations;
	}

	@Override
	public void refused(Route route, Map<String, String> variables, Caller caller, String sourceAddress) {
		List<String> management = route.resources().stream().filter(Grant.EXPLICIT_ONLY::contains).toList();
		if (management.isEmpty() || caller instanceof Caller.Guest) {
			return;
		}
		String operation = route.method() + " " + route.path().text();
		Map<String, String> refusal = new LinkedHashMap<>();
		refusal.put("operation", operation);
		refusal.put("rule", "needs " + String.join(", ", management)
				+ ", which All does not include; an admin grants it explicitly");
		this.audit.record(caller.actor(sourceAddress), IntegrationManagement.REFUSED,
				subject(operation, variables.get("id")), null, refusal);
	}

	private AuditTrail.Subject subject(String operation, String id) {
		if (id == null) {
			return new AuditTrail.Subject("route", null, operation);
		}
		try {
			long number = Long.parseLong(id);
			String name = this.integrations.find(number).map(Integration::name).orElse("(no such integration)");
			return AuditTrail.Subject.integration(number, name);
		}
		catch (NumberFormatException ex) {
			// not an id (the handler would answer 400): the route, with the value as sent, bounded
			String shown = (id.length() > MAX_ID_LENGTH) ? id.substring(0, MAX_ID_LENGTH) + "…" : id;
			return new AuditTrail.Subject("route", null, operation + " (id \"" + shown + "\")");
		}
	}

}
