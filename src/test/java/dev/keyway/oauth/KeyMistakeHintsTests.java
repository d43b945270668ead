package dev.keyway.oauth;

import java.time.Instant;

import com.google.api.client.auth.oauth.OAuthParameters;
import org.junit.jupiter.api.Test;

import dev.keyway.testing.DatabaseIndependent;
import dev.keyway.testing.SignedRequests;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A developer trial: a call signed with the consumer secret and the token secret swapped, or without the
 * token secret (the key {@code consumer-secret&}), got the general hint, which leaves the developer to
 * guess which of the two secrets is wrong. Each is named only when the signature verifies with that key,
 * so a wrong secret is never told it was swapped. The client's signatures are google-oauth-client's.
 */
@DatabaseIndependent
class KeyMistakeHintsTests {

	private static final long NOW = 1_780_000_000L;

	private static final String URL = "http://shop.test/rest/V1/products?searchCriteria%5BpageSize%5D=2";

	private final Consumer consumer = new Consumer(1, "ck", "consumer-secret", Instant.ofEpochSecond(NOW));

	@Test
	void forSignatureWhenSecretsSwappedThenNamesTheSwap() throws Exception {
		OAuthRequest request = request(signedHeader("token-secret", "consumer-secret"));

		assertThat(Hints.forSignature(request, checked(), "token-secret")).isEqualTo(Hints.SECRETS_SWAPPED);
	}

	@Test
	void forSignatureWhenTokenSecretLeftOutThenNamesIt() throws Exception {
		OAuthRequest request = request(signedHeader("consumer-secret", ""));

		assertThat(Hints.forSignature(request, checked(), "token-secret")).isEqualTo(Hints.TOKEN_SECRET_LEFT_OUT);
	}

	@Test
	void forSignatureWhenASecretIsSimplyWrongThenNoKeyMistakeIsNamed() throws Exception {
		assertThat(Hints.forSignature(request(signedHeader("another-secret", "token-secret")), checked(), "token-secret"))
			.isNull();
		assertThat(Hints.forSignature(request(signedHeader("consumer-secret", "another-secret")), checked(),
				"token-secret"))
			.isNull();
		assertThat(Hints.forSignature(request(signedHeader("another-secret", "")), checked(), "token-secret")).isNull();
	}

	@Test
	void forSignatureWhenNoTokenSecretIsExpectedThenNoKeyMistakeIsNamed() throws Exception {
		// the request-token step has no token secret: "left out" and "swapped" would name the right key
		OAuthRequest request = request(signedHeader("another-secret", ""));

		assertThat(Hints.forSignature(request, checked(), "")).isNull();
	}

	@Test
	void forSignatureWhenSignedWithThePreviousTokenSecretThenNamesIt() throws Exception {
		OAuthRequest request = request(signedHeader("consumer-secret", "old-token-secret"));

		assertThat(Hints.forSignature(request, checked(), "token-secret", null, "old-token-secret"))
			.isEqualTo(Hints.PREVIOUS_TOKEN_SECRET);
		assertThat(Hints.forSignature(request, checked(), "token-secret", null, "another-secret")).isNull();
		assertThat(Hints.forSignature(request, checked(), "token-secret", null, null)).isNull();
	}

	private OAuthRequest request(String authorization) {
		return OAuthRequest.parse("GET", "http://shop.test/rest/V1/products", "searchCriteria%5BpageSize%5D=2",
				authorization, null);
	}

	private ProtocolChecks.Checked checked() {
		return new ProtocolChecks.Checked(this.consumer, SignatureMethod.HMAC_SHA256, NOW, NOW + 601);
	}

	/** The Authorization header google-oauth-client writes for this key. */
	private static String signedHeader(String consumerSecret, String tokenSecret) throws Exception {
		OAuthParameters oauth = SignedRequests.sha256("ck", consumerSecret, "tk", tokenSecret);
		oauth.nonce = "n1";
		oauth.timestamp = Long.toString(NOW);
		oauth.version = "1.0";
		return SignedRequests.sign(oauth, "GET", URL);
	}

}
