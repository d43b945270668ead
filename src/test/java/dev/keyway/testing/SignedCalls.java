package dev.keyway.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

import com.github.scribejava.core.model.Verb;


/**
 * Web API calls as a third party makes them: an integration created and activated through the
 * management API, calls signed by an independent OAuth library (never by Keyway's own signer).
 */
public final class SignedCalls {

	/** The independent OAuth 1.0a implementations tests sign with. */
	public enum Library {

		/** google-oauth-client, HMAC-SHA256. */
		GOOGLE,

		/** ScribeJava, HMAC-SHA1. */
		SCRIBE

	}

	private SignedCalls() {
	}

	/** Creates an integration with these resources (or All when null), activates it, returns its four values. */
	public static OAuthClientCredentials integration(AdminApi admin, String name, List<String> resources) {
		String grant = (resources == null) ? "\"all_resources\":true"
				: "\"resources\":[" + resources.stream().map((id) -> "\"" + id + "\"").collect(Collectors.joining(","))
						+ "]";
		long id = admin.createIntegration("{\"name\":\"" + name + " " + UUID.randomUUID() + "\"," + grant + "}");
		Http.Response activation = admin.post("/rest/V1/integrations/" + id + "/activate", "{}");
		if (activation.status() != 200) {
			throw new IllegalStateException("Activation refused: " + activation);
		}
		return OAuthClientCredentials.ofActivation(activation.body());
	}

	/** A signed call; {@code jsonBody} may be null. */
	public static Http.Response call(Library library, String method, String url, OAuthClientCredentials credentials,
			String jsonBody) {
		try {
			if (library == Library.GOOGLE) {
				return GoogleOAuthClient.call(method, url, credentials, jsonBody);
			}
			return ScribeOAuthClient.call(Verb.valueOf(method), url, credentials, jsonBody);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(method + " " + url + " failed", ex);
		}
	}

}
