package dev.keyway.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import com.google.api.client.auth.oauth.OAuthCredentialsResponse;
import com.google.api.client.auth.oauth.OAuthGetAccessToken;
import com.google.api.client.auth.oauth.OAuthGetTemporaryToken;
import com.google.api.client.auth.oauth.OAuthHmacSha256Signer;
import com.google.api.client.auth.oauth.OAuthParameters;
import com.google.api.client.http.ByteArrayContent;
import com.google.api.client.http.GenericUrl;
import com.google.api.client.http.HttpRequest;
import com.google.api.client.http.HttpResponse;
import com.google.api.client.http.HttpResponseException;
import com.google.api.client.http.HttpTransport;
import com.google.api.client.http.javanet.NetHttpTransport;

/**
 * A third party's client built on google-oauth-client (HMAC-SHA256, Authorization header), an
 * implementation independent of Keyway's own signer.
 */
public final class GoogleOAuthClient {

	private static final HttpTransport TRANSPORT = new NetHttpTransport();

	private GoogleOAuthClient() {
	}

	/** Runs {@code /oauth/token/request} then {@code /oauth/token/access} and returns the four values. */
	public static OAuthClientCredentials exchange(String baseUrl, String consumerKey, String consumerSecret,
			String verifier) throws IOException {
		OAuthHmacSha256Signer signer = new OAuthHmacSha256Signer(consumerSecret);
		OAuthGetTemporaryToken requestToken = new OAuthGetTemporaryToken(baseUrl + "oauth/token/request") {
			{
				this.usePost = true; // Magento's endpoints take POST; the library's default is GET
			}
		};
		requestToken.consumerKey = consumerKey;
		requestToken.signer = signer;
		requestToken.transport = TRANSPORT;
		OAuthCredentialsResponse temporary = requestToken.execute();
		OAuthHmacSha256Signer accessSigner = new OAuthHmacSha256Signer(consumerSecret);
		accessSigner.setTokenSecret(temporary.tokenSecret);
		OAuthGetAccessToken accessToken = new OAuthGetAccessToken(baseUrl + "oauth/token/access") {
			{
				this.usePost = true;
			}
		};
		accessToken.consumerKey = consumerKey;
		accessToken.signer = accessSigner;
		accessToken.transport = TRANSPORT;
		accessToken.temporaryToken = temporary.token;
		accessToken.verifier = verifier;
		OAuthCredentialsResponse access = accessToken.execute();
		return new OAuthClientCredentials(consumerKey, consumerSecret, access.token, access.tokenSecret);
	}

	/** A signed Web API call; the JSON body (if any) is not signed, as in Magento. */
	public static Http.Response call(String method, String url, OAuthClientCredentials credentials, String jsonBody)
			throws IOException {
		OAuthHmacSha256Signer signer = new OAuthHmacSha256Signer(credentials.consumerSecret());
		signer.setTokenSecret(credentials.accessTokenSecret());
		OAuthParameters oauth = new OAuthParameters();
		oauth.consumerKey = credentials.consumerKey();
		oauth.token = credentials.accessToken();
		oauth.signer = signer;
		HttpRequest request = TRANSPORT.createRequestFactory(oauth)
			.buildRequest(method, new GenericUrl(url),
					(jsonBody != null) ? new ByteArrayContent("application/json", jsonBody.getBytes(StandardCharsets.UTF_8))
							: null);
		request.setThrowExceptionOnExecuteError(false);
		request.getHeaders().setAccept("application/json");
		HttpResponse response = request.execute();
		try {
			return new Http.Response(response.getStatusCode(), response.parseAsString(), java.util.Map.of());
		}
		finally {
			response.disconnect();
		}
	}

	/** The body of a refused token request, e.g. {@code oauth_problem=...}. */
	public static String problemOf(HttpResponseException ex) {
		return ex.getContent();
	}

}
