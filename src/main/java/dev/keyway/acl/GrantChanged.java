package dev.keyway.acl;

/** Published (inside the transaction) when an integration's grant changes or is removed. */
public record GrantChanged(long integrationId) {
}
