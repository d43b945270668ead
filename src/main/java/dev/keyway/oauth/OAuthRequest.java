package dev.keyway.oauth;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

/**
 * An HTTP request as RFC 5849 sees it (sections 3.4.1 and 3.5): method, base string URI, the
 * protocol parameters, and every parameter that is signed. Parameters come, per SPEC 4.2, from the
 * {@code Authorization: OAuth} header, else from a form body, else from the query; the query and
 * form parameters are always signed, kept apart exactly as sent, repeats included.
 */
public final class OAuthRequest {

	/** Parameter names whose values are secrets whatever they are (a client's mistake, never Keyway's). */
	private static final Set<String> SECRET_NAMES = Set.of("oauth_consumer_secret", "oauth_token_secret");

	private final String method;

	private final String baseUri;

	private final Map<String, String> protocol;

	private final List<Parameter> signed;

	/**
	 * Where the header's parameters start in {@link #signed} (the query's and the form body's come first): what
	 * {@link #baseStringWithoutRepeats()} needs, kept as an index so that a call whose signature verifies at once
	 * builds nothing for it.
	 */
	private final int headerStart;

	/**
	 * What the base string URIs a client behind a proxy may have signed are made of (issue 16.2 hints);
	 * they are built only after a failure, in {@link #proxiedBaseUris()}.
	 */
	private Proxied proxied;

	private List<String> proxiedBaseUris;

	private OAuthRequest(String method, String baseUri, Map<String, String> protocol, List<Parameter> signed,
			int headerStart) {
		this.method = method;
		this.baseUri = baseUri;
		this.protocol = protocol;
		this.signed = signed;
		this.headerStart = headerStart;
	}

	/**
	 * Keeps what the URIs a client behind a proxy may have signed are made of: the forwarded host,
	 * port and scheme when the proxy named them, the port the {@code Host} header named, and the other
	 * scheme. Read here (the request is gone by the time a signature fails), built only when asked.
	 */
	private OAuthRequest withProxiedUris(HttpServletRequest request, String rawPath) {
		this.proxied = new Proxied(request.getHeader("X-Forwarded-Host"), request.getHeader("X-Forwarded-Proto"),
				request.getHeader("X-Forwarded-Port"), request.getHeader("Host"), request.getScheme(),
				request.getServerName(), request.getServerPort(), rawPath);
		return this;
	}

	private record Proxied(String forwardedHost, String forwardedProto, String forwardedPort, String hostHeader,
			String requestScheme, String serverName, int serverPort, String rawPath) {

		List<String> baseUris(String seen) {
			Set<String> uris = new LinkedHashSet<>(6);
			String scheme = (this.forwardedProto != null) ? this.forwardedProto.strip() : this.requestScheme;
			int portApart = port(first(this.forwardedPort));
			// a TLS proxy on a port other than 443 that hands on its Host header as the client wrote it
			// (shop:8443) keeps the port here, with the request's own scheme (a developer trial)
			int defaultPort = "https".equalsIgnoreCase(this.requestScheme) ? 443 : 80;
			int hostPort = (this.serverPort > 0 && this.serverPort != defaultPort) ? this.serverPort : -1;
			// a trusted proxy's scheme without its port (server.forward-headers-strategy=native, no
			// X-Forwarded-Port): the container took the scheme's default port; the Host header kept the called one
			int calledPort = hostHeaderPort();
			if (calledPort > 0 && calledPort != this.serverPort && portApart < 0) {
				uris.add(SignatureBaseString.baseUri(this.requestScheme, this.serverName, calledPort, this.rawPath));
			}
			if (this.forwardedHost != null) {
				String host = first(this.forwardedHost);
				int colon = host.lastIndexOf(':');
				int port = -1;
				if (colon > 0 && host.indexOf(']') < colon) {
					port = port(host.substring(colon + 1));
					if (port >= 0) {
						host = host.substring(0, colon);
					}
				}
				uris.add(SignatureBaseString.baseUri(scheme, host, (port >= 0) ? port : portApart, this.rawPath));
			}
			else if (this.forwardedProto != null || portApart >= 0) {
				uris.add(SignatureBaseString.baseUri(scheme, this.serverName, portApart, this.rawPath));
				if (portApart < 0 && hostPort >= 0) {
					uris.add(SignatureBaseString.baseUri(scheme, this.serverName, hostPort, this.rawPath));
				}
			}
			String flipped = "https".equalsIgnoreCase(this.requestScheme) ? "http" : "https";
			uris.add(SignatureBaseString.baseUri(flipped, this.serverName, -1, this.rawPath));
			if (hostPort >= 0) {
				uris.add(SignatureBaseString.baseUri(flipped, this.serverName, hostPort, this.rawPath));
			}
			uris.remove(seen);
			return List.copyOf(uris);
		}

		/** The port the Host header names, or -1. */
		private int hostHeaderPort() {
			String host = first(this.hostHeader);
			int colon = host.lastIndexOf(':');
			return (colon > 0 && host.indexOf(']') < colon) ? port(host.substring(colon + 1)) : -1;
		}

		/** The first entry of a header a chain of proxies may have made a list, trimmed. */
		private static String first(String header) {
			if (header == null) {
				return "";
			}
			int comma = header.indexOf(',');
			return ((comma < 0) ? header : header.substring(0, comma)).strip();
		}

		/** A port number, or -1 when the text is none. */
		private static int port(String text) {
			try {
				int port = Integer.parseInt(text);
				return (port > 0 && port <= 65535) ? port : -1;
			}
			catch (NumberFormatException ex) {
				return -1;
			}
		}

	}

