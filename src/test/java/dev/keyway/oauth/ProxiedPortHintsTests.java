package dev.keyway.oauth;

import java.time.Instant;

import com.google.api.client.auth.oauth.OAuthParameters;
import org.junit.jupiter.api.Test;

import dev.keyway.testing.DatabaseIndependent;
import dev.keyway.testing.SignedRequests;

import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A developer trial behind a TLS proxy on a port other than 443: the client signs
 * {@code https://shop.example.test:8443/…}; the proxy forwards {@code Host: shop.example.test:8443} with
 * {@code X-Forwarded-Proto: https}, or {@code Host: shop.example.test} with {@code X-Forwarded-Port: 8443}
 * (nginx's usual headers). Both got the general hint: the URIs a proxy may have changed were tried without
 * any port, and {@code X-Forwarded-Port} was not read. The client's signatures are google-oauth-client's.
 */
@DatabaseIndependent
class ProxiedPortHintsTests {

	private static final long NOW = 1_780_000_000L;

	private static final String PATH = "/rest/V1/store/storeConfigs";

	private static final String SIGNED = "https://shop.example.test:8443" + PATH;

	private final Consumer consumer = new Consumer(1, "ck", "consumer-secret", Instant.ofEpochSecond(NOW));

	@Test
	void forSignatureWhenHostKeepsThePortAndProtoIsForwardedThenNamesTheSignedUrl() throws Exception {
		MockHttpServletRequest request = received("shop.example.test", 8443, signedHeader("consumer-secret"));
		request.addHeader("X-Forwarded-Proto", "https");

		assertThat(hint(request)).contains("The signature verifies for " + SIGNED + " but not for the URL this server sees");
	}

	@Test
	void forSignatureWhenHostKeepsThePortAndNothingIsForwardedThenNamesTheSignedUrl() throws Exception {
		MockHttpServletRequest request = received("shop.example.test", 8443, signedHeader("consumer-secret"));

		assertThat(hint(request)).contains("The signature verifies for " + SIGNED + " but not for the URL this server sees");
	}

	@Test
	void forSignatureWhenPortIsForwardedApartThenNamesTheSignedUrl() throws Exception {
		MockHttpServletRequest request = received("shop.example.test", 80, signedHeader("consumer-secret"));
		request.addHeader("X-Forwarded-Proto", "https");
		request.addHeader("X-Forwarded-Port", "8443");

		assertThat(hint(request)).contains("The signature verifies for " + SIGNED + " but not for the URL this server sees");
	}

	@Test
	void forSignatureWhenProxyTrustedButItsPortNotForwardedThenNamesTheSignedUrlAndXForwardedPort() throws Exception {
		// server.forward-headers-strategy=native: Tomcat applied X-Forwarded-Proto and, without X-Forwarded-Port,
		// took the https default 443; only the Host header still holds the port the client called
		MockHttpServletRequest request = new MockHttpServletRequest("GET", PATH) {
			// as Tomcat's RemoteIpValve leaves it; the mock would read the port from the Host header
			@Override
			public int getServerPort() {
				return 443;
			}
		};
		request.setScheme("https");
		request.addHeader("Host", "shop.example.test:8443");
		request.addHeader("X-Forwarded-Proto", "https");
		request.addHeader("Authorization", signedHeader("consumer-secret"));

		assertThat(hint(request)).contains("The signature verifies for " + SIGNED + " but not for the URL this server sees")
			.contains("X-Forwarded-Port");
	}

	@Test
	void forSignatureWhenSecretWrongBehindTheSameProxyThenNoProxyIsNamed() throws Exception {
		MockHttpServletRequest request = received("shop.example.test", 80, signedHeader("another-secret"));
		request.addHeader("X-Forwarded-Proto", "https");
		request.addHeader("X-Forwarded-Port", "8443");

		assertThat(hint(request)).isNull();
	}

	private String hint(MockHttpServletRequest request) {
		return Hints.forSignature(OAuthRequest.of(request, null),
				new ProtocolChecks.Checked(this.consumer, SignatureMethod.HMAC_SHA256, NOW, NOW + 601), "token-secret");
	}

	/** The request as the proxy hands it on, over plain http. */
	private static MockHttpServletRequest received(String host, int port, String authorization) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", PATH);
		request.setScheme("http");
		request.setServerName(host);
		request.setServerPort(port);
		request.addHeader("Authorization", authorization);
		return request;
	}

	/** The Authorization header google-oauth-client writes for the URL the client calls. */
	private static String signedHeader(String consumerSecret) throws Exception {
		OAuthParameters oauth = SignedRequests.sha256("ck", consumerSecret, "tk", "token-secret");
		oauth.nonce = "n1";
		oauth.timestamp = Long.toString(NOW);
		oauth.version = "1.0";
		return SignedRequests.sign(oauth, "GET", SIGNED);
	}

}
