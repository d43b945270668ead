package dev.keyway.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;

import oauth.signpost.OAuthConsumer;
import oauth.signpost.basic.DefaultOAuthConsumer;
import oauth.signpost.exception.OAuthException;
import oauth.signpost.signature.HmacSha256MessageSigner;

/**
 * A third party's client built on signpost (HMAC-SHA256, Authorization header, the JDK's
 * HttpURLConnection): a third Java implementation independent of Keyway's signer. The query is
 * signed; a JSON body is sent but not signed (signpost reads only form bodies), as Magento expects.
 */
public final class SignpostOAuthClient {

	private SignpostOAuthClient() {
	}

	public static Http.Response call(String method, String url, OAuthClientCredentials credentials, String jsonBody)
			throws IOException {
		OAuthConsumer consumer = new DefaultOAuthConsumer(credentials.consumerKey(), credentials.consumerSecret());
		consumer.setMessageSigner(new HmacSha256MessageSigner());
		consumer.setTokenWithSecret(credentials.accessToken(), credentials.accessTokenSecret());
		HttpURLConnection connection = (HttpURLConnection) URI.create(url).toURL().openConnection();
		connection.setRequestMethod(method);
		connection.setRequestProperty("Accept", "application/json");
		if (jsonBody != null) {
			connection.setRequestProperty("Content-Type", "application/json");
			connection.setDoOutput(true);
		}
		try {
			consumer.sign(connection);
		}
		catch (OAuthException ex) {
			throw new IOException("signpost could not sign " + method + " " + url, ex);
		}
		if (jsonBody != null) {
			try (OutputStream out = connection.getOutputStream()) {
				out.write(jsonBody.getBytes(StandardCharsets.UTF_8));
			}
		}
		int status = connection.getResponseCode();
		try (InputStream in = (status < 400) ? connection.getInputStream() : connection.getErrorStream()) {
			String body = (in != null) ? new String(in.readAllBytes(), StandardCharsets.UTF_8) : "";
			return new Http.Response(status, body, java.util.Map.of());
		}
		finally {
			connection.disconnect();
		}
	}

}
