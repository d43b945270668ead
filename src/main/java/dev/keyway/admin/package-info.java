/**
 * The admin UI (Thymeleaf).
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = { "integration", "acl", "audit", "settings", "account", "oauth", "gateway", "health", "webhooks", "migration" })
package dev.keyway.admin;
