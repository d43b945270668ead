package dev.keyway.webapi;

import java.util.List;

import tools.jackson.databind.json.JsonMapper;

import dev.keyway.acl.Grant;
import dev.keyway.settings.RuntimeSettings;

import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The route table: every Web API operation in one place, with the ACL resources it requires
 * (SPEC 5.3: all of them), so the authorization rule of each route is visible here.
 */
@Configuration(proxyBeanMethods = false)
class Routes {

	static final List<String> ANONYMOUS = List.of(Grant.ANONYMOUS);

	static final List<String> INTEGRATIONS = List.of("Magento_Integration::integrations");

	static final List<String> CONFIG = List.of("Magento_Config::config");

	@Bean
	RouteTable routeTable(IntegrationRoutes integrations, SettingsRoutes settings, AccountRoutes accounts,
			AclRoutes acl) {
		return new RouteTable.Builder()
			// admin tokens (SPEC 5.2)
			.post("/V1/integration/admin/token", ANONYMOUS, accounts::adminToken,
					"Issue an admin token for a user name and password")
			// management API: integrations (SPEC 2)
			.get("/V1/integrations", INTEGRATIONS, integrations::list, "List integrations")
			.post("/V1/integrations", INTEGRATIONS, integrations::create, "Create an integration")
			.get("/V1/integrations/:id", INTEGRATIONS, integrations::get, "Get an integration")
			.put("/V1/integrations/:id", INTEGRATIONS, integrations::update, "Update an integration")
			.delete("/V1/integrations/:id", INTEGRATIONS, integrations::delete,
					"Delete an integration and revoke its credentials")
			.post("/V1/integrations/:id/activate", INTEGRATIONS, integrations::activate, "Activate an integration")
			.post("/V1/integrations/:id/reauthorize", INTEGRATIONS, integrations::reauthorize,
					"Reauthorize an integration: new access token and secret")
			.get("/V1/acl/resources", INTEGRATIONS, acl::resources, "The ACL resource tree")
			// management API: runtime settings (SPEC 2.8)
			.get("/V1/settings", CONFIG, settings::get, "Read the runtime settings")
			.put("/V1/settings", CONFIG, settings::put, "Change runtime settings")
			.build();
	}

	@Bean
	ServletRegistrationBean<WebApiServlet> webApiServlet(RouteTable routes, StoreCodes storeCodes,
			RuntimeSettings settings, ResponseWriter writer, JsonMapper json, WebApiProperties properties) {
		ServletRegistrationBean<WebApiServlet> registration = new ServletRegistrationBean<>(
				new WebApiServlet(routes, storeCodes, settings, writer, json, properties), "/rest/*");
		registration.setName("webApi");
		registration.setLoadOnStartup(1);
		return registration;
	}

	@Bean
	StoreCodes storeCodes() {
		return (code) -> StoreCodes.DEFAULT.equals(code) || StoreCodes.ALL.equals(code);
	}

}
