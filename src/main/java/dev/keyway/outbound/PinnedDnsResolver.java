package dev.keyway.outbound;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.hc.client5.http.DnsResolver;

/**
 * The DNS of one outbound exchange for Apache HttpClient: {@link #pin(URI)} checks a URL's host with
 * the {@link OutboundPolicy} (one resolution) before anything connects, and the client's
 * connections then go to exactly those addresses, while TLS still sends the host name (SNI) and
 * checks the certificate against it. Any host that was not pinned does not resolve, so a connection
 * can never reach an address the policy did not see (no DNS rebinding between check and connect).
 * One instance per exchange.
 */
public final class PinnedDnsResolver implements DnsResolver {

	private final OutboundPolicy policy;

	private final Map<String, List<InetAddress>> pinned = new ConcurrentHashMap<>();

	public PinnedDnsResolver(OutboundPolicy policy) {
		this.policy = policy;
	}

	/**
	 * Checks {@code url} and pins its host's addresses; a host pinned before keeps its addresses.
	 * @throws OutboundRefusedException when the policy refuses the URL (nothing was connected)
	 * @throws UnknownHostException when the host does not resolve
	 */
	public List<InetAddress> pin(URI url) throws IOException {
		String host = OutboundPolicy.normalize(String.valueOf(url.getHost()));
		List<InetAddress> known = this.pinned.get(host);
		if (known != null) {
			return known;
		}
		List<InetAddress> addresses = this.policy.check(url);
		this.pinned.put(host, addresses);
		return addresses;
	}

	@Override
	public InetAddress[] resolve(String host) throws UnknownHostException {
		List<InetAddress> addresses = this.pinned.get(OutboundPolicy.normalize(host));
		if (addresses == null) {
			throw new UnknownHostException(OutboundPolicy.shown(host) + " was not checked against the outbound policy");
		}
		return addresses.toArray(InetAddress[]::new);
	}

	@Override
	public String resolveCanonicalHostname(String host) {
		return host;
	}

}
