package dev.keyway.gateway;

import dev.keyway.oauth.OAuthSigner;

/**
 * How Keyway calls an upstream of {@code kind: magento} (issue 15.4): with the credentials of an
 * integration Keyway holds at that Magento, re-signing each forwarded call with OAuth 1.0a
 * HMAC-SHA256 ({@link Auth#OAUTH}), or sending its access token as a Bearer token ({@link Auth#BEARER},
 * where that Magento allows it). {@link #toString()} shows no secret.
 */
record MagentoAccess(Auth auth, OAuthSigner.Credentials credentials) {

	enum Auth {

		OAUTH, BEARER

	}

	@Override
	public String toString() {
		return "MagentoAccess[" + this.auth + ", consumerKey=" + this.credentials.consumerKey() + "]";
	}

}
