package dev.keyway.oauth;

import java.net.URI;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Keyway as an OAuth 1.0a <em>client</em> (issue 15.4): signs an outgoing call with HMAC-SHA256 for
 * credentials Keyway holds at another service (a Magento behind the gateway), with the same base
 * string and signature code that verifies incoming calls. The base string covers the method, the
 * target URL (RFC 5849 3.4.1.2), its query parameters and the form body parameters given; a JSON
 * body is not signed (as in Magento).
 */
public final class OAuthSigner {

	private static final SecureRandom RANDOM = new SecureRandom();

	/** The four values a client holds; {@link #toString()} shows no secret. */
	public record Credentials(String consumerKey, String consumerSecret, String token, String tokenSecret) {

		@Override
		public String toString() {
			return "Credentials[consumerKey=" + this.consumerKey + ", secrets hidden]";
		}

	}

	private OAuthSigner() {
	}

	/** The {@code Authorization} header for {@code method url} with a fresh nonce and {@code timestamp}. */
	public static String authorization(Credentials credentials, String method, URI url, List<Parameter> formBody,
			long timestamp) {
		byte[] nonce = new byte[16];
		RANDOM.nextBytes(nonce);
		return authorization(credentials, method, url, formBody, timestamp, HexFormat.of().formatHex(nonce));
	}

	static String authorization(Credentials credentials, String method, URI url, List<Parameter> formBody,
			long timestamp, String nonce) {
		SignatureMethod signatureMethod = SignatureMethod.HMAC_SHA256;
		List<Parameter> protocol = List.of(new Parameter("oauth_consumer_key", credentials.consumerKey()),
				new Parameter("oauth_nonce", nonce),
				new Parameter("oauth_signature_method", signatureMethod.wireName()),
				new Parameter("oauth_timestamp", Long.toString(timestamp)),
				new Parameter("oauth_token", credentials.token()), new Parameter("oauth_version", "1.0"));
		List<Parameter> all = new ArrayList<>(protocol);
		all.addAll(OAuthRequest.parseForm(url.getRawQuery()));
		all.addAll(formBody);
		String baseUri = SignatureBaseString.baseUri(url.getScheme(), url.getHost(), url.getPort(), url.getRawPath());
		String signature = signatureMethod.sign(SignatureBaseString.of(method, baseUri, all),
				credentials.consumerSecret(), credentials.tokenSecret());
		StringBuilder header = new StringBuilder("OAuth ");
		for (Parameter parameter : protocol) {
			header.append(PercentEncoding.encode(parameter.name())).append("=\"")
				.append(PercentEncoding.encode(parameter.value())).append("\", ");
		}
		return header.append("oauth_signature=\"").append(PercentEncoding.encode(signature)).append('"').toString();
	}

}
