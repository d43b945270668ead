package dev.keyway.webapi;

import java.time.Instant;

/**
 * An integration was refused for its rate limit (issue 17.2): published by each node at most once a
 * minute per integration, on the first refusal, for listeners such as webhooks.
 */
public record RateLimitHit(long integrationId, String name, Instant at) {
}
