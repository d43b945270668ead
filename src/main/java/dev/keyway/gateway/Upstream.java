package dev.keyway.gateway;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * One declared upstream API.
 *
 * @param url its base URL; the forwarded path is appended to the URL's own path
 * @param secret the key of the signature header the upstream may verify (docs/GATEWAY.md), or null
 * @param forwardStoreCode true: a call to {@code /rest/<store>/V1/...} reaches the upstream as
 * {@code /<store>/V1/...}; false (default): as {@code /V1/...}
 * @param origin where it was declared (file and entry)
 * @param magento how Keyway authenticates at an upstream of {@code kind: magento}, or null
 * @param prefix the {@code prefix} of its relative route paths, or null
 * @param trusted the certificates its {@code https} is verified against ({@code ca_file}); empty: the JVM's trust store
 * @param encodedSlashes true ({@code encoded_slashes: true}): a path variable may carry an encoded slash
 * ({@code %2F}) or percent sign ({@code %25}), passed on as sent; false (default): such a call is refused
 * before it is forwarded
 */
record Upstream(String name, URI url, Duration connectTimeout, Duration readTimeout, byte[] secret,
		boolean forwardStoreCode, List<UpstreamRoute> routes, String origin, MagentoAccess magento, String prefix,
		List<java.security.cert.X509Certificate> trusted, boolean encodedSlashes, java.util.Set<String> storeCodes) {

	Upstream {
		routes = List.copyOf(routes);
		trusted = List.copyOf(trusted);
		storeCodes = java.util.Set.copyOf(storeCodes);
	}

	/** An upstream whose routes take Keyway's own store codes only. */
	Upstream(String name, URI url, Duration connectTimeout, Duration readTimeout, byte[] secret,
			boolean forwardStoreCode, List<UpstreamRoute> routes, String origin, MagentoAccess magento, String prefix,
			List<java.security.cert.X509Certificate> trusted, boolean encodedSlashes) {
		this(name, url, connectTimeout, readTimeout, secret, forwardStoreCode, routes, origin, magento, prefix, trusted,
				encodedSlashes, java.util.Set.of());
	}

	/** An upstream verified against the JVM's trust store. */
	Upstream(String name, URI url, Duration connectTimeout, Duration readTimeout, byte[] secret,
			boolean forwardStoreCode, List<UpstreamRoute> routes, String origin, MagentoAccess magento, String prefix) {
		this(name, url, connectTimeout, readTimeout, secret, forwardStoreCode, routes, origin, magento, prefix, List.of(),
				false);
	}

	/** The trusted certificates as an array; null for the JVM's trust store. */
	java.security.cert.X509Certificate[] trustedOrNull() {
		return this.trusted.isEmpty() ? null : this.trusted.toArray(new java.security.cert.X509Certificate[0]);
	}

	/** {@code magento} or {@code http} (the default: Keyway adds only its identity headers). */
	String kind() {
		return (this.magento != null) ? "magento" : "http";
	}

	@Override
	public String toString() {
		return "Upstream[" + this.name + ", " + this.url + ", " + kind() + "]";
	}

}
