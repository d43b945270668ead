package dev.keyway.oauth;

import java.time.Duration;

/**
 * The runtime settings the OAuth provider reads on every request (SPEC 2.8). This module defines
 * what it needs; the settings module provides it, so that this module depends on no other.
 */
public interface OAuthSettings {

	/** How far {@code oauth_timestamp} may be from the server clock, in either direction. */
	Duration timestampWindow();

	/** False restricts signatures to HMAC-SHA256. */
	boolean hmacSha1Allowed();

	/** The consumer window: how long after the credentials post {@code /oauth/token/request} is accepted. */
	Duration consumerWindow();

	/** True lets an access token alone, as a Bearer token, authenticate its integration. */
	boolean bearerAccessTokens();

	/** True runs the cleanup of stale request tokens. */
	boolean cleanupEnabled();

	/** Request tokens older than this are removed by the cleanup. */
	Duration cleanupAge();

}
