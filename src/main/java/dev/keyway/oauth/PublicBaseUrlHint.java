package dev.keyway.oauth;

import java.net.URI;

/**
 * A bad signature over the store's public URL ({@code keyway.public-base-url}) with the path the server
 * received: a proxy handed the call on without any header naming the host, port or scheme the client
 * called (nginx's plain {@code proxy_pass} sends {@code Host: <upstream>} and no X-Forwarded header), so
 * the request alone cannot say which URL was signed; the operator's setting can. Named only when the
 * signature verifies over that URL with the request's key.
 */
final class PublicBaseUrlHint {

	private PublicBaseUrlHint() {
	}

	/** The hint naming the public URL the signature verifies for; else null. */
	static String forSignature(OAuthRequest request, ProtocolChecks.Checked checked, String tokenSecret, String signature,
			URI publicBaseUrl) {
		if (publicBaseUrl == null || publicBaseUrl.getScheme() == null || publicBaseUrl.getHost() == null
				|| signature == null || signature.isEmpty()) {
			return null;
		}
		String seen = request.baseUri();
		int authority = seen.indexOf("://");
		int pathStart = (authority < 0) ? -1 : seen.indexOf('/', authority + 3);
		if (pathStart < 0) {
			return null;
		}
		String base = SignatureBaseString.baseUri(publicBaseUrl.getScheme(), publicBaseUrl.getHost(),
				publicBaseUrl.getPort(), publicBaseUrl.getRawPath());
		String uri = (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + seen.substring(pathStart);
		if (uri.equals(seen)
				|| !checked.method().verify(request.baseString(uri), checked.consumer().secret(), tokenSecret, signature)) {
			return null;
		}
		return "The signature verifies for " + uri + ", at this store's public base URL (keyway.public-base-url), but "
				+ "not for the URL this server sees, " + seen + ": the proxy in front of Keyway hands calls on without "
				+ "saying which host, port or scheme the client called. Have the proxy send X-Forwarded-Host and "
				+ "X-Forwarded-Proto (or pass the Host header on), and let Keyway trust them "
				+ "(server.forward-headers-strategy=native); the client signs the URL it calls, as it should.";
	}

}
