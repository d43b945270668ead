/**
 * The admin UI (Thymeleaf).
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = { "integration", "acl", "audit", "settings", "account", "oauth", "gateway", "health", "migration" })
package dev.keyway.admin;
