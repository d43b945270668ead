package dev.keyway.oauth;

/** The four values an integration needs to sign Web API calls. */
public record OAuthCredentials(String consumerKey, String consumerSecret, String accessToken,
		String accessTokenSecret) {

	@Override
	public String toString() {
		return "OAuthCredentials[consumerKey=" + this.consumerKey + ", secrets hidden]";
	}

}
