/**
 * Why a call was refused and how an integration is used (issue 16): refusals and usage counted in
 * memory on the request's thread, written in batches by a background writer
 * ({@link dev.keyway.health.HealthRecorder}), read for the management API's health route
 * ({@link dev.keyway.health.IntegrationHealth}); the metric {@code keyway_refusals_total}.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = { "oauth", "webapi", "integration" })
package dev.keyway.health;
