package dev.keyway.gateway;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Which headers a forwarded call takes to the upstream and which of its answer's reach the client (RFC 9110
 * 7.6.1), for both forwarding paths alike: hop-by-hop headers and the ones a {@code Connection} header names stay
 * behind; so do the client's credentials, its framing and its copies of the identity and forwarding headers,
 * which Keyway sets itself ({@link IdentityHeaders}).
 */
final class ForwardedHeaders {

	/**
	 * RFC 9110 7.6.1 and the headers a proxy must not pass on (credentials; lengths set by the client), and the
	 * method overrides that Laravel, Symfony and Express read in place of the request's method:
	 * the route was matched and authorized for the method the call came with (a security trial); and the path
	 * rewrites that older Symfony and zend-http (CVE-2018-14773, ZF2018-01) route by in place of the request's path (a
	 * review).
	 */
	private static final Set<String> NOT_FORWARDED = Set.of("connection", "keep-alive", "te", "transfer-encoding",
			"upgrade", "trailer", "proxy-connection", "proxy-authorization", "proxy-authenticate", "authorization",
			"cookie", "host", "content-length", "expect", "x-http-method-override", "x-http-method", "x-method-override",
			"x-original-url", "x-rewrite-url");

	/** Hop-by-hop headers of an answer (RFC 9110 7.6.1); the container sets its own framing. */
	private static final Set<String> NOT_RETURNED = Set.of("connection", "keep-alive", "te", "transfer-encoding",
			"upgrade", "trailer", "proxy-connection", "proxy-authenticate");

	/** Caching headers: the upstream's replace Keyway's as a group, as Spring Security's writer leaves them. */
	private static final List<String> CACHING = List.of("Cache-Control", "Expires", "Pragma");

	private static final Set<String> CACHING_LOWER = Set.of("cache-control", "expires", "pragma");

	private ForwardedHeaders() {
	}

	/** The client's headers the upstream receives, added to {@code out}. */
	static void copyRequest(HttpServletRequest request, List<String[]> out) {
		// most calls carry no Connection header: no set to build for them
		Set<String> named = (request.getHeader("Connection") != null)
				? connectionTokens(Collections.list(request.getHeaders("Connection"))) : Set.of();
		for (Enumeration<String> names = request.getHeaderNames(); names.hasMoreElements();) {
			String name = names.nextElement();
			String lower = canonical(name);
			if (NOT_FORWARDED.contains(lower) || named.contains(lower) || lower.startsWith("proxy-")
					|| IdentityHeaders.reservedCanonical(lower)) {
				continue;
			}
			for (Enumeration<String> values = request.getHeaders(name); values.hasMoreElements();) {
				out.add(new String[] { name, values.nextElement() });
			}
		}
	}

	/**
	 * A request header's name as the upstream may read it: lower case, and every character but a letter or a digit
	 * as {@code -}. CGI's {@code HTTP_*} variables, PHP's and WSGI's make {@code -} and {@code _} one, and PHP also
	 * {@code .} ({@code X-Consumer.ID} arrives as {@code HTTP_X_CONSUMER_ID}: a security trial), so no spelling of a
	 * name Keyway withholds or sets itself gets through. Hand-written: one pass over a short name, on every header of
	 * every forwarded call.
	 */
	static String canonical(String name) {
		char[] canonical = new char[name.length()];
		for (int i = 0; i < canonical.length; i++) {
			char c = name.charAt(i);
			if (c >= 'A' && c <= 'Z') {
				canonical[i] = (char) (c + ('a' - 'A'));
			}
			else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
				canonical[i] = c;
			}
			else {
				canonical[i] = '-';
			}
		}
		return new String(canonical);
	}

	/** An upstream answer's headers (all of them, in order) on the client's response: its end-to-end ones. */
	static void passOnAnswer(List<String[]> all, HttpServletResponse response) {
		List<String> connection = null;
		for (String[] header : all) {
			if ("Connection".equalsIgnoreCase(header[0])) {
				if (connection == null) {
					connection = new ArrayList<>(1);
				}
				connection.add(header[1]);
			}
		}
		Set<String> named = (connection != null) ? connectionTokens(connection) : Set.of();
		List<String[]> returned = new ArrayList<>(all.size());
		List<String> lowered = new ArrayList<>(all.size());
		for (String[] header : all) {
			String lower = header[0].toLowerCase(Locale.ROOT);
			String canonical = canonical(lower);
			if (!NOT_RETURNED.contains(canonical) && !named.contains(canonical) && !canonical.startsWith("proxy-")) {
				returned.add(header);
				lowered.add(lower);
			}
		}
		passOn(returned, lowered, response);
	}

	/**
	 * Puts an upstream answer's end-to-end headers on the client's response, with the same outcome on both ports.
	 * Spring Security adds its default headers when the answer commits on Tomcat's port (after these), but when the
	 * filters return on the listener's asynchronous forward (before these): so the outcome is spelled out here, as
	 * Spring's writers give it on Tomcat. The upstream's caching headers replace Keyway's {@code no-store} trio;
	 * Keyway's {@code X-Frame-Options} stays (its writer sets it over the upstream's); any other header the
	 * response already holds takes the upstream's values. A 304 gets none of Keyway's caching headers.
	 * @param lowered each header's name in lower case, in the same order
	 */
	private static void passOn(List<String[]> headers, List<String> lowered, HttpServletResponse response) {
		// Spring's caching writer leaves a 304 alone, and leaves the caching headers to an answer that has any
		boolean upstreamCaches = response.getStatus() == 304;
		for (int i = 0; i < lowered.size() && !upstreamCaches; i++) {
			upstreamCaches = CACHING_LOWER.contains(lowered.get(i));
		}
		if (upstreamCaches) {
			for (String caching : CACHING) {
				response.setHeader(caching, null);
			}
		}
		Set<String> ours = null;
		for (int i = 0; i < headers.size(); i++) {
			String[] header = headers.get(i);
			String lower = lowered.get(i);
			// a name the upstream already gave was added by this loop: its next value adds to it
			if ((ours == null || !ours.contains(lower)) && response.containsHeader(header[0])) {
				if ("x-frame-options".equals(lower)) {
					continue;
				}
				response.setHeader(header[0], header[1]);
			}
			else {
				response.addHeader(header[0], header[1]);
			}
			if (ours == null) {
				ours = new HashSet<>();
			}
			ours.add(lower);
		}
	}

	/** The headers a response holds now (on the listener's asynchronous forward: Spring Security's, written early). */
	static List<String[]> of(HttpServletResponse response) {
		List<String[]> headers = new ArrayList<>();
		for (String name : response.getHeaderNames()) {
			for (String value : response.getHeaders(name)) {
				headers.add(new String[] { name, value });
			}
		}
		return headers;
	}

	/** The header names that {@code Connection} values list (RFC 9110 7.6.1): none for most messages. */
	private static Set<String> connectionTokens(List<String> values) {
		if (values.isEmpty()) {
			return Set.of();
		}
		Set<String> named = new HashSet<>();
		for (String value : values) {
			for (String token : value.split(",")) {
				named.add(canonical(token.strip()));
			}
		}
		return named;
	}

}
