package dev.keyway.oauth;

/**
 * Published (inside the changing transaction) whenever a consumer or its token record changes or
 * disappears. Caches of consumer and token data listen to it, on this node and, relayed, on others.
 */
public record CredentialsChanged(long consumerId, String consumerKey) {
}