	/**
	 * Reads a servlet request. The URL is the one the client used: scheme, host and port as the
	 * container reports them, which reflect forwarded headers only when the operator trusts them
	 * ({@code server.forward-headers-strategy}).
	 * @param formBody the raw body when the content type is form-encoded, else null
	 */
	public static OAuthRequest of(HttpServletRequest request, byte[] formBody) {
		return of(request, parseForm(request.getQueryString()), formBody);
	}

	/**
	 * Reads a servlet request whose query was decoded already (by {@link #parseForm}), so that the
	 * Web API decodes it once for the signature and the handler alike.
	 * @param query the query's parameters, decoded, in order
	 * @param formBody the raw body when the content type is form-encoded, else null
	 */
	public static OAuthRequest of(HttpServletRequest request, List<Parameter> query, byte[] formBody) {
		return of(request, request.getMethod(), request.getRequestURI(), request.getHeader("Authorization"), query,
				formBody);
	}

	/**
	 * Reads a call described apart from the request that carries it (a verify-only endpoint: nginx's
	 * {@code auth_request} names the original method and URI in headers): scheme, host and port come
	 * from the request, method and path from the description, and {@code Authorization} from the caller,
	 * which read it already (a header read goes through the firewall's check of its value).
	 * @param rawPath the original path as sent (not decoded)
	 * @param authorization the request's {@code Authorization} header, or null
	 */
	public static OAuthRequest of(HttpServletRequest request, String method, String rawPath, String authorization,
			List<Parameter> query, byte[] formBody) {
		return parse(method,
				SignatureBaseString.baseUri(request.getScheme(), request.getServerName(), request.getServerPort(), rawPath),
				query, authorization, (formBody != null) ? new String(formBody, StandardCharsets.UTF_8) : null)
			.withProxiedUris(request, rawPath);
	}

	/**
	 * @param rawQuery the query string as sent, or null
	 * @param authorization the {@code Authorization} header, or null
	 * @param formBody the form-encoded body as text, or null
	 * @throws OAuthProblem (400) when a protocol parameter is given twice
	 */
	static OAuthRequest parse(String method, String baseUri, String rawQuery, String authorization, String formBody) {
		return parse(method, baseUri, parseForm(rawQuery), authorization, formBody);
	}

	private static OAuthRequest parse(String method, String baseUri, List<Parameter> query, String authorization,
			String formBody) {
		List<Parameter> body = parseForm(formBody);
		List<Parameter> header = parseHeader(authorization);
		List<Parameter> protocolSource = header;
		if (protocolSource.isEmpty()) {
			protocolSource = onlyOAuth(body);
		}
		if (protocolSource.isEmpty()) {
			protocolSource = onlyOAuth(query);
		}
		Map<String, String> protocol = new LinkedHashMap<>();
		for (Parameter parameter : protocolSource) {
			if (protocol.put(parameter.name(), parameter.value()) != null) {
				throw OAuthProblem.input("The OAuth parameter " + EchoedValue.shown(parameter.name())
						+ " is given more than once.");
			}
		}
		List<Parameter> signed = new ArrayList<>(query.size() + body.size() + header.size());
		signed.addAll(query);
		signed.addAll(body);
		signed.addAll(header);
		return new OAuthRequest(method.toUpperCase(Locale.ROOT), baseUri, protocol, signed, query.size() + body.size());
	}

