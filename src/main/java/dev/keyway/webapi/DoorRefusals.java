package dev.keyway.webapi;

import java.nio.charset.StandardCharsets;

import dev.keyway.oauth.OAuthProblem;

/**
 * The answer of a request refused before any of Keyway's handlers read it — by Tomcat's connector (a
 * malformed escape, a NUL), by the listener's parser, by the firewall — in the shape the clients of its
 * path parse: Magento's {@code {"message": ...}} on the Web API and the verify-only endpoints (SPEC 5.5),
 * {@code oauth_problem=...} on the token endpoints (SPEC 4.7). Both ports give the same answer for the
 * same request (a trial found Tomcat's HTML error page on one port and JSON on the other).
 */
final class DoorRefusals {

	/** What the firewall says of a NUL in a URL; Tomcat's connector refuses it first on its port, silently. */
	static final String NUL = "The request was rejected because the URL contained a potentially malicious String \"%00\"";

	private static final String TOKEN_PREFIX = "/oauth";

	/** nginx's verify-only endpoint (the gateway's {@code VerifyEndpoints.NGINX}), whose caller knows no 400. */
	private static final String NGINX_CHECK = "/auth/verify";

	private DoorRefusals() {
	}

	/** True for the token endpoints' paths ({@code /oauth/...}), relative to the context. */
	static boolean tokenPath(String path) {
		return under(path, TOKEN_PREFIX);
	}

	/** True for the paths whose errors are Magento's JSON: the Web API and the verify-only endpoints' {@code /auth/}. */
	static boolean apiPath(String path) {
		return under(path, "/rest") || path.startsWith("/auth/");
	}

	private static boolean under(String path, String prefix) {
		return path.startsWith(prefix) && (path.length() == prefix.length() || path.charAt(prefix.length()) == '/');
	}

	/**
	 * True for nginx's verify-only endpoint: {@code auth_request} turns any answer but 2xx, 401 and 403 into its own
	 * 500, so a refusal there is a 403 with the status Keyway meant and the reason in {@code X-Keyway-Error}, as the
	 * endpoint itself answers (a check whose headers pass the size limit: nginx adds the URI to the client's headers).
	 */
	static boolean nginxCheck(String path) {
		return NGINX_CHECK.equals(path);
	}

	/** The {@code X-Keyway-Error} of a refusal at nginx's verify-only endpoint: the status meant, then the reason. */
	static String nginxError(int status, String message) {
		return status + " " + message;
	}

	static String contentType(boolean token) {
		return token ? OAuthProblem.FORM_TYPE : "application/json;charset=UTF-8";
	}

	static byte[] body(boolean token, String message) {
		return token ? OAuthProblem.formBody(message).getBytes(StandardCharsets.UTF_8) : LoopCalls.message(message);
	}

	static String malformedEscape(String path) {
		return "The request path has a malformed escape: " + Shown.shown(path);
	}

	/**
	 * Why a server refused a raw request path before reading it, as far as the path tells: a NUL, a
	 * malformed escape (or bytes that are not UTF-8), else null.
	 */
	static String pathRule(String rawPath) {
		if (rawPath.contains("%00")) {
			return NUL;
		}
		try {
			LoopPaths.percentDecoded(rawPath);
			return null;
		}
		catch (IllegalArgumentException ex) {
			return malformedEscape(rawPath);
		}
	}

}
