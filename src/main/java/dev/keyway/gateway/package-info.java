/**
 * The gateway (issue 15): upstream APIs and ACL resources declared in the operator's file
 * ({@code keyway.gateway.file}), their routes contributed to the Web API pipeline, which
 * authenticates and authorizes them like built-in routes before the reverse proxy forwards them;
 * and verify-only endpoints for proxies in front ({@code /auth/verify} for nginx {@code auth_request},
 * {@code /auth/envoy/...} for Envoy's {@code ext_authz}, {@code /auth/forward} for Caddy's {@code forward_auth}
 * and Traefik's {@code ForwardAuth}).
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = { "webapi", "acl", "oauth" })
package dev.keyway.gateway;