	/** True when the request carries OAuth parameters anywhere (it means to be signed). */
	public boolean hasProtocolParameters() {
		return !this.protocol.isEmpty();
	}

	String method() {
		return this.method;
	}

	String baseUri() {
		return this.baseUri;
	}

	String protocol(String name) {
		return this.protocol.get(name);
	}

	boolean has(String name) {
		return this.protocol.containsKey(name);
	}

	String baseString() {
		return SignatureBaseString.of(this.method, this.baseUri, this.signed);
	}

	/**
	 * The base string Magento computes when the query or the form body repeats one of the header's
	 * {@code oauth_*} parameters with the same value (it signs such a parameter once), or null when the
	 * request repeats none.
	 */
	String baseStringWithoutRepeats() {
		if (this.headerStart == 0 || this.headerStart == this.signed.size()) {
			return null; // nothing but the header's, or no header
		}
		List<Parameter> header = this.signed.subList(this.headerStart, this.signed.size());
		List<Parameter> kept = new ArrayList<>(this.signed.size());
		boolean left = false;
		for (Parameter parameter : this.signed.subList(0, this.headerStart)) {
			if (parameter.name().startsWith("oauth_") && header.contains(parameter)) {
				left = true;
			}
			else {
				kept.add(parameter);
			}
		}
		if (!left) {
			return null;
		}
		kept.addAll(header);
		return SignatureBaseString.of(this.method, this.baseUri, kept);
	}

	/** The base string with another URI (a proxy's hint). */
	String baseString(String otherBaseUri) {
		return SignatureBaseString.of(this.method, otherBaseUri, this.signed);
	}

	List<String> proxiedBaseUris() {
		if (this.proxiedBaseUris == null) {
			this.proxiedBaseUris = (this.proxied != null) ? this.proxied.baseUris(this.baseUri) : List.of();
		}
		return this.proxiedBaseUris;
	}

	List<Parameter> signed() {
		return this.signed;
	}

	/**
	 * The base string fit to be stored and shown (issue 16.2): {@code oauth_token}'s value replaced by
	 * {@link RefusalFacts#TOKEN_MASK} and {@code oauth_verifier}'s by {@link RefusalFacts#VERIFIER_MASK}
	 * (the verifier is a credential of the exchange, still valid after a refused access-token step); it
	 * never holds {@code oauth_signature} (RFC 5849 3.4.1.3.1). A client that sends a secret or the token
	 * as a parameter of its own (a query's {@code oauth_consumer_secret}, {@code oauth_token_secret},
	 * {@code access_token=...}) has it masked too: by those names whatever their values, and wherever a
	 * name or value holds the consumer secret, the token secret, the token or the verifier
	 * ({@link RefusalFacts#SECRET_MASK}, or the token's or verifier's mask).
	 * @param consumerSecret the consumer's secret, or empty
	 * @param tokenSecret the token's secret, or empty
	 */
	String maskedBaseString(String consumerSecret, String tokenSecret) {
		// the client's token and verifier are masked by value only when they are as long as Keyway's: a verifier
		// "1" masked every parameter holding a 1 (the consumer key, the timestamp, a review); a shorter value is
		// none of Keyway's credentials (by name they are masked whatever they hold)
		String token = credential(protocol(ProtocolChecks.TOKEN));
		String verifier = credential(protocol(ProtocolChecks.VERIFIER));
		List<Parameter> masked = new ArrayList<>(this.signed.size());
		for (Parameter parameter : this.signed) {
			String name = parameter.name();
			if (ProtocolChecks.TOKEN.equals(name)) {
				masked.add(new Parameter(name, RefusalFacts.TOKEN_MASK));
			}
			else if (ProtocolChecks.VERIFIER.equals(name)) {
				masked.add(new Parameter(name, RefusalFacts.VERIFIER_MASK));
			}
			else if (SECRET_NAMES.contains(name) || holds(parameter, consumerSecret) || holds(parameter, tokenSecret)) {
				masked.add(new Parameter(holdsAny(name, consumerSecret, tokenSecret, token, verifier)
						? RefusalFacts.SECRET_MASK : name, RefusalFacts.SECRET_MASK));
			}
			else if (holds(parameter, token)) {
				masked.add(new Parameter(holdsAny(name, token) ? RefusalFacts.TOKEN_MASK : name, RefusalFacts.TOKEN_MASK));
			}
			else if (holds(parameter, verifier)) {
				masked.add(new Parameter(holdsAny(name, verifier) ? RefusalFacts.VERIFIER_MASK : name,
						RefusalFacts.VERIFIER_MASK));
			}
			else {
				masked.add(parameter);
			}
		}
		return SignatureBaseString.of(this.method, this.baseUri, masked);
	}

