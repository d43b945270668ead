package dev.keyway.webapi;

import java.util.Collection;
import java.util.List;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * The characters a request line's target and a Host header may hold on the event-loop listener: what
 * Tomcat's connector accepts on its port (RFC 9112 3.2, RFC 3986 3.2.2), with the same
 * {@code server.tomcat.relaxed-path-chars} / {@code relaxed-query-chars}. Netty accepts any byte but a
 * space; a raw {@code #} then cut what the gateway forwarded and signed after the route was authorized
 * (a review: {@code /rest/V1/w/5#/details} authorized as {@code /V1/w/:id/details}, forwarded as
 * {@code /V1/w/5}), and a {@code |} became a 500 that logged the query.
 * The verify-only endpoint for nginx applies the same rules to {@code X-Original-URI}, nginx's
 * {@code $request_uri} as the client sent it.
 * Hand-written: Tomcat's {@code HttpParser} is internal to its connector, Netty has no such check.
 */
public final class RequestTarget {

	/** Never in a request target (Tomcat's {@code HttpParser.isNotRequestTarget}): a fragment, quotes, brackets of HTML. */
	private static final String NEVER = "#\"<>\\";

	/** Refused in a path and a query unless relaxed (RFC 3986 2.2/2.3: neither reserved nor unreserved). */
	private static final String UNLESS_RELAXED = "^`{|}[]";

	private final boolean[] relaxedPath = new boolean[128];

	private final boolean[] relaxedQuery = new boolean[128];

	/** The rules with the relaxed characters configured for Tomcat's port. */
	public static RequestTarget of(Environment environment) {
		Binder binder = Binder.get(environment);
		return new RequestTarget(
				binder.bind("server.tomcat.relaxed-path-chars", Bindable.listOf(Character.class)).orElse(List.of()),
				binder.bind("server.tomcat.relaxed-query-chars", Bindable.listOf(Character.class)).orElse(List.of()));
	}

	RequestTarget(Collection<Character> relaxedPath, Collection<Character> relaxedQuery) {
		relaxedPath.forEach((c) -> relax(this.relaxedPath, c));
		relaxedQuery.forEach((c) -> relax(this.relaxedQuery, c));
	}

	private static void relax(boolean[] into, char c) {
		if (UNLESS_RELAXED.indexOf(c) >= 0) {
			into[c] = true;
		}
	}

	/** Why the request target is refused (the character and where), or null when Tomcat would take it. */
	public String refusal(String target) {
		boolean[] relaxed = this.relaxedPath;
		for (int i = 0; i < target.length(); i++) {
			char c = target.charAt(i);
			if (c == '?' && relaxed == this.relaxedPath) {
				relaxed = this.relaxedQuery;
				continue;
			}
			if (c <= 0x20 || c >= 0x7F || NEVER.indexOf(c) >= 0 || (UNLESS_RELAXED.indexOf(c) >= 0 && !relaxed[c])) {
				return "The request target holds a character that must be percent-encoded: " + describe(c) + " at index " + i;
			}
		}
		return null;
	}

	/**
	 * Why a Host header is refused, or null for {@code host[:port]} (RFC 3986 3.2.2: a registered name, an
	 * IPv4 address or an IP literal in brackets; RFC 9110 7.2). Tomcat's port refuses the same.
	 */
	static String hostRefusal(String host) {
		int end = host.length();
		int colon;
		if (host.startsWith("[")) {
			int close = host.indexOf(']');
			if (close < 0 || !ipLiteral(host, 1, close)) {
				return "The Host header is not host[:port]: " + Shown.shown(host);
			}
			colon = (close + 1 < end) ? close + 1 : -1;
			if (colon > 0 && host.charAt(colon) != ':') {
				return "The Host header is not host[:port]: " + Shown.shown(host);
			}
		}
		else {
			colon = host.indexOf(':');
			int name = (colon < 0) ? end : colon;
			for (int i = 0; i < name; i++) {
				if (!regName(host.charAt(i))) {
					return "The Host header is not host[:port]: " + Shown.shown(host);
				}
			}
		}
		if (colon >= 0) {
			String port = host.substring(colon + 1);
			if (port.length() > 5 || !port.chars().allMatch((c) -> c >= '0' && c <= '9')) {
				return "The Host header is not host[:port]: " + Shown.shown(host);
			}
		}
		return null;
	}

	/** RFC 3986 reg-name: unreserved, sub-delims and pct-encoded ({@code %}). */
	private static boolean regName(char c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~!$&'()*+,;=%".indexOf(c) >= 0;
	}

	private static boolean ipLiteral(String host, int from, int to) {
		if (from == to) {
			return false;
		}
		for (int i = from; i < to; i++) {
			char c = host.charAt(i);
			if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':' || c == '.')) {
				return false;
			}
		}
		return true;
	}

	private static String describe(char c) {
		return (c > 0x20 && c < 0x7F) ? "'" + c + "'" : String.format("U+%04X", (int) c);
	}

}
