package dev.keyway.oauth;

import java.net.URI;
import java.time.Instant;

import com.google.api.client.auth.oauth.OAuthParameters;
import org.junit.jupiter.api.Test;

import dev.keyway.testing.DatabaseIndependent;
import dev.keyway.testing.SignedRequests;

import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A developer trial behind nginx's plain {@code proxy_pass}: the client signs the store's public URL
 * {@code https://shop.example.test/…}, and the proxy hands the call on with {@code Host: keyway:8080} and no
 * X-Forwarded header at all, so nothing in the request names the URL the client called and the refusal
 * got the general hint. The operator has said what that URL is ({@code keyway.public-base-url}); a
 * signature that verifies over it is named, with what to change. The client's signatures are
 * google-oauth-client's.
 */
@DatabaseIndependent
class PublicBaseUrlHintsTests {

	private static final long NOW = 1_780_000_000L;

	private static final String PATH = "/rest/V1/store/storeConfigs";

	private final Consumer consumer = new Consumer(1, "ck", "consumer-secret", Instant.ofEpochSecond(NOW));

	@Test
	void forSignatureWhenSignedForThePublicBaseUrlThenNamesItAndTheProxySetting() throws Exception {
		MockHttpServletRequest request = received(signedHeader("https://shop.example.test" + PATH, "consumer-secret"));

		assertThat(hint(request, "https://shop.example.test/"))
			.contains("The signature verifies for https://shop.example.test" + PATH)
			.contains("keyway.public-base-url")
			.contains("http://keyway:8080" + PATH)
			.contains("server.forward-headers-strategy");
	}

	@Test
	void forSignatureWhenPublicBaseUrlHasAPathThenTheCalledPathFollowsIt() throws Exception {
		MockHttpServletRequest request = received(signedHeader("https://shop.example.test/api" + PATH, "consumer-secret"));

		assertThat(hint(request, "https://shop.example.test/api/"))
			.contains("The signature verifies for https://shop.example.test/api" + PATH);
	}

	@Test
	void forSignatureWhenSecretWrongThenThePublicBaseUrlIsNotNamed() throws Exception {
		MockHttpServletRequest request = received(signedHeader("https://shop.example.test" + PATH, "another-secret"));

		assertThat(hint(request, "https://shop.example.test/")).isNull();
	}

	private String hint(MockHttpServletRequest request, String publicBaseUrl) {
		return Hints.forSignature(OAuthRequest.of(request, null),
				new ProtocolChecks.Checked(this.consumer, SignatureMethod.HMAC_SHA256, NOW, NOW + 601), "token-secret",
				URI.create(publicBaseUrl));
	}

	/** The call as nginx's proxy_pass hands it on: Host names the upstream, no X-Forwarded header. */
	private static MockHttpServletRequest received(String authorization) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", PATH);
		request.setScheme("http");
		request.setServerName("keyway");
		request.setServerPort(8080);
		request.addHeader("Authorization", authorization);
		return request;
	}

	private static String signedHeader(String url, String consumerSecret) throws Exception {
		OAuthParameters oauth = SignedRequests.sha256("ck", consumerSecret, "tk", "token-secret");
		oauth.nonce = "n1";
		oauth.timestamp = Long.toString(NOW);
		oauth.version = "1.0";
		return SignedRequests.sign(oauth, "GET", url);
	}

}
