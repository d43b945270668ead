package dev.keyway.testing;

import java.io.IOException;
import java.util.concurrent.ExecutionException;

import com.github.scribejava.core.builder.ServiceBuilder;
import com.github.scribejava.core.builder.api.DefaultApi10a;
import com.github.scribejava.core.model.OAuth1AccessToken;
import com.github.scribejava.core.model.OAuth1RequestToken;
import com.github.scribejava.core.model.OAuthRequest;
import com.github.scribejava.core.model.Response;
import com.github.scribejava.core.model.Verb;
import com.github.scribejava.core.oauth.OAuth10aService;

/**
 * A third party's client built on ScribeJava (HMAC-SHA1, Authorization header): a second
 * implementation independent of Keyway's signer.
 */
public final class ScribeOAuthClient {

	private ScribeOAuthClient() {
	}

	static final class KeywayApi extends DefaultApi10a {

		private final String base;

		KeywayApi(String base) {
			this.base = base;
		}

		@Override
		public String getRequestTokenEndpoint() {
			return this.base + "oauth/token/request";
		}

		@Override
		public String getAccessTokenEndpoint() {
			return this.base + "oauth/token/access";
		}

		@Override
		protected String getAuthorizationBaseUrl() {
			return this.base + "admin";
		}

	}

	public static OAuth10aService service(String baseUrl, String consumerKey, String consumerSecret) {
		return new ServiceBuilder(consumerKey).apiSecret(consumerSecret).build(new KeywayApi(baseUrl));
	}

	public static OAuthClientCredentials exchange(String baseUrl, String consumerKey, String consumerSecret,
			String verifier) throws IOException {
		try (OAuth10aService service = service(baseUrl, consumerKey, consumerSecret)) {
			OAuth1RequestToken requestToken = service.getRequestToken();
			OAuth1AccessToken accessToken = service.getAccessToken(requestToken, verifier);
			return new OAuthClientCredentials(consumerKey, consumerSecret, accessToken.getToken(),
					accessToken.getTokenSecret());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException(ex);
		}
		catch (ExecutionException ex) {
			throw new IOException(ex);
		}
	}

	/** A signed call; a JSON body (if any) is sent but not signed. */
	public static Http.Response call(Verb verb, String url, OAuthClientCredentials credentials, String jsonBody)
			throws IOException {
		try (OAuth10aService service = service("http://unused/", credentials.consumerKey(),
				credentials.consumerSecret())) {
			OAuthRequest request = new OAuthRequest(verb, url);
			if (jsonBody != null) {
				request.addHeader("Content-Type", "application/json");
				request.setPayload(jsonBody);
			}
			request.addHeader("Accept", "application/json");
			service.signRequest(new OAuth1AccessToken(credentials.accessToken(), credentials.accessTokenSecret()),
					request);
			try (Response response = service.execute(request)) {
				return new Http.Response(response.getCode(), response.getBody(), java.util.Map.of());
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException(ex);
		}
		catch (ExecutionException ex) {
			throw new IOException(ex);
		}
	}

}
