package dev.keyway.webapi;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.NetUtil;
import org.apache.catalina.util.NetMaskSet;

import org.springframework.util.StringUtils;

/**
 * {@code server.forward-headers-strategy=native} on the {@link EventLoopListener}: what Tomcat's
 * {@code RemoteIpValve} does with the settings Spring Boot gives it ({@code server.tomcat.remoteip.*}), so the
 * client's address, the scheme, host and port — hence the URL a client signed (RFC 5849 3.4.1.2) and the address
 * an allow-list checks — are the same on both ports. Only a peer among the internal (or trusted) proxies is
 * believed; {@code X-Forwarded-For} is read from the right, skipping internal proxies, and the first other address
 * is the client's. Hand-written because the valve works on Tomcat's own request objects; the address rules use
 * Tomcat's {@link NetMaskSet} (or the regular expression the valve also accepts), and an address is read only as a
 * literal (Netty's {@link NetUtil}), never looked up in the DNS.
 */
final class LoopForwarded {

	private final Matcher internal;

	private final Matcher trusted;

	private final String remoteIpHeader;

	private final String protocolHeader;

	private final String httpsValue;

	private final String hostHeader;

	private final String portHeader;

	/** The values of the valve's settings, as Spring Boot passes them (null or empty: none). */
	LoopForwarded(String internalProxies, String trustedProxies, String remoteIpHeader, String protocolHeader,
			String httpsValue, String hostHeader, String portHeader) {
		this.internal = Matcher.of(internalProxies);
		this.trusted = Matcher.of(trustedProxies);
		this.remoteIpHeader = StringUtils.hasLength(remoteIpHeader) ? remoteIpHeader : "X-Forwarded-For";
		this.protocolHeader = StringUtils.hasLength(protocolHeader) ? protocolHeader : "X-Forwarded-Proto";
		this.httpsValue = StringUtils.hasLength(httpsValue) ? httpsValue : "https";
		this.hostHeader = StringUtils.hasLength(hostHeader) ? hostHeader : null;
		this.portHeader = StringUtils.hasLength(portHeader) ? portHeader : null;
	}

	/** What the call looks like from the client's side, or null when the peer is not a proxy to believe. */
	Seen apply(String peer, HttpHeaders headers) {
		boolean internalPeer = this.internal.matches(peer);
		if (!internalPeer && !this.trusted.matches(peer)) {
			return null;
		}
		List<String> chain = new ArrayList<>();
		for (String value : headers.getAll(this.remoteIpHeader)) {
			for (String address : value.split(",")) {
				if (!address.isBlank()) {
					chain.add(address.strip());
				}
			}
		}
		String client = null;
		for (int i = chain.size() - 1; i >= 0; i--) {
			client = chain.get(i);
			if (!this.internal.matches(client) && !this.trusted.matches(client)) {
				break;
			}
		}
		String scheme = null;
		int port = -1;
		String protocol = headers.get(this.protocolHeader);
		if (protocol != null) {
			boolean https = secure(protocol);
			scheme = https ? "https" : "http";
			port = https ? 443 : 80;
			String forwardedPort = (this.portHeader != null) ? headers.get(this.portHeader) : null;
			if (forwardedPort != null) {
				try {
					port = Integer.parseInt(forwardedPort.strip());
				}
				catch (NumberFormatException ex) {
					// the valve keeps the scheme's port
				}
			}
		}
		String host = (this.hostHeader != null) ? headers.get(this.hostHeader) : null;
		if (host != null) {
			// the valve takes the name only; a port in this header is not the server port
			int bracket = host.lastIndexOf(']');
			int colon = host.lastIndexOf(':');
			host = (colon > bracket) ? host.substring(0, colon) : host;
		}
		return new Seen(client, scheme, port, host);
	}

	/** One value, or a list whose every value is the HTTPS one (the valve's rule). */
	private boolean secure(String protocol) {
		for (String value : protocol.split(",")) {
			if (!this.httpsValue.equalsIgnoreCase(value.strip())) {
				return false;
			}
		}
		return !protocol.isBlank();
	}

	/**
	 * What the proxies said; each null (or -1) when they did not say it.
	 * @param client the client's address
	 * @param scheme {@code https} or {@code http}
	 * @param port the server port the client used
	 * @param host the server name the client used
	 */
	record Seen(String client, String scheme, int port, String host) {
	}

	/** A list of CIDR blocks, as Tomcat 11 reads the setting, or else a regular expression over the address text. */
	private record Matcher(NetMaskSet cidr, Pattern regex) {

		static Matcher of(String setting) {
			if (!StringUtils.hasText(setting)) {
				return new Matcher(null, null);
			}
			NetMaskSet cidr = new NetMaskSet();
			List<String> errors = cidr.addAll(setting);
			return errors.isEmpty() ? new Matcher(cidr, null) : new Matcher(null, Pattern.compile(setting));
		}

		boolean matches(String address) {
			if (this.regex != null) {
				return this.regex.matcher(address).matches();
			}
			if (this.cidr == null) {
				return false;
			}
			InetAddress literal = NetUtil.createInetAddressFromIpAddressString(address);
			return literal != null && this.cidr.contains(literal);
		}

	}

}
