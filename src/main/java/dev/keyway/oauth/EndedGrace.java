package dev.keyway.oauth;

import java.time.Instant;

/** A previous access token removed because its grace period ended at {@code at} (issue 17.4). */
public record EndedGrace(long consumerId, Instant at) {
}
