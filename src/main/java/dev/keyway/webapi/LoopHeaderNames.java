package dev.keyway.webapi;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import io.netty.util.AsciiString;

/**
 * The header names the listener's calls look up or set on every call, as Netty's {@link AsciiString}s.
 * Netty hashes a header name on every look-up unless it is an {@code AsciiString}, which keeps its hash;
 * a caller's {@code String} (Spring Security's header writers, the servlet API's callers) finds its
 * {@code AsciiString} here by its own kept hash. Any other name is used as given: the map only saves time,
 * the headers are the same either way (LoopResponseTests, LoopRequestTests). Names are written on the
 * wire as spelled here, as the callers spell them.
 */
final class LoopHeaderNames {

	static final AsciiString CONTENT_TYPE = AsciiString.cached("Content-Type");

	static final AsciiString DATE = AsciiString.cached("Date");

	private static final Map<String, AsciiString> KNOWN = known(
			// what Spring Security's header writers set and check on every answer
			"Cache-Control", "Pragma", "Expires", "X-Content-Type-Options", "X-Frame-Options", "X-XSS-Protection",
			"Strict-Transport-Security",
			// the answer's own, and what a call reads of the request
			"Content-Type", "Content-Length", "Date", "Vary", "Location", "Retry-After", "Host", "Authorization", "Accept",
			"Accept-Language", "Transfer-Encoding", "User-Agent", "X-Forwarded-For", "X-Forwarded-Host",
			"X-Forwarded-Proto", "X-Forwarded-Port", "X-Original-URI", "X-Original-Method", "X-Forwarded-Uri",
			"X-Forwarded-Method");

	private LoopHeaderNames() {
	}

	/** The name as an {@code AsciiString} when it is one of those above, as spelled there or in lower case. */
	static CharSequence of(String name) {
		AsciiString known = KNOWN.get(name);
		return (known != null) ? known : name;
	}

	private static Map<String, AsciiString> known(String... names) {
		Map<String, AsciiString> known = new HashMap<>();
		for (String name : names) {
			AsciiString ascii = AsciiString.cached(name);
			known.put(name, ascii);
			known.put(name.toLowerCase(Locale.ROOT), ascii);
		}
		return Map.copyOf(known);
	}

}
