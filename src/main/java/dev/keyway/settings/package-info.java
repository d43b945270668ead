/**
 * Runtime settings (SPEC 2.8) in the database; implements {@code oauth.OAuthSettings}.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = { "audit", "oauth" })
package dev.keyway.settings;
