package dev.keyway.gateway;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import dev.keyway.webapi.ApiEndpoint;
import dev.keyway.webapi.ApiException;
import dev.keyway.webapi.CallAuthorizer;
import dev.keyway.webapi.RequestTarget;

import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.web.util.UriUtils;

/** One verify-only endpoint; the flavours that read the original call from headers have a firewall. */
final class VerifyServlet extends HttpServlet implements ApiEndpoint {

	/** Magento's placeholders in a message: positional ({@code %1}) or named ({@code %resources}). */
	private static final Pattern PLACEHOLDER = Pattern.compile("%([0-9]+|[A-Za-z_][A-Za-z0-9_]*)");

	private final VerifyFlavour flavour;

	private final transient CallAuthorizer authorizer;

	/** The flavours with a {@link VerifyFlavour#uriHeader} only (null for Envoy's: its path is the request line). */
	private final transient HttpFirewall firewall;

	/** The same: what a request line's target may hold, applied to the original URI's header. */
	private final transient RequestTarget target;

	VerifyServlet(VerifyFlavour flavour, CallAuthorizer authorizer, HttpFirewall firewall, RequestTarget target) {
		this.flavour = flavour;
		this.authorizer = authorizer;
		this.firewall = firewall;
		this.target = target;
	}

	private boolean fromHeaders() {
		return this.flavour.uriHeader != null;
	}

	@Override
	public String verifier() {
		return this.flavour.verifier;
	}

