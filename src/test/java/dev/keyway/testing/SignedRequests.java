package dev.keyway.testing;

import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import com.google.api.client.auth.oauth.OAuthHmacSha256Signer;
import com.google.api.client.auth.oauth.OAuthHmacSigner;
import com.google.api.client.auth.oauth.OAuthParameters;
import com.google.api.client.auth.oauth.OAuthSigner;
import com.google.api.client.http.GenericUrl;

/**
 * Deliberately shaped OAuth requests, signed by google-oauth-client (an implementation independent
 * of Keyway's signer): build the parameters, change what the test needs (nonce, timestamp, version,
 * secrets), sign for one method and URL, then send the header wherever the test wants.
 */
public final class SignedRequests {

	private SignedRequests() {
	}

	/** HMAC-SHA256 parameters with a fresh nonce and the current timestamp; {@code token} may be null. */
	public static OAuthParameters sha256(String consumerKey, String consumerSecret, String token, String tokenSecret) {
		OAuthHmacSha256Signer signer = new OAuthHmacSha256Signer(consumerSecret);
		signer.setTokenSecret(tokenSecret);
		return withSigner(signer, consumerKey, token);
	}

	/** HMAC-SHA1 parameters with a fresh nonce and the current timestamp. */
	public static OAuthParameters sha1(String consumerKey, String consumerSecret, String token, String tokenSecret) {
		OAuthHmacSigner signer = new OAuthHmacSigner();
		signer.clientSharedSecret = consumerSecret;
		signer.tokenSharedSecret = tokenSecret;
		return withSigner(signer, consumerKey, token);
	}

	public static OAuthParameters withSigner(OAuthSigner signer, String consumerKey, String token) {
		OAuthParameters parameters = new OAuthParameters();
		parameters.signer = signer;
		parameters.consumerKey = consumerKey;
		parameters.token = token;
		parameters.computeNonce();
		parameters.computeTimestamp();
		return parameters;
	}

	/** Signs for {@code method} and {@code url} (its query is signed) and returns the Authorization header. */
	public static String sign(OAuthParameters parameters, String method, String url) {
		try {
			parameters.computeSignature(method, new GenericUrl(url));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
		return parameters.getAuthorizationHeader();
	}

	/** A signer announcing a method the server does not support (its signature is never checked). */
	public static OAuthSigner unsupported(String methodName) {
		return new OAuthSigner() {

			@Override
			public String getSignatureMethod() {
				return methodName;
			}

			@Override
			public String computeSignature(String signatureBaseString) {
				return "c2lnbmF0dXJl";
			}

		};
	}

	/**
	 * Waits until a second has just begun (less than 150 ms into it) and returns it, so a test that
	 * depends on the server's clock second has most of a second before the server reads its clock.
	 */
	public static long freshSecond(Clock clock) {
		while (true) {
			long millis = clock.millis();
			if (millis % 1000 < 150) {
				return millis / 1000;
			}
			try {
				Thread.sleep(1000 - millis % 1000 + 5);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
	}

	/** The items of an {@code OAuth ...} header as google-oauth-client wrote them, in order. */
	public static List<String> items(String authorization) {
		List<String> items = new ArrayList<>();
		for (String item : authorization.substring("OAuth ".length()).split(",")) {
			items.add(item.strip());
		}
		return items;
	}

	/** An {@code OAuth} header from items, joined with {@code separator}. */
	public static String header(List<String> items, String separator) {
		return "OAuth " + String.join(separator, items);
	}

	/** The same items in reverse order. */
	public static List<String> reversed(List<String> items) {
		List<String> copy = new ArrayList<>(items);
		Collections.reverse(copy);
		return copy;
	}

}
