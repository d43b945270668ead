package dev.keyway.oauth;

import java.time.Instant;

import com.google.api.client.auth.oauth.OAuthParameters;
import org.junit.jupiter.api.Test;

import dev.keyway.testing.DatabaseIndependent;
import dev.keyway.testing.SignedRequests;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A developer trial: a search sent once-encoded ({@code searchCriteria%5BpageSize%5D=2}, which the server
 * decodes to brackets) but signed with its names encoded twice ({@code searchCriteria%255BpageSize%255D},
 * npm oauth-1.0a's mistake) got a hint saying that a name "still holds an escape after decoding", which the
 * developer could not find on the wire: the escape is in what the client signed, not in what it sent. A
 * name that does arrive holding an escape (sent as {@code %255B}) keeps that text. The client's signatures
 * are google-oauth-client's.
 */
@DatabaseIndependent
class DoubleEncodedNameHintsTests {

	private static final long NOW = 1_780_000_000L;

	private static final String URI = "http://shop.test/rest/V1/products";

	private final Consumer consumer = new Consumer(1, "ck", "consumer-secret", Instant.ofEpochSecond(NOW));

	@Test
	void forSignatureWhenNamesSignedEncodedTwiceButSentOnceThenSaysTheyWereSignedSo() throws Exception {
		String header = signedHeader(URI + "?searchCriteria%255BpageSize%255D=2");
		OAuthRequest request = OAuthRequest.parse("GET", URI, "searchCriteria%5BpageSize%5D=2", header, null);

		assertThat(hint(request)).isEqualTo(Hints.NAMES_SIGNED_ENCODED_TWICE)
			.doesNotContain("still holds an escape");
	}

	@Test
	void forSignatureWhenNamesSentEncodedTwiceThenSaysTheyArriveHoldingAnEscape() throws Exception {
		String header = signedHeader(URI + "?searchCriteria%5BpageSize%5D=2");
		OAuthRequest request = OAuthRequest.parse("GET", URI, "searchCriteria%255BpageSize%255D=2", header, null);

		assertThat(hint(request)).isEqualTo(Hints.DOUBLE_ENCODED);
	}

	private String hint(OAuthRequest request) {
		return Hints.forSignature(request,
				new ProtocolChecks.Checked(this.consumer, SignatureMethod.HMAC_SHA256, NOW, NOW + 601), "token-secret");
	}

	/** The Authorization header google-oauth-client writes for this URL (its query decoded, then encoded once). */
	private static String signedHeader(String url) throws Exception {
		OAuthParameters oauth = SignedRequests.sha256("ck", "consumer-secret", "tk", "token-secret");
		oauth.nonce = "n1";
		oauth.timestamp = Long.toString(NOW);
		oauth.version = "1.0";
		return SignedRequests.sign(oauth, "GET", url);
	}

}
