/**
 * The admin UI (Thymeleaf).
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = { "integration", "acl", "audit", "settings", "account", "oauth" })
package dev.keyway.admin;
