package dev.keyway.integration;

/**
 * Published (inside the transaction) when an integration was deleted, by an admin, the management
 * API or the declared-integrations file.
 */
public record IntegrationDeleted(long integrationId, String name) {
}
