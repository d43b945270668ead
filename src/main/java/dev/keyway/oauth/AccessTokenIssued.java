package dev.keyway.oauth;

/** Published (inside the transaction) when {@code /oauth/token/access} issues an access token. */
public record AccessTokenIssued(long consumerId) {
}
