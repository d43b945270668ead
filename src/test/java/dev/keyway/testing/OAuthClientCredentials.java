package dev.keyway.testing;

/** The four values a third party holds after activation. */
public record OAuthClientCredentials(String consumerKey, String consumerSecret, String accessToken,
		String accessTokenSecret) {
}
