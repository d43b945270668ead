/**
 * The integration lifecycle (SPEC 2): create, update, activate (direct, handshake), reauthorize,
 * delete, declared integrations.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = { "oauth", "acl", "audit", "settings", "outbound" })
package dev.keyway.integration;
