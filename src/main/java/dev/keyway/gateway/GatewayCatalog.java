package dev.keyway.gateway;

import java.net.URI;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.springframework.boot.convert.DurationStyle;
import org.springframework.stereotype.Component;

/**
 * What the gateway file declares, as the admin shows it read-only (issue 15.6): the upstreams and
 * their routes, never a credential (no secret, no token, no user in a URL).
 */
@Component
public class GatewayCatalog {

	/** One declared route: method, path served under {@code /rest}, ACL resources (or {@code anonymous}). */
	public record Route(String method, String path, List<String> resources, String upstreamPath) {
	}

	/**
	 * One declared upstream.
	 * @param kind {@code http} or {@code magento}
	 * @param auth for a Magento upstream, {@code oauth} or {@code bearer}; else null
	 * @param signed true when Keyway adds its {@code X-Keyway-Signature} (a {@code secret} is set)
	 * @param trusted the subjects of the {@code ca_file} certificates its {@code https} trusts; empty: the JVM's trust
	 * store (or {@code http})
	 * @param encodedSlashes true when a path with {@code %2F} or {@code %25} is forwarded as sent ({@code encoded_slashes: true})
	 * @param storeCodes the store codes declared for the upstream besides Keyway's own ({@code store_codes})
	 */
	public record Summary(String name, String url, String prefix, String connectTimeout, String readTimeout,
			String kind, String auth, boolean signed, List<Route> routes, List<String> trusted, boolean encodedSlashes,
			boolean forwardStoreCode, List<String> storeCodes) {

		public boolean https() {
			return this.url.regionMatches(true, 0, "https:", 0, 6);
		}

	}

	private final GatewayProperties properties;

	private final List<Summary> upstreams;

	GatewayCatalog(GatewayProperties properties, GatewayRoutes routes) {
		this.properties = properties;
		this.upstreams = routes.upstreams().stream().map(GatewayCatalog::summary).toList();
	}

	/** True when Keyway was started with a gateway file ({@code keyway.gateway.file}). */
	public boolean configured() {
		return this.properties.file() != null;
	}

	public List<Summary> upstreams() {
		return this.upstreams;
	}

	private static Summary summary(Upstream upstream) {
		return new Summary(upstream.name(), shown(upstream.url()), upstream.prefix(),
				shown(upstream.connectTimeout()), shown(upstream.readTimeout()),
				upstream.kind(),
				(upstream.magento() != null) ? upstream.magento().auth().name().toLowerCase(java.util.Locale.ROOT) : null,
				upstream.secret() != null,
				upstream.routes()
					.stream()
					.map((route) -> new Route(route.method(), route.path().text(), route.resources(), route.upstreamPath()))
					.toList(),
				upstream.trusted().stream().map((certificate) -> certificate.getSubjectX500Principal().getName()).toList(),
				upstream.encodedSlashes(), upstream.forwardStoreCode(), upstream.storeCodes().stream().sorted().toList());
	}

	/** As the file would say it: {@code 2s}, {@code 500ms}. */
	static String shown(Duration duration) {
		return (duration.toMillis() % 1000 == 0) ? DurationStyle.SIMPLE.print(duration, ChronoUnit.SECONDS)
				: DurationStyle.SIMPLE.print(duration, ChronoUnit.MILLIS);
	}

	/** Scheme, host, port and path only: the file refuses a user in the URL, and none is ever shown. */
	private static String shown(URI url) {
		return url.getScheme() + "://" + url.getRawAuthority().substring(url.getRawAuthority().indexOf('@') + 1)
				+ ((url.getRawPath() != null) ? url.getRawPath() : "");
	}

}
