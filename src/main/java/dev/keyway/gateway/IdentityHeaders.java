package dev.keyway.gateway;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import dev.keyway.webapi.Caller;

/**
 * Who calls, told to the upstream (reverse proxy) or to the proxy in front (verify-only endpoints)
 * in headers (issue 15.2, docs/GATEWAY.md): Kong's names that upstreams already know, plus Keyway's
 * caller type. A client's own copy of any of these names (and of {@code X-Forwarded-*}) is removed
 * before forwarding, so it cannot claim another identity.
 */
final class IdentityHeaders {

	static final String CONSUMER_ID = "X-Consumer-ID";

	static final String CONSUMER_USERNAME = "X-Consumer-Username";

	static final String ANONYMOUS = "X-Anonymous-Consumer";

	static final String CALLER_TYPE = "X-Keyway-Caller-Type";

	static final String ADMIN_USERNAME = "X-Keyway-Admin-Username";

	static final String STORE_CODE = "X-Keyway-Store-Code";

	static final String SIGNATURE = "X-Keyway-Signature";

	/**
	 * Kong's other identity headers (its ACL, key-auth and OAuth 2 plugins), which Keyway never sets: an
	 * upstream that came from Kong may read them, so a client's copies go (Envoy is told to remove them).
	 */
	static final String[] KONG_OTHERS = { "X-Consumer-Custom-ID", "X-Consumer-Groups", "X-Credential-Identifier",
			"X-Credential-Username", "X-Authenticated-Groups", "X-Authenticated-Scope", "X-Authenticated-Userid" };

	/** The identity headers in the signature's order (docs/GATEWAY.md): an absent one signs as empty. */
	static final String[] SIGNED = { CONSUMER_ID, CONSUMER_USERNAME, ANONYMOUS, CALLER_TYPE, ADMIN_USERNAME,
			STORE_CODE };

	private IdentityHeaders() {
	}

	/** The identity headers of a caller, in {@link #SIGNED} order. */
	static Map<String, String> of(Caller caller, String storeCode) {
		Map<String, String> headers = new LinkedHashMap<>();
		if (caller instanceof Caller.Integration integration) {
			headers.put(CONSUMER_ID, Long.toString(integration.id()));
			headers.put(CONSUMER_USERNAME, headerValue(integration.name()));
		}
		else if (caller instanceof Caller.Guest) {
			headers.put(ANONYMOUS, "true");
		}
		headers.put(CALLER_TYPE, type(caller));
		if (caller instanceof Caller.Admin admin) {
			headers.put(ADMIN_USERNAME, headerValue(admin.username()));
		}
		headers.put(STORE_CODE, storeCode);
		return headers;
	}

	private static String type(Caller caller) {
		if (caller instanceof Caller.Integration) {
			return "integration";
		}
		return (caller instanceof Caller.Admin) ? "admin" : "guest";
	}

	/**
	 * True for a header only Keyway may set: identity (Kong's {@code X-Authenticated-*} too), signature and forwarding
	 * headers, in any case and with
	 * {@code _} or {@code .} for {@code -} — CGI, PHP (Magento's), WSGI and Rack read {@code X_Consumer_ID} as
	 * {@code X-Consumer-ID} ({@code HTTP_X_CONSUMER_ID}), so that spelling let a client name itself (a review), and
	 * PHP reads {@code X-Consumer.ID} so too (a security trial).
	 * @param lower the name {@link ForwardedHeaders#canonical canonical}: lower case, any other character than a
	 * letter or a digit as {@code -}
	 */
	static boolean reservedCanonical(String lower) {
		return lower.startsWith("x-consumer-") || lower.startsWith("x-credential-") || lower.equals("x-anonymous-consumer")
				|| lower.startsWith("x-authenticated-")
				|| lower.startsWith("x-keyway-") || lower.startsWith("x-forwarded-") || lower.equals("forwarded")
				|| lower.equals("x-real-ip");
	}

	/**
	 * A name as a header value: {@code %}, control characters and non-ASCII percent-encoded as
	 * UTF-8 (RFC 3986), the rest as it is, so "ERP connector" stays readable and any name is safe
	 * in a header. Hand-written: the JDK's and Spring's encoders encode far more than this.
	 */
	static String headerValue(String name) {
		StringBuilder out = new StringBuilder(name.length());
		for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
			int c = b & 0xff;
			if (c == '%' || c < 0x20 || c >= 0x7f) {
				out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
					.append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
			}
			else {
				out.append((char) c);
			}
		}
		return out.toString();
	}

}
