/**
 * Admin users: password hashing, lock-out, admin tokens, the first admin.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = { "oauth", "settings", "audit" })
package dev.keyway.account;
