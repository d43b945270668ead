package dev.keyway.integration;

/** Published (inside the transaction) when an integration is created, changed or deleted. */
public record IntegrationChanged(long integrationId, long consumerId) {
}
