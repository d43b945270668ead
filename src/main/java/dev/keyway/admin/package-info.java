/**
 * The admin UI (Thymeleaf).
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = { "integration", "acl", "audit", "settings", "account", "oauth", "health" })
package dev.keyway.admin;
