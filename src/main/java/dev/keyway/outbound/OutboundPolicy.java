package dev.keyway.outbound;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which addresses an outbound call may reach: every public address, and the networks and host
 * names the operator lists in a start-up property (for example
 * {@code keyway.callbacks.allowed-networks=127.0.0.0/8,::1}). {@link #check(URI)} resolves the
 * URL's host once and answers the addresses to connect to, or refuses before any connection.
 * Immutable and thread-safe.
 */
public final class OutboundPolicy {

	/** RFC 1123 host names: labels of letters, digits and hyphens, at most 253 characters in all. */
	private static final Pattern HOST_NAME = Pattern.compile(
			"(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*",
			Pattern.CASE_INSENSITIVE);

	/** Labels that inet_aton(3) reads as numbers: decimal, octal (leading 0) or hex (0x). */
	private static final Pattern NUMERIC_LABELS = Pattern.compile("(\\d+|0x[0-9a-f]*)(\\.(\\d+|0x[0-9a-f]*))*",
			Pattern.CASE_INSENSITIVE);

	private static final Pattern AMBIGUOUS_LABEL = Pattern.compile("(^|\\.)(0\\d+|0x)", Pattern.CASE_INSENSITIVE);

	private static final int SHOWN_MAX = 255;

	/** A URL's scheme and {@code //}, then its user info up to the {@code @} of the authority (RFC 3986 3.2.1). */
	// up to the authority's last '@': user info holds no raw '@' (RFC 3986 3.2.1), so one before it is the password's
	private static final java.util.regex.Pattern USER_INFO = java.util.regex.Pattern
		.compile("^([A-Za-z][A-Za-z0-9+.-]*://)[^/?#]*@");

	private static final String ENTRY_RULE = "Each entry is a CIDR block (127.0.0.0/8, fc00::/7), one IP address (::1) "
			+ "or a host name (callbacks.internal), separated by commas.";

	private final String property;

	private final List<AddressRange> networks;

	private final Set<String> hosts;

	private OutboundPolicy(String property, List<AddressRange> networks, Set<String> hosts) {
		this.property = property;
		this.networks = List.copyOf(networks);
		this.hosts = Set.copyOf(hosts);
	}

	/**
	 * The policy allowing public addresses and {@code entries} (CIDR blocks, single addresses, host
	 * names); blank entries are skipped.
	 * @param property the start-up property the entries come from, named in every message
	 * @throws IllegalArgumentException naming the property, the entry and the rule it breaks
	 */
	public static OutboundPolicy of(String property, List<String> entries) {
		List<AddressRange> networks = new ArrayList<>();
		Set<String> hosts = new LinkedHashSet<>();
		for (String raw : (entries != null) ? entries : List.<String>of()) {
			String entry = (raw != null) ? raw.strip() : "";
			if (entry.isEmpty()) {
				continue;
			}
			if (entry.contains("://")) {
				throw invalid(property, entry, "write the network or the host name alone, not a URL");
			}
			if (entry.indexOf('/') >= 0 || entry.indexOf(':') >= 0 || AddressRange.isDottedQuad(entry)) {
				try {
					networks.add(AddressRange.parse(entry));
				}
				catch (IllegalArgumentException ex) {
					throw invalid(property, entry, ex.getMessage());
				}
			}
			else if (NUMERIC_LABELS.matcher(entry).matches()) {
				throw invalid(property, entry, "a number is not a host name, and IPv4 addresses are written as four "
						+ "decimal numbers 0-255 without leading zeros (127.0.0.1)");
			}
			else if (HOST_NAME.matcher(normalize(entry)).matches()) {
				hosts.add(normalize(entry));
			}
			else {
				throw invalid(property, entry, "it is neither a CIDR block, an IP address nor a host name "
						+ "(letters, digits, hyphens and dots)");
			}
		}
		return new OutboundPolicy(property, networks, hosts);
	}

	/** The policy that allows public addresses only. */
	public static OutboundPolicy publicOnly(String property) {
		return of(property, List.of());
	}

	/**
	 * Resolves the host of {@code url} once and answers its addresses, all allowed; connect to these
	 * and no others.
	 * @throws OutboundRefusedException when the URL is not http(s), spells its host as an ambiguous
	 * number, or any address of the host is non-public and not allowed
	 * @throws java.net.UnknownHostException when the host does not resolve
	 */
	public List<InetAddress> check(URI url) throws IOException {
		String scheme = (url.getScheme() != null) ? url.getScheme().toLowerCase(Locale.ROOT) : "";
		if (!scheme.equals("http") && !scheme.equals("https")) {
			throw new OutboundRefusedException("Refused " + shown(url) + ": only http and https URLs are called.");
		}
		if (url.getHost() == null || url.getHost().isEmpty()) {
			throw new OutboundRefusedException("Refused " + shown(url) + ": the URL has no host name or address.");
		}
		String host = normalize(url.getHost());
		if (NUMERIC_LABELS.matcher(host).matches() && !AddressRange.isDottedQuad(host)
				&& AMBIGUOUS_LABEL.matcher(host).find()) {
			throw new OutboundRefusedException("Refused " + shown(url) + ": the host \"" + shown(host)
					+ "\" is an IPv4 address with leading zeros or hex, which some software reads as octal or hex and "
					+ "other software as decimal; write it as four decimal numbers such as 203.0.113.7.");
		}
		List<InetAddress> addresses = List.of(InetAddress.getAllByName(host));
		if (this.hosts.contains(host)) {
			return addresses;
		}
		for (InetAddress address : addresses) {
			if (this.networks.stream().noneMatch((network) -> network.contains(address))) {
				String block = NonPublicAddresses.blockOf(address).orElse(null);
				if (block != null) {
					throw new OutboundRefusedException("Refused " + shown(url) + ": its host "
							+ (isAddress(host) ? "is " : "resolves to ") + AddressRange.text(address) + ", in " + block
							+ ". Keyway calls only public "
							+ "addresses unless the start-up property " + this.property
							+ " lists the network or the host name (for example " + this.property + "="
							+ suggestion(address) + ").");
				}
			}
		}
		return addresses;
	}

	/**
	 * What {@link #check(URI)} would refuse for {@code url}, judged without asking DNS, for a Save: the
	 * refusal's message when the URL's host is written as an IP address (any spelling a resolver reads as
	 * one: a dotted quad, an IPv6 literal, a number) or is {@code localhost}, and that address is non-public
	 * and not allowed. Empty for every other host name (what DNS answers may change before the call, which
	 * is judged then), for allowed or public addresses, and for text that is not a URL with a host.
	 */
	public Optional<String> refusalWithoutDns(String url) {
		if (url == null) {
			return Optional.empty();
		}
		URI uri;
		try {
			uri = new URI(url.strip());
		}
		catch (URISyntaxException ex) {
			return Optional.empty();
		}
		if (uri.getHost() == null || uri.getHost().isEmpty()) {
			return Optional.empty();
		}
		String host = normalize(uri.getHost());
		// every numeric spelling (check refuses the ambiguous ones without a look-up), IPv6 and localhost
		boolean literal = host.indexOf(':') >= 0 || NUMERIC_LABELS.matcher(host).matches() || host.equals("localhost");
		if (!literal) {
			return Optional.empty();
		}
		try {
			check(uri);
			return Optional.empty();
		}
		catch (OutboundRefusedException ex) {
			return Optional.of(ex.getMessage());
		}
		catch (IOException ex) {
			return Optional.empty();
		}
	}

	/**
	 * True when a (normalized) host is written as an IP address the JDK reads without a look-up (a dotted quad, an
	 * IPv6 literal, a number): no name is looked up, so a refusal says the host <em>is</em> the address
	 * ("resolves to" read as if a name had been asked for, a store admin's trial).
	 */
	private static boolean isAddress(String host) {
		return host.indexOf(':') >= 0 || JDK_IPV4_LITERAL.matcher(host).matches();
	}

	/**
	 * What the JDK reads as an IPv4 address without a look-up: one to four decimal parts (127.0.0.1, 2130706433);
	 * five parts or a hexadecimal one go to DNS (a review: "its host is" was said of such a name).
	 */
	private static final Pattern JDK_IPV4_LITERAL = Pattern.compile("\\d+(\\.\\d+){0,3}");

	/**
	 * What a browser needs to tell, without DNS, the addresses {@link #refusalWithoutDns(String)} refuses: the
	 * non-public blocks ({@code "<cidr> <name>"}) and this policy's allowed networks and host names. The server's
	 * check stays the authority.
	 */
	public record WithoutDns(List<String> blocks, List<String> allowed) {
	}

	public WithoutDns withoutDns() {
		List<String> allowed = new ArrayList<>(this.hosts);
		this.networks.forEach((network) -> allowed.add(network.toString()));
		return new WithoutDns(NonPublicAddresses.described(), List.copyOf(allowed));
	}

	/** The property this policy's entries come from. */
	public String property() {
		return this.property;
	}

	@Override
	public String toString() {
		List<String> allowed = new ArrayList<>(this.hosts);
		this.networks.forEach((network) -> allowed.add(network.toString()));
		return "public addresses" + (allowed.isEmpty() ? "" : " and " + String.join(",", allowed));
	}

	/** A URL's host as compared and resolved: no IPv6 brackets, lower case, no trailing dot. */
	static String normalize(String host) {
		String plain = host;
		if (plain.startsWith("[") && plain.endsWith("]")) {
			plain = plain.substring(1, plain.length() - 1);
		}
		plain = plain.toLowerCase(Locale.ROOT);
		return plain.endsWith(".") ? plain.substring(0, plain.length() - 1) : plain;
	}

	static String shown(Object value) {
		String text = withoutUserInfo(String.valueOf(value));
		return (text.length() <= SHOWN_MAX) ? text : text.substring(0, SHOWN_MAX) + "...";
	}

	/**
	 * A URL to be shown or logged, its user info ({@code user:password@}, a third party's credentials in its
	 * callback URL) replaced by {@code (user info)@}; any other text as it is. A security trial found the password
	 * in a refused post's message and in the log.
	 */
	public static String withoutUserInfo(String url) {
		if (url == null) {
			return null;
		}
		return USER_INFO.matcher(url).replaceFirst("$1(user info)@");
	}

	private static String suggestion(InetAddress address) {
		return AddressRange.text(address) + ((address.getAddress().length == 4) ? "/32" : "/128");
	}

	private static IllegalArgumentException invalid(String property, String entry, String rule) {
		// an entry is not a URL (those are refused before): the 64-character rule of every other value
		return new IllegalArgumentException(property + ": " + AddressRange.shown(entry) + " is refused: " + rule + ". "
				+ ENTRY_RULE);
	}

}
