/**
 * Cache coherence between nodes on PostgreSQL ({@code pg_notify} in the changing transaction, one
 * {@code LISTEN} connection per node).
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = { "oauth", "acl", "integration", "settings" })
package dev.keyway.cluster;
