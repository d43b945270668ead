package dev.keyway.integration;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import dev.keyway.oauth.EchoedValue;
import dev.keyway.outbound.AddressRange;

/**
 * Where an integration's calls may come from (issue 17.1, SPEC 5.10): CIDR blocks, IPv4 and IPv6;
 * empty means anywhere. Read with the outbound module's strict CIDR parser (no host bits beyond the
 * prefix, no DNS), kept in canonical text.
 */
public final class IpAllowList {

	/** At most this many blocks: the column holds them, and a longer list is a firewall's job. */
	public static final int MAX_ENTRIES = 50;

	private static final IpAllowList ANYWHERE = new IpAllowList(List.of());

	private final List<AddressRange> ranges;

	private IpAllowList(List<AddressRange> ranges) {
		this.ranges = List.copyOf(ranges);
	}

	public static IpAllowList anywhere() {
		return ANYWHERE;
	}

	/**
	 * @param entries CIDR blocks such as {@code 10.0.0.0/8}, {@code 2001:db8::/32}, or single addresses
	 * @throws IntegrationException (invalid) naming the first entry that breaks a rule
	 */
	public static IpAllowList of(List<String> entries) {
		if (entries == null || entries.isEmpty()) {
			return ANYWHERE;
		}
		if (entries.size() > MAX_ENTRIES) {
			throw invalid("\"ip_allowlist\" may hold at most " + MAX_ENTRIES + " entries; got " + entries.size() + ".");
		}
		Set<AddressRange> ranges = new LinkedHashSet<>();
		for (String entry : entries) {
			String text = (entry != null) ? entry.strip() : "";
			try {
				ranges.add(AddressRange.parse(text));
			}
			catch (IllegalArgumentException ex) {
				// the range's own message states the rule and cuts the part of the entry it quotes itself
				// (AddressRange.shown): cutting the message would cut the rule off
				throw invalid("The IP allow-list entry " + EchoedValue.shown(text) + " is not a CIDR block: "
						+ ex.getMessage() + ".");
			}
		}
		return new IpAllowList(new ArrayList<>(ranges));
	}

	/** The list as stored (comma-separated canonical blocks), or null for anywhere. */
	String column() {
		return this.ranges.isEmpty() ? null : String.join(",", entries());
	}

	static IpAllowList ofColumn(String column) {
		return (column == null || column.isBlank()) ? ANYWHERE : of(List.of(column.split(",")));
	}

	/** The blocks in canonical text, in the order given. */
	public List<String> entries() {
		return this.ranges.stream().map(AddressRange::toString).toList();
	}

	/** True when the list is empty: calls may come from anywhere. */
	public boolean isAnywhere() {
		return this.ranges.isEmpty();
	}

	/** True when the list is empty or a block holds the address (an IP literal; anything else is refused). */
	public boolean allows(String address) {
		if (this.ranges.isEmpty()) {
			return true;
		}
		InetAddress literal = (address != null) ? AddressRange.literal(stripBrackets(address)) : null;
		if (literal == null) {
			return false;
		}
		for (AddressRange range : this.ranges) {
			if (range.contains(literal)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * An address as a refusal shows it: IPv6 in the RFC 5952 short form ({@code ::1}, where the
	 * container writes {@code 0:0:0:0:0:0:0:1}); anything that is not an IP literal as given.
	 */
	public static String shown(String address) {
		InetAddress literal = (address != null) ? AddressRange.literal(stripBrackets(address)) : null;
		return (literal != null) ? AddressRange.text(literal) : EchoedValue.cut(String.valueOf(address));
	}

	private static String stripBrackets(String address) {
		String bare = (address.startsWith("[") && address.endsWith("]")) ? address.substring(1, address.length() - 1)
				: address;
		int zone = bare.indexOf('%');
		return (zone < 0) ? bare : bare.substring(0, zone);
	}

	private static IntegrationException invalid(String message) {
		return IntegrationException.invalid(List.of(new FieldError("ip_allowlist", message)));
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof IpAllowList list && list.ranges.equals(this.ranges);
	}

	@Override
	public int hashCode() {
		return this.ranges.hashCode();
	}

	@Override
	public String toString() {
		return this.ranges.isEmpty() ? "anywhere" : String.join(",", entries());
	}

}
