/**
 * The management API for automation: integrations, runtime settings, the ACL tree and admin tokens
 * as Web API routes ({@link dev.keyway.webapi.RouteContributor}), their refusals translated for the
 * pipeline ({@link dev.keyway.webapi.ErrorTranslator}), and the audit of refused management calls.
 */
@org.springframework.modulith.ApplicationModule(
		allowedDependencies = { "webapi", "integration", "settings", "acl", "account", "audit", "oauth", "health" })
package dev.keyway.management;
