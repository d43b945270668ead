package dev.keyway.outbound;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * A block of IP addresses in CIDR notation (RFC 4632 section 3.1 for IPv4, RFC 4291 section 2.3
 * for IPv6). Hand-written rather than Spring Security's {@code IpAddressMatcher}: that one is a
 * servlet request matcher that re-parses a string on every match and accepts prefixes with host
 * bits set, while an operator's typo here must be refused at start-up with the rule it breaks.
 * Public for the integrations' IP allow-lists (issue 17.1), which need the same strict reading.
 *
 * @param network the first address of the block (host bits zero)
 * @param prefix the number of leading bits that are fixed
 */
public record AddressRange(InetAddress network, int prefix) {

	/** Four decimal numbers 0-255 without leading zeros: the one IPv4 spelling every parser reads alike. */
	private static final Pattern DOTTED_QUAD = Pattern
		.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");

	private static final Pattern IPV6_CHARACTERS = Pattern.compile("[0-9a-fA-F:.]+");

	/**
	 * Parses {@code 10.0.0.0/8}, {@code fc00::/7}, or a single address ({@code 127.0.0.1},
	 * {@code ::1}) as a block of one.
	 * @throws IllegalArgumentException naming the rule the text breaks
	 */
	public static AddressRange parse(String text) {
		int slash = text.indexOf('/');
		String address = (slash < 0) ? text : text.substring(0, slash);
		InetAddress network = literal(address);
		if (network == null) {
			throw new IllegalArgumentException(shown(address) + " is not an IP address (IPv4 as four decimal numbers "
					+ "0-255 such as 10.0.0.0, IPv6 such as fc00:: without a zone)");
		}
		int bits = network.getAddress().length * 8;
		int prefix = bits;
		if (slash >= 0) {
			String length = text.substring(slash + 1);
			if (!length.matches("\\d{1,3}") || Integer.parseInt(length) > bits) {
				throw new IllegalArgumentException(
						"the prefix length " + shown(length) + " must be a number from 0 to " + bits + " for this address");
			}
			prefix = Integer.parseInt(length);
		}
		AddressRange range = new AddressRange(network, prefix);
		if (!range.first().equals(network)) {
			throw new IllegalArgumentException("the address has bits set beyond the /" + prefix + " prefix; the block "
					+ "starts at " + range.first().getHostAddress() + "/" + prefix);
		}
		return range;
	}

	/**
	 * The address a literal names, or null when {@code text} is not an unambiguous IP literal. Never
	 * asks DNS: IPv4 must be a dotted quad, and text with a colon is only ever read as IPv6.
	 */
	public static InetAddress literal(String text) {
		boolean ipv6 = text.indexOf(':') >= 0 && IPV6_CHARACTERS.matcher(text).matches();
		if (DOTTED_QUAD.matcher(text).matches() || ipv6) {
			try {
				// in brackets the JDK parses IPv6 text as a literal or fails, never asking DNS
				return InetAddress.getByName(ipv6 ? "[" + text + "]" : text);
			}
			catch (UnknownHostException ex) {
				return null;
			}
		}
		return null;
	}

	/** True when {@code text} is a dotted-quad IPv4 address in its one canonical spelling. */
	static boolean isDottedQuad(String text) {
		return DOTTED_QUAD.matcher(text).matches();
	}

	public boolean contains(InetAddress address) {
		byte[] candidate = address.getAddress();
		byte[] fixed = this.network.getAddress();
		if (candidate.length != fixed.length) {
			return false;
		}
		int whole = this.prefix / 8;
		for (int i = 0; i < whole; i++) {
			if (candidate[i] != fixed[i]) {
				return false;
			}
		}
		int rest = this.prefix % 8;
		if (rest == 0) {
			return true;
		}
		int mask = (0xff << (8 - rest)) & 0xff;
		return (candidate[whole] & mask) == (fixed[whole] & mask);
	}

	private InetAddress first() {
		byte[] bytes = this.network.getAddress();
		for (int bit = this.prefix; bit < bytes.length * 8; bit++) {
			bytes[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
		}
		try {
			return InetAddress.getByAddress(bytes);
		}
		catch (UnknownHostException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public String toString() {
		return text(this.network) + "/" + this.prefix;
	}

	/**
	 * An address as people write it: IPv4 dotted, IPv6 in the RFC 5952 short form ({@code fe80::1},
	 * where the JDK writes {@code fe80:0:0:0:0:0:0:1}), without a zone.
	 */
	public static String text(InetAddress address) {
		byte[] bytes = address.getAddress();
		if (bytes.length == 4) {
			return address.getHostAddress();
		}
		int[] groups = new int[8];
		for (int i = 0; i < 8; i++) {
			groups[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
		}
		int bestStart = -1;
		int bestLength = 1;
		for (int i = 0; i < 8; i++) {
			int length = 0;
			while (i + length < 8 && groups[i + length] == 0) {
				length++;
			}
			if (length > bestLength) {
				bestStart = i;
				bestLength = length;
			}
		}
		StringBuilder text = new StringBuilder();
		for (int i = 0; i < 8; i++) {
			if (i == bestStart) {
				text.append("::");
				i += bestLength - 1;
				continue;
			}
			if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
				text.append(':');
			}
			text.append(Integer.toHexString(groups[i]));
		}
		return text.toString();
	}

	/**
	 * The part of an entry a refusal quotes: its first 64 characters, then "…" and its length (the rule of
	 * {@code oauth.EchoedValue}, copied because outbound is a leaf module that may depend on nothing). An
	 * entry comes from a start-up property or an integration's IP allow-list, which may be a page long.
	 */
	static String shown(String text) {
		return (text.length() <= 64) ? "\"" + text + "\""
				: "\"" + text.substring(0, 64) + "…\" (" + text.length() + " characters)";
	}

}
