/**
 * The Web API's machinery on {@code /rest/**} (SPEC 5), no routes of its own: the servlet's pipeline
 * (parse, verify, authorize, handler, writer), authentication of the caller, route matching, response
 * writing and the one error step. Modules contribute routes through {@link dev.keyway.webapi.RouteContributor}
 * and the meaning of their exceptions through {@link dev.keyway.webapi.ErrorTranslator}; handlers see an
 * {@link dev.keyway.webapi.ApiRequest} and throw {@link dev.keyway.webapi.ApiException} or their own
 * module's exceptions. See docs/ARCHITECTURE.md for one request's walk.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = { "oauth", "acl", "audit", "settings", "account", "integration" })
package dev.keyway.webapi;
