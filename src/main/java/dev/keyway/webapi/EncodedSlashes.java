package dev.keyway.webapi;

import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

import org.springframework.security.web.firewall.FirewalledRequest;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.RequestRejectedException;

/**
 * An encoded slash ({@code %2F}) or percent sign ({@code %25}) inside a path segment, through the application's
 * firewall: SKUs such as {@code A/B} or {@code 50%-OFF}, which Magento connectors send as
 * {@code /V1/products/A%2FB} and {@code /V1/products/50%25-OFF} (Magento takes them behind nginx, or Apache's
 * {@code AllowEncodedSlashes NoDecode}; magento/magento2#8615, #13343, #37278). Spring Security's strict firewall
 * refuses both because a servlet container may decode {@code %2F} into a path separator before its own mapping,
 * and something may decode {@code %25} a second time; here neither happens: Tomcat passes both through into its
 * decoded path ({@code TomcatConnector}), the listener keeps them there too ({@link LoopPaths#decode}), and the
 * router splits the raw path at its slashes before it decodes each segment once, so either is a character of
 * the segment's value and never moves a call to another route. {@link CallAuthorizer} still refuses them where
 * the path is passed on to another server.
 *
 * <p>The firewall judges the request with each of them read as an ordinary character (in the decoded paths,
 * where a {@code %} can only be one of them, every {@code %}), so everything else it refuses stays refused (dot
 * segments, encoded dots, backslashes, semicolons, double slashes, control characters, its header rules), and
 * two encoded slashes in a row are refused as the strict firewall refuses them even when it allows one. Without
 * either the request goes to the firewall as it is: nothing is added to an ordinary call.
 */
final class EncodedSlashes {

	/** What stands for an encoded slash while the firewall reads the path: printable, in no rule. */
	private static final String STAND_IN = "_";

	private EncodedSlashes() {
	}

	/** The firewall's request for {@code request}, or its refusal. */
	static FirewalledRequest firewalled(HttpFirewall firewall, HttpServletRequest request) {
		String uri = request.getRequestURI();
		if (uri == null || LoopPaths.encodedSlashOrPercent(uri, 0) < 0) {
			return firewall.getFirewalledRequest(request);
		}
		int twice = uri.toUpperCase(Locale.ROOT).indexOf("%2F%2F");
		if (twice >= 0) {
			throw new RequestRejectedException("The request was rejected because the URL contained a potentially "
					+ "malicious String \"" + uri.substring(twice, twice + 6) + "\"");
		}
		Masked masked = new Masked(request);
		FirewalledRequest checked = firewall.getFirewalledRequest(masked);
		masked.checked = true;
		return checked;
	}

	/**
	 * The paths with every encoded slash and percent sign as {@link #STAND_IN} until the firewall has read them,
	 * then as sent: in the request URI as sent and in the decoded servlet path and path info, where both ports
	 * keep them as sent ({@code %2F}, {@code %25}); then any other {@code %} left in a decoded path, which comes
	 * from one of them or from a {@code %5C} Tomcat passes through too (refused anyway: the request URI as sent
	 * keeps it unmasked), every other escape having been decoded or refused as malformed.
	 */
	private static final class Masked extends HttpServletRequestWrapper {

		private boolean checked;

		Masked(HttpServletRequest request) {
			super(request);
		}

		@Override
		public String getRequestURI() {
			String uri = super.getRequestURI();
			return (this.checked || uri == null) ? uri : masked(uri);
		}

		@Override
		public String getServletPath() {
			return decodedMasked(super.getServletPath());
		}

		@Override
		public String getPathInfo() {
			return decodedMasked(super.getPathInfo());
		}

		private String decodedMasked(String path) {
			return (this.checked || path == null) ? path : masked(path).replace("%", STAND_IN);
		}

		private static String masked(String path) {
			StringBuilder out = new StringBuilder(path.length());
			int from = 0;
			for (int at = LoopPaths.encodedSlashOrPercent(path, 0); at >= 0; at = LoopPaths.encodedSlashOrPercent(path, from)) {
				out.append(path, from, at).append(STAND_IN);
				from = at + 3;
			}
			return out.append(path, from, path.length()).toString();
		}

	}

}
