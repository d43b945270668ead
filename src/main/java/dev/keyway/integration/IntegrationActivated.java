package dev.keyway.integration;

/**
 * Published (inside the transaction) when an integration became Active: a direct activation or
 * reauthorization, or the end of a handshake (SPEC 2.4, 2.5).
 *
 * @param reauthorization true for a direct reauthorization; a handshake always reports false (by
 * then the handshake's reauthorization has made the integration Inactive, and nothing tells it
 * apart from a first activation)
 */
public record IntegrationActivated(long integrationId, String name, boolean reauthorization) {
}
