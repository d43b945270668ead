package dev.keyway.integration;

import java.time.Instant;

/**
 * Published once per ended grace of a reauthorization (issue 17.4): the previous access token of the
 * integration stopped working at {@code at}, because its grace ran out (the cleanup noticed) or an
 * admin cut it off. Published inside the transaction that removed it.
 */
public record RotationGraceEnded(long integrationId, String name, Instant at) {
}