	private static String credential(String sent) {
		return (sent != null && sent.length() >= TokenGenerator.LENGTH) ? sent : null;
	}

	private static boolean holds(Parameter parameter, String credential) {
		return holdsAny(parameter.name(), credential) || holdsAny(parameter.value(), credential);
	}

	private static boolean holdsAny(String text, String... credentials) {
		for (String credential : credentials) {
			if (credential != null && !credential.isEmpty() && text.contains(credential)) {
				return true;
			}
		}
		return false;
	}

	/** RFC 5849 section 3.5.1: {@code OAuth name="value", ...}; realm ignored, only oauth_* kept. */
	static List<Parameter> parseHeader(String authorization) {
		if (authorization == null) {
			return List.of();
		}
		int start = indexOfIgnoreCase(authorization, "oauth ");
		if (start < 0) {
			return List.of();
		}
		// one pass over "name=value, name="value", ...": items split on ',', each trimmed, quotes
		// removed, name and value percent-decoded (no '+' as space in a header)
		List<Parameter> parameters = new ArrayList<>(8);
		int length = authorization.length();
		int itemStart = start + 6;
		while (itemStart < length) {
			int comma = authorization.indexOf(',', itemStart);
			int itemEnd = (comma < 0) ? length : comma;
			int from = skipSpaces(authorization, itemStart, itemEnd);
			int to = trimEnd(authorization, from, itemEnd);
			int eq = authorization.indexOf('=', from);
			if (eq > from && eq < to) {
				int nameEnd = trimEnd(authorization, from, eq);
				if (authorization.startsWith("oauth_", from)) {
					int valueStart = skipSpaces(authorization, eq + 1, to);
					int valueEnd = to;
					if (valueStart < valueEnd && authorization.charAt(valueStart) == '"') {
						valueStart++;
						if (valueEnd > valueStart && authorization.charAt(valueEnd - 1) == '"') {
							valueEnd--;
						}
					}
					parameters.add(new Parameter(PercentEncoding.decode(authorization.substring(from, nameEnd), false),
							PercentEncoding.decode(authorization.substring(valueStart, valueEnd), false)));
				}
			}
			itemStart = itemEnd + 1;
		}
		return parameters;
	}

	private static int skipSpaces(String text, int from, int end) {
		while (from < end && Character.isWhitespace(text.charAt(from))) {
			from++;
		}
		return from;
	}

	private static int trimEnd(String text, int from, int end) {
		while (end > from && Character.isWhitespace(text.charAt(end - 1))) {
			end--;
		}
		return end;
	}

	/**
	 * {@code application/x-www-form-urlencoded} pairs in order, repeats kept; a bare name counts
	 * as an empty value; {@code +} is a space; a malformed escape is kept as sent (RFC 5849 signs
	 * what was sent). The one decoding of a query string or form body (issue 13.2).
	 */
	public static List<Parameter> parseForm(String text) {
		if (text == null || text.isEmpty()) {
			return List.of();
		}
		List<Parameter> parameters = new ArrayList<>();
		int start = 0;
		while (start <= text.length()) {
			int amp = text.indexOf('&', start);
			int end = (amp < 0) ? text.length() : amp;
			if (end > start) {
				String pair = text.substring(start, end);
				int eq = pair.indexOf('=');
				String name = (eq >= 0) ? pair.substring(0, eq) : pair;
				String value = (eq >= 0) ? pair.substring(eq + 1) : "";
				parameters.add(new Parameter(PercentEncoding.decode(name, true), PercentEncoding.decode(value, true)));
			}
			if (amp < 0) {
				break;
			}
			start = amp + 1;
		}
		return parameters;
	}

	private static List<Parameter> onlyOAuth(List<Parameter> parameters) {
		List<Parameter> oauth = new ArrayList<>(8);
		for (Parameter parameter : parameters) {
			if (parameter.name().startsWith("oauth_")) {
				oauth.add(parameter);
			}
		}
		return oauth;
	}

	private static int indexOfIgnoreCase(String text, String part) {
		for (int i = 0; i + part.length() <= text.length(); i++) {
			if (text.regionMatches(true, i, part, 0, part.length())) {
				return i;
			}
		}
		return -1;
	}

}
