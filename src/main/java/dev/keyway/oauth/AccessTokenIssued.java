package dev.keyway.oauth;

/**
 * Published (inside the transaction) when {@code /oauth/token/access} issues an access token.
 * @param sourceAddress the address the exchange came from (the third party's), for the audit log (SPEC 2.10)
 */
public record AccessTokenIssued(long consumerId, String sourceAddress) {
}
