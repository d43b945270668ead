package dev.keyway.webapi;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

import org.springframework.security.web.firewall.FirewalledRequest;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.RequestRejectedException;

/**
 * An encoded slash ({@code %2F}) inside a path segment, through the application's firewall: a SKU such as
 * {@code A/B}, which Magento connectors send as {@code /V1/products/A%2FB} (Magento takes it behind nginx, or
 * Apache's {@code AllowEncodedSlashes NoDecode}; magento/magento2#8615, #13343, #37278). Spring Security's
 * strict firewall refuses every {@code %2F} because servlet containers may decode it into a path separator
 * before their own mapping; here neither port does (Tomcat passes it through, {@code TomcatConnector}; the
 * listener keeps it, {@link LoopPaths#decode}), and the router splits the raw path at its slashes before it
 * decodes a segment, so the slash is a character of the segment's value and never moves a call to another
 * route. {@link CallAuthorizer} still refuses it where the path is passed on to another server.
 *
 * <p>The firewall judges the request with each {@code %2F} read as an ordinary character, so everything else
 * it refuses stays refused (dot segments, encoded dots and percents, backslashes, semicolons, double
 * slashes, control characters, its header rules), and two encoded slashes in a row are refused as the
 * strict firewall refuses them even when it allows one. Without an encoded slash the request goes to the
 * firewall as it is: nothing is added to an ordinary call.
 */
final class EncodedSlashes {

	/** What stands for an encoded slash while the firewall reads the path: printable, in no rule. */
	private static final String STAND_IN = "_";

	private EncodedSlashes() {
	}

	/** The firewall's request for {@code request}, or its refusal. */
	static FirewalledRequest firewalled(HttpFirewall firewall, HttpServletRequest request) {
		String uri = request.getRequestURI();
		if (uri == null || LoopPaths.encodedSlash(uri, 0) < 0) {
			return firewall.getFirewalledRequest(request);
		}
		for (int slash = LoopPaths.encodedSlash(uri, 0); slash >= 0; slash = LoopPaths.encodedSlash(uri, slash + 3)) {
			if (slash + 3 < uri.length() && LoopPaths.encodedSlash(uri, slash + 3) == slash + 3) {
				throw new RequestRejectedException(
						"The request was rejected because the URL contained a potentially malicious String \""
								+ uri.substring(slash, slash + 6) + "\"");
			}
		}
		Masked masked = new Masked(request);
		FirewalledRequest checked = firewall.getFirewalledRequest(masked);
		masked.checked = true;
		return checked;
	}

	/** The path with every encoded slash as {@link #STAND_IN} until the firewall has read it, then as sent. */
	private static final class Masked extends HttpServletRequestWrapper {

		private boolean checked;

		Masked(HttpServletRequest request) {
			super(request);
		}

		@Override
		public String getRequestURI() {
			return masked(super.getRequestURI());
		}

		@Override
		public String getServletPath() {
			return masked(super.getServletPath());
		}

		@Override
		public String getPathInfo() {
			return masked(super.getPathInfo());
		}

		private String masked(String path) {
			if (this.checked || path == null || LoopPaths.encodedSlash(path, 0) < 0) {
				return path;
			}
			StringBuilder out = new StringBuilder(path.length());
			int from = 0;
			for (int slash = LoopPaths.encodedSlash(path, 0); slash >= 0; slash = LoopPaths.encodedSlash(path, from)) {
				out.append(path, from, slash).append(STAND_IN);
				from = slash + 3;
			}
			return out.append(path, from, path.length()).toString();
		}

	}

}
