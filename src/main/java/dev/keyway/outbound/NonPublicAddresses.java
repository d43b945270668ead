package dev.keyway.outbound;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The address blocks an outbound call never reaches unless the operator allows them: loopback,
 * private, shared (CGNAT), link-local, multicast, unspecified, reserved and documentation blocks,
 * after the IANA IPv4 and IPv6 Special-Purpose Address Registries (RFC 6890) and RFC 4291. IPv6
 * forms that carry an IPv4 address (NAT64 64:ff9b::/96, RFC 6052; 6to4 2002::/16, RFC 3056) are
 * judged by the IPv4 address they carry; IPv4-mapped addresses arrive as IPv4 already (the JDK
 * converts them). Hand-written: no well-kept Java library publishes this list.
 */
final class NonPublicAddresses {

	/** One block and what it is, for the refusal message. */
	record Block(AddressRange range, String name) {

		@Override
		public String toString() {
			return "the " + this.name + " block " + this.range;
		}

	}

	private static final List<Block> BLOCKS = List.of(block("0.0.0.0/8", "unspecified / this network"),
			block("10.0.0.0/8", "private-use"), block("100.64.0.0/10", "shared address space (CGNAT)"),
			block("127.0.0.0/8", "loopback"), block("169.254.0.0/16", "link-local"),
			block("172.16.0.0/12", "private-use"), block("192.0.0.0/24", "IETF protocol assignments"),
			block("192.0.2.0/24", "documentation"), block("192.88.99.0/24", "6to4 relay anycast"),
			block("192.168.0.0/16", "private-use"), block("198.18.0.0/15", "benchmarking"),
			block("198.51.100.0/24", "documentation"), block("203.0.113.0/24", "documentation"),
			block("224.0.0.0/4", "multicast"), block("240.0.0.0/4", "reserved (and broadcast)"),
			block("::/128", "unspecified"), block("::1/128", "loopback"),
			block("::/96", "IPv4-compatible (deprecated)"), block("64:ff9b:1::/48", "local-use NAT64"),
			block("100::/64", "discard-only"), block("2001::/23", "IETF protocol assignments"),
			block("2001:db8::/32", "documentation"), block("3fff::/20", "documentation"),
			block("5f00::/16", "segment routing (SRv6) SIDs"), block("fc00::/7", "unique-local"),
			block("fe80::/10", "link-local"), block("fec0::/10", "site-local (deprecated)"),
			block("ff00::/8", "multicast"));

	private static final AddressRange NAT64 = AddressRange.parse("64:ff9b::/96");

	private static final AddressRange SIX_TO_FOUR = AddressRange.parse("2002::/16");

	private NonPublicAddresses() {
	}

	/**
	 * Every block as {@code "<cidr> <name>"}, in the order {@link #blockOf} tries them: for the admin form's
	 * script, which judges an address typed in a URL while the admin types (NAT64 and 6to4 forms are left to Save).
	 */
	static List<String> described() {
		return BLOCKS.stream().map((block) -> block.range() + " " + block.name()).toList();
	}

	/** The block that makes {@code address} non-public ("the loopback block 127.0.0.0/8"), or empty. */
	static Optional<String> blockOf(InetAddress address) {
		for (Block block : BLOCKS) {
			if (block.range().contains(address)) {
				return Optional.of(block.toString());
			}
		}
		if (address instanceof Inet6Address) {
			byte[] bytes = address.getAddress();
			if (NAT64.contains(address)) {
				return embedded(Arrays.copyOfRange(bytes, 12, 16), "the NAT64 block " + NAT64);
			}
			if (SIX_TO_FOUR.contains(address)) {
				return embedded(Arrays.copyOfRange(bytes, 2, 6), "the 6to4 block " + SIX_TO_FOUR);
			}
		}
		return Optional.empty();
	}

	private static Optional<String> embedded(byte[] ipv4, String form) {
		try {
			InetAddress carried = InetAddress.getByAddress(ipv4);
			return blockOf(carried)
				.map((block) -> form + ", carrying " + carried.getHostAddress() + " of " + block);
		}
		catch (UnknownHostException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static Block block(String cidr, String name) {
		return new Block(AddressRange.parse(cidr), name);
	}

}
