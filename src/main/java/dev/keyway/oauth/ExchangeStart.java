package dev.keyway.oauth;

/** What the handshake posts to the third party's callback URL (SPEC 2.4 step 2). */
public record ExchangeStart(String consumerKey, String consumerSecret, String verifier) {

	@Override
	public String toString() {
		return "ExchangeStart[consumerKey=" + this.consumerKey + ", secrets hidden]";
	}

}
