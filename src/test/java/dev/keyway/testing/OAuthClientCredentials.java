package dev.keyway.testing;

/** The four values a third party holds after activation. */
public record OAuthClientCredentials(String consumerKey, String consumerSecret, String accessToken,
		String accessTokenSecret) {

	/** The credentials in the body of {@code POST /rest/V1/integrations/{id}/activate}. */
	public static OAuthClientCredentials ofActivation(String body) {
		return new OAuthClientCredentials(AdminApi.field(body, "consumer_key"), AdminApi.field(body, "consumer_secret"),
				AdminApi.field(body, "access_token"), AdminApi.field(body, "access_token_secret"));
	}

}