	@Override
	protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
		try {
			String method;
			String uri;
			if (fromHeaders()) {
				method = required(request, this.flavour.methodHeader);
				uri = required(request, this.flavour.uriHeader);
			}
			else {
				method = request.getMethod();
				String full = request.getRequestURI();
				uri = full.substring(request.getContextPath().length() + VerifyEndpoints.ENVOY.length());
				uri = request.getContextPath() + uri
						+ ((request.getQueryString() != null) ? "?" + request.getQueryString() : "");
			}
			int question = uri.indexOf('?');
			String path = (question < 0) ? uri : uri.substring(0, question);
			String query = (question < 0) ? null : uri.substring(question + 1);
			if (fromHeaders()) {
				// as either port refuses it in a request line: a raw '#' would approve /w/5#/details for a
				// route the upstream, reading /w/5, never granted (a review)
				String refused = this.target.refusal(uri);
				if (refused != null) {
					throw new ApiException(400, this.flavour.uriHeader + " was rejected: " + refused);
				}
				firewall(request, method, path);
			}
			String escape = encodedUnreserved(path);
			if (escape != null) {
				throw new ApiException(400, (fromHeaders() ? this.flavour.uriHeader : "The path") + " was rejected: it "
						+ "percent-encodes a letter, digit, '-' or '_' in the path (" + escape + "), which no client needs "
						+ "to; a proxy that routes by the decoded path would forward it as sent, under another prefix "
						+ "than the one checked");
			}
			// refused once the route is known, so that they are counted under it (keyway.verifications)
			CallAuthorizer.Authorized call = this.authorizer.authorize(request, method, path, query, () -> {
				if (isForm(request) && !bearer(request)) {
					throw new ApiException(403, VerifyEndpoints.FORM_BODY);
				}
				if (ReverseProxy.holdsOAuthParameters(query)) {
					throw new ApiException(403, VerifyEndpoints.QUERY_CREDENTIALS);
				}
			});
			response.setStatus(200);
			Map<String, String> identity = IdentityHeaders.of(call.caller(), call.storeCode());
			identity.forEach(response::setHeader);
			if (this.flavour == VerifyFlavour.ENVOY) {
				response.setHeader(VerifyEndpoints.ENVOY_REMOVE, envoyRemovals(identity));
			}
		}
		catch (Exception ex) {
			refuse(request, response, ex);
		}
	}

	/**
	 * nginx's {@code auth_request} understands 401 and 403 only (anything else is its 500): a call
	 * matching no route, or refused for its input, is a 403 there, with the reason in
	 * {@code X-Keyway-Error} and Magento's body. Envoy passes the status to the client as it is.
	 */
	private void refuse(HttpServletRequest request, HttpServletResponse response, Exception failure)
			throws IOException {
		ApiException error = this.authorizer.translate(failure);
		if (error == null) {
			this.authorizer.answerError(request, response, failure);
			return;
		}
		int status = error.status();
		if (this.flavour == VerifyFlavour.NGINX && status != 401 && status < 500) {
			status = 403;
		}
		response.setHeader("X-Keyway-Error", error.status() + " " + rendered(error));
		ApiException answer = new ApiException(status, error.getMessage(), error.parameters(), error.errors());
		// a 429's Retry-After and RateLimit headers reach nginx (auth_request_set) and Envoy alike
		error.headers().forEach(answer::withHeader);
		this.authorizer.answerError(request, response, answer);
	}

	/**
	 * The original method and path through the firewall, as if they were the request line: the path as sent,
	 * and decoded as a container decodes its servlet path (the firewall's rules for decoded paths refused
	 * every escape when they were handed the raw path, so a SKU with a space was a 403 here only).
	 */
	private void firewall(HttpServletRequest request, String method, String path) {
		String decoded;
		try {
			decoded = UriUtils.decode(path, StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			throw new ApiException(400, this.flavour.uriHeader + " was rejected: it has a malformed percent-encoding");
		}
		HttpServletRequest original = new HttpServletRequestWrapper(request) {
			@Override
			public String getMethod() {
				return method;
			}

			@Override
			public String getRequestURI() {
				return path;
			}

			@Override
			public String getContextPath() {
				return "";
			}

			@Override
			public String getServletPath() {
				return decoded;
			}

			@Override
			public String getPathInfo() {
				return null;
			}
		};
		try {
			this.firewall.getFirewalledRequest(original);
		}
		catch (RequestRejectedException ex) {
			// the firewall names the rule and, at most, the offending string or method (bounded here)
			String reason = String.valueOf(ex.getMessage());
			throw new ApiException(400, this.flavour.uriHeader + " was rejected: "
					+ ((reason.length() > 300) ? reason.substring(0, 300) + "…" : reason));
		}
	}

	/**
	 * The first escape of an unreserved letter, digit, {@code -} or {@code _} in a path ({@code %66} for {@code f}),
	 * or null. RFC 3986 2.3: such URIs are equivalent to their decoded form and producers should not make them (no
	 * mainstream encoder does; {@code ~} and {@code .} are left out: Java's {@code URLEncoder} encodes the first,
	 * the firewall refuses the second). A proxy that matches its route on the decoded path ({@code /rest/%66r/V1/erp/}
	 * as {@code /rest/fr/V1/erp/}) but rewrites the path as sent forwarded {@code /rest/%66r/…} to the upstream
	 * (an operator trial of Caddy; Traefik's router decodes the same way, a review). Hand-written: a scan, no decoding.
	 */
	static String encodedUnreserved(String path) {
		for (int i = path.indexOf('%'); i >= 0 && i + 2 < path.length(); i = path.indexOf('%', i + 1)) {
			int high = hex(path.charAt(i + 1));
			int low = hex(path.charAt(i + 2));
			if (high < 0 || low < 0) {
				continue;
			}
			char c = (char) ((high << 4) | low);
			if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_') {
				return path.substring(i, i + 3);
			}
		}
		return null;
	}

	/** An ASCII hex digit's value, or -1 ({@code Character.digit} also takes other scripts' digits). */
	private static int hex(char c) {
		if (c >= '0' && c <= '9') {
			return c - '0';
		}
		if (c >= 'a' && c <= 'f') {
			return c - 'a' + 10;
		}
		return (c >= 'A' && c <= 'F') ? c - 'A' + 10 : -1;
	}

	/**
	 * The message with its parameters in place of Magento's placeholders ({@code %resources}, {@code %1}):
	 * behind nginx this header is all the client learns (the body keeps Magento's template and
	 * parameters). One pass, so a value holding a placeholder is not read again; a value's control
	 * characters and non-ASCII are percent-encoded, so it is safe in a header.
	 */
	static String rendered(ApiException error) {
		Object parameters = error.parameters();
		if (!(parameters instanceof Map<?, ?>) && !(parameters instanceof List<?>)) {
			return error.getMessage();
		}
		Matcher placeholder = PLACEHOLDER.matcher(error.getMessage());
		StringBuilder out = new StringBuilder();
		while (placeholder.find()) {
			String key = placeholder.group(1);
			Object value = null;
			if (parameters instanceof Map<?, ?> named) {
				value = named.get(key);
			}
			else if (parameters instanceof List<?> positional && Character.isDigit(key.charAt(0))) {
				int index = Integer.parseInt(key) - 1;
				value = (index >= 0 && index < positional.size()) ? positional.get(index) : null;
			}
			String text = (value != null) ? headerSafe(String.valueOf(value)) : placeholder.group();
			placeholder.appendReplacement(out, Matcher.quoteReplacement(text));
		}
		placeholder.appendTail(out);
		return out.toString();
	}

	private static String headerSafe(String value) {
		StringBuilder out = new StringBuilder(value.length());
		for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
			int c = b & 0xff;
			if (c < 0x20 || c >= 0x7f) {
				out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
					.append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
			}
			else {
				out.append((char) c);
			}
		}
		return out.toString();
	}

	/**
	 * What Envoy removes from the call it forwards ({@code x-envoy-auth-headers-to-remove}, the HTTP
	 * service's {@code OkHttpResponse.headers_to_remove}): the client's credentials and its copies of
	 * every identity header this answer does not set (those it sets replace the client's), and of Kong's
	 * other identity headers, which Keyway never sets and the check does not see. A guest's call without it
	 * kept a client's {@code X-Consumer-ID} (an operator trial, reading the snippet).
	 */
	static String envoyRemovals(Map<String, String> identity) {
		StringBuilder removals = new StringBuilder("authorization, cookie");
		for (String name : IdentityHeaders.SIGNED) {
			if (!identity.containsKey(name)) {
				removals.append(", ").append(name.toLowerCase(Locale.ROOT));
			}
		}
		for (String name : IdentityHeaders.KONG_OTHERS) {
			removals.append(", ").append(name.toLowerCase(Locale.ROOT));
		}
		return removals.append(", ").append(IdentityHeaders.SIGNATURE.toLowerCase(Locale.ROOT)).toString();
	}

	private static String required(HttpServletRequest request, String name) {
		String value = request.getHeader(name);
		if (value == null || value.isBlank()) {
			throw new ApiException(400, "The header %1 is required: the proxy names the original call in it.",
					List.of(name));
		}
		return value.strip();
	}

	private static boolean isForm(HttpServletRequest request) {
		String type = request.getContentType();
		return type != null && type.regionMatches(true, 0, "application/x-www-form-urlencoded", 0, 33);
	}

	private static boolean bearer(HttpServletRequest request) {
		String authorization = request.getHeader("Authorization");
		return authorization != null && authorization.strip().regionMatches(true, 0, "Bearer ", 0, 7);
	}

}
