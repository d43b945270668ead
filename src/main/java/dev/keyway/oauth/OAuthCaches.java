package dev.keyway.oauth;

import org.springframework.stereotype.Component;

/**
 * Control of this module's caches for other nodes' changes: the cluster relays a
 * {@link CredentialsChanged} from another node here, and empties everything when notifications may
 * have been lost.
 */
@Component
public class OAuthCaches {

	private final CredentialCache credentials;

	private final BearerAccessTokens bearer;

	OAuthCaches(CredentialCache credentials, BearerAccessTokens bearer) {
		this.credentials = credentials;
		this.bearer = bearer;
	}

	/** Drops what is cached about one consumer ({@code consumerKey} may be null). */
	public void evict(long consumerId, String consumerKey) {
		this.credentials.evict(consumerId, consumerKey);
		this.bearer.evictAll();
	}

	public void evictAll() {
		this.credentials.evictAll();
		this.bearer.evictAll();
	}

}
