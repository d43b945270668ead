package dev.keyway.management;

import java.util.List;

import dev.keyway.acl.Grant;
import dev.keyway.webapi.RouteContributor;
import dev.keyway.webapi.RouteTable;

import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * The management routes (admin token, integrations, ACL tree, runtime settings), one line each with
 * the ACL resources they require. The management resources are outside All, granted explicitly
 * (issue 11.1); none is opened by the guest switch.
 */
@Component
@Order(1)
class ManagementRoutes implements RouteContributor {

	static final List<String> MANAGE_INTEGRATIONS = List.of(Grant.MANAGE_INTEGRATIONS);

	static final List<String> MANAGE_SETTINGS = List.of(Grant.MANAGE_SETTINGS);

	private final IntegrationRoutes integrations;

	private final SettingsRoutes settings;

	private final AccountRoutes accounts;

	private final AclRoutes acl;

	ManagementRoutes(IntegrationRoutes integrations, SettingsRoutes settings, AccountRoutes accounts, AclRoutes acl) {
		this.integrations = integrations;
		this.settings = settings;
		this.accounts = accounts;
		this.acl = acl;
	}

	@Override
	public void contribute(RouteTable.Builder routes) {
		IntegrationRoutes integrations = this.integrations;
		routes
			// admin tokens (SPEC 5.2)
			.post("/V1/integration/admin/token", RouteTable.ANONYMOUS, this.accounts::adminToken,
					"Issue an admin token for a user name and password")
			// integrations (SPEC 2)
			.get("/V1/integrations", MANAGE_INTEGRATIONS, integrations::list, "List integrations")
			.post("/V1/integrations", MANAGE_INTEGRATIONS, integrations::create, "Create an integration")
			.get("/V1/integrations/:id", MANAGE_INTEGRATIONS, integrations::get, "Get an integration")
			.get("/V1/integrations/:id/health", MANAGE_INTEGRATIONS, integrations::health,
					"An integration's health: last use, calls and refusals by reason over 24 h and since creation, the newest refusals")
			.post("/V1/integrations/:id/debug-answer", MANAGE_INTEGRATIONS, integrations::debugAnswerOn,
					"Explain the integration's signature failures in the 401 body for up to 60 minutes")
			.delete("/V1/integrations/:id/debug-answer", MANAGE_INTEGRATIONS, integrations::debugAnswerOff,
					"Switch the integration's debug answer off")
			.get("/V1/integrations/:id/credentials-deliveries", MANAGE_INTEGRATIONS, integrations::credentialsDeliveries,
					"The newest POSTs of an integration's credentials to its callback URL (SPEC 5.13)")
			.put("/V1/integrations/:id", MANAGE_INTEGRATIONS, integrations::update, "Update an integration")
			.delete("/V1/integrations/:id", MANAGE_INTEGRATIONS, integrations::delete,
					"Delete an integration and revoke its credentials")
			.post("/V1/integrations/:id/activate", MANAGE_INTEGRATIONS, integrations::activate, "Activate an integration")
			.post("/V1/integrations/:id/reauthorize", MANAGE_INTEGRATIONS, integrations::reauthorize,
					"Reauthorize an integration: new access token and secret")
			.delete("/V1/integrations/:id/previous-token", MANAGE_INTEGRATIONS, integrations::cutOffPreviousToken,
					"End a reauthorization's grace at once: the previous access token stops working")
			.get("/V1/acl/resources", MANAGE_INTEGRATIONS, this.acl::resources, "The ACL resource tree")
			// runtime settings (SPEC 2.8)
			.get("/V1/settings", MANAGE_SETTINGS, this.settings::get, "Read the runtime settings")
			.put("/V1/settings", MANAGE_SETTINGS, this.settings::put, "Change runtime settings");
	}

}
