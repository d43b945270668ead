package dev.keyway.outbound;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.keyway.testing.DatabaseIndependent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Only IP literals and names of this machine are checked here: {@link OutboundPolicy#check(URI)}
 * resolves but never connects, and literals never reach DNS.
 */
@DatabaseIndependent
class OutboundPolicyTests {

	private static final String PROPERTY = "keyway.callbacks.allowed-networks";

	private final OutboundPolicy publicOnly = OutboundPolicy.publicOnly(PROPERTY);

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "http://127.0.0.1/cb | 127.0.0.1 | the loopback block 127.0.0.0/8",
			"http://10.0.0.1/cb | 10.0.0.1 | the private-use block 10.0.0.0/8",
			"http://172.16.5.4/cb | 172.16.5.4 | the private-use block 172.16.0.0/12",
			"http://192.168.1.1/cb | 192.168.1.1 | the private-use block 192.168.0.0/16",
			"http://169.254.169.254/latest/meta-data/ | 169.254.169.254 | the link-local block 169.254.0.0/16",
			"http://100.64.0.1/cb | 100.64.0.1 | the shared address space (CGNAT) block 100.64.0.0/10",
			"http://100.127.255.254/cb | 100.127.255.254 | the shared address space (CGNAT) block 100.64.0.0/10",
			"http://224.0.0.1/cb | 224.0.0.1 | the multicast block 224.0.0.0/4",
			"http://255.255.255.255/cb | 255.255.255.255 | the reserved (and broadcast) block 240.0.0.0/4",
			"http://0/cb | 0.0.0.0 | the unspecified / this network block 0.0.0.0/8",
			"http://0.0.0.0:8080/cb | 0.0.0.0 | the unspecified / this network block 0.0.0.0/8",
			"http://2130706433/cb | 127.0.0.1 | the loopback block 127.0.0.0/8",
			"http://[::ffff:127.0.0.1]/cb | 127.0.0.1 | the loopback block 127.0.0.0/8",
			"http://[::ffff:a9fe:a9fe]/cb | 169.254.169.254 | the link-local block 169.254.0.0/16",
			"http://[::1]:8080/cb | ::1 | the loopback block ::1/128",
			"http://[::]/cb | :: | the unspecified block ::/128",
			"http://[fe80::1]/cb | fe80::1 | the link-local block fe80::/10",
			"http://[FC00::1]/cb | fc00::1 | the unique-local block fc00::/7",
			"http://[ff02::1]/cb | ff02::1 | the multicast block ff00::/8",
			"http://[::127.0.0.1]/cb | ::7f00:1 | the IPv4-compatible (deprecated) block ::/96",
			"http://[2001:db8::1]/cb | 2001:db8::1 | the documentation block 2001:db8::/32",
			"https://[64:ff9b::7f00:1]/cb | 64:ff9b::7f00:1 | the NAT64 block 64:ff9b::/96, carrying 127.0.0.1 of the loopback block 127.0.0.0/8",
			"https://[2002:a9fe:a9fe::]/cb | 2002:a9fe:a9fe:: | the 6to4 block 2002::/16, carrying 169.254.169.254 of the link-local block 169.254.0.0/16" })
	void checkWhenHostIsNonPublicThenRefusedNamingUrlAddressBlockAndProperty(String url, String address, String block) {
		assertThatExceptionOfType(OutboundRefusedException.class).isThrownBy(() -> this.publicOnly.check(URI.create(url)))
			.withMessageStartingWith("Refused " + url + ": its host is " + address + ", in " + block + ". ")
			.withMessageContaining("unless the start-up property " + PROPERTY + " lists the network or the host name");
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://0177.0.0.1/cb", "http://0x7f000001/cb", "http://010.0.0.1/cb",
			"http://127.0.0.01/cb" })
	void checkWhenIpv4HasLeadingZerosOrHexThenRefusedAsAmbiguousWhateverIsAllowed(String url) {
		OutboundPolicy everything = OutboundPolicy.of(PROPERTY, List.of("0.0.0.0/0", "::/0"));
		assertThatExceptionOfType(OutboundRefusedException.class).isThrownBy(() -> everything.check(URI.create(url)))
			.withMessageStartingWith("Refused " + url + ": the host ")
			.withMessageContaining("leading zeros or hex")
			.withMessageContaining("four decimal numbers");
	}

	@Test
	void checkWhenPublicAddressThenItsAddressesWithoutConnecting() throws IOException {
		assertThat(this.publicOnly.check(URI.create("https://93.184.216.34/cb")))
			.containsExactly(InetAddress.getByName("93.184.216.34"));
		assertThat(this.publicOnly.check(URI.create("https://[2606:2800:220:1::]/cb")))
			.containsExactly(InetAddress.getByName("2606:2800:220:1::"));
		assertThat(this.publicOnly.check(URI.create("http://[64:ff9b::5db8:d822]/cb"))).as("NAT64 of a public address")
			.hasSize(1);
	}

	@Test
	void checkWhenNetworkListedThenAllowedAndNeighboursStillRefused() throws IOException {
		OutboundPolicy policy = OutboundPolicy.of(PROPERTY, List.of("127.0.0.0/8", "::1", "10.1.0.0/16"));
		assertThat(policy.check(URI.create("http://127.0.0.1:8080/cb"))).extracting(InetAddress::getHostAddress)
			.containsExactly("127.0.0.1");
		assertThat(policy.check(URI.create("http://2130706433/cb"))).extracting(InetAddress::getHostAddress)
			.containsExactly("127.0.0.1");
		assertThat(policy.check(URI.create("http://[::ffff:127.0.0.1]/cb"))).hasSize(1);
		assertThat(policy.check(URI.create("http://[::1]/cb"))).hasSize(1);
		assertThat(policy.check(URI.create("http://10.1.200.3/cb"))).hasSize(1);
		assertThatExceptionOfType(OutboundRefusedException.class)
			.isThrownBy(() -> policy.check(URI.create("http://10.2.0.1/cb")))
			.withMessageContaining("10.2.0.1, in the private-use block 10.0.0.0/8.")
			.withMessageContaining("(for example " + PROPERTY + "=10.2.0.1/32)");
		assertThatExceptionOfType(OutboundRefusedException.class)
			.isThrownBy(() -> policy.check(URI.create("http://169.254.169.254/")));
		assertThatExceptionOfType(OutboundRefusedException.class)
			.isThrownBy(() -> policy.check(URI.create("http://[fe80::1]/")));
	}

	@Test
	void checkWhenHostNameListedThenAllowedWhateverItResolvesTo() throws IOException {
		OutboundPolicy policy = OutboundPolicy.of(PROPERTY, List.of("LocalHost."));
		assertThat(policy.check(URI.create("http://localhost:8080/cb"))).isNotEmpty()
			.allSatisfy((address) -> assertThat(address.isLoopbackAddress()).isTrue());
		assertThatExceptionOfType(OutboundRefusedException.class).as("the name is allowed, not its addresses")
			.isThrownBy(() -> policy.check(URI.create("http://127.0.0.1:8080/cb")));
		assertThatExceptionOfType(OutboundRefusedException.class).as("not listed")
			.isThrownBy(() -> this.publicOnly.check(URI.create("http://localhost:8080/cb")))
			.withMessageStartingWith("Refused http://localhost:8080/cb: its host resolves to ");
	}

	@Test
	void checkWhenNotHttpThenRefused() {
		assertThatExceptionOfType(OutboundRefusedException.class)
			.isThrownBy(() -> this.publicOnly.check(URI.create("ftp://93.184.216.34/x")))
			.withMessage("Refused ftp://93.184.216.34/x: only http and https URLs are called.");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = {
			"10.0.0.0/33 | the prefix length \"33\" must be a number from 0 to 32 for this address",
			"::1/129 | the prefix length \"129\" must be a number from 0 to 128 for this address",
			"10.0.0.0/ | the prefix length \"\" must be a number from 0 to 32 for this address",
			"10.0.0.0/-1 | the prefix length \"-1\" must be a number from 0 to 32 for this address",
			"10.0.0.1/8 | the address has bits set beyond the /8 prefix; the block starts at 10.0.0.0/8",
			"256.0.0.0/8 | \"256.0.0.0\" is not an IP address",
			"010.0.0.0/8 | \"010.0.0.0\" is not an IP address",
			"fe80::1%eth0 | \"fe80::1%eth0\" is not an IP address",
			"2130706433 | a number is not a host name",
			"0177.0.0.1 | a number is not a host name",
			"*.example.com | it is neither a CIDR block, an IP address nor a host name",
			"http://callbacks.internal | write the network or the host name alone, not a URL",
			"-bad.example.com | it is neither a CIDR block, an IP address nor a host name" })
	void ofWhenEntryMalformedThenRefusedWithPropertyValueAndRule(String entry, String rule) {
		assertThatIllegalArgumentException().isThrownBy(() -> OutboundPolicy.of(PROPERTY, List.of("::1", entry)))
			.withMessageStartingWith(PROPERTY + ": \"" + entry + "\" is refused: " + rule)
			.withMessageEndingWith("Each entry is a CIDR block (127.0.0.0/8, fc00::/7), one IP address (::1) or a host "
					+ "name (callbacks.internal), separated by commas.");
	}

	@Test
	void ofWhenEntryIsLongThenRefusalShowsItsFirst64CharactersAndLength() {
		String network = "10.0.0.0/" + "9".repeat(10_000);
		String host = "-" + "h".repeat(10_000);
		assertThatIllegalArgumentException().isThrownBy(() -> OutboundPolicy.of(PROPERTY, List.of(network)))
			.withMessageStartingWith(PROPERTY + ": \"" + network.substring(0, 64) + "…\" (10009 characters) is refused: "
					+ "the prefix length \"" + "9".repeat(64) + "…\" (10000 characters) must be a number from 0 to 32")
			.satisfies((ex) -> assertThat(ex.getMessage()).hasSizeLessThan(500));
		assertThatIllegalArgumentException().isThrownBy(() -> OutboundPolicy.of(PROPERTY, List.of(host + "/8")))
			.withMessageStartingWith(PROPERTY + ": \"" + host.substring(0, 64) + "…\" (10003 characters) is refused: \""
					+ host.substring(0, 64) + "…\" (10001 characters) is not an IP address")
			.satisfies((ex) -> assertThat(ex.getMessage()).hasSizeLessThan(600));
	}

	@Test
	void ofWhenEntriesBlankOrPaddedThenBlanksSkippedAndPaddingIgnored() throws IOException {
		OutboundPolicy policy = OutboundPolicy.of(PROPERTY, List.of(" 127.0.0.0/8 ", "", "  "));
		assertThat(policy.check(URI.create("http://127.0.0.2/"))).hasSize(1);
		assertThat(policy).hasToString("public addresses and 127.0.0.0/8");
		assertThat(OutboundPolicy.of(PROPERTY, null)).hasToString("public addresses");
	}

	@Test
	void withoutUserInfoWhenUrlHoldsCredentialsThenReplacedAndOtherTextKept() {
		assertThat(OutboundPolicy.withoutUserInfo("http://user:pw@partner.example/cb?a=b@c"))
			.isEqualTo("http://(user info)@partner.example/cb?a=b@c");
		assertThat(OutboundPolicy.withoutUserInfo("https://token@[::1]:8443/")).isEqualTo("https://(user info)@[::1]:8443/");
		assertThat(OutboundPolicy.withoutUserInfo("https://partner.example/cb?mail=a@b.example"))
			.isEqualTo("https://partner.example/cb?mail=a@b.example");
		assertThat(OutboundPolicy.withoutUserInfo("not a url user:pw@host")).isEqualTo("not a url user:pw@host");
		assertThat(OutboundPolicy.withoutUserInfo(null)).isNull();
	}

	@Test
	void withoutUserInfoWhenPasswordHoldsAnAtSignThenNoPartOfItShown() {
		// user info ends at the authority's last '@' (RFC 3986 3.2.1: it holds no raw '@', so one there is the password's)
		assertThat(OutboundPolicy.withoutUserInfo("http://user:p@ss-w0rd@partner.example/cb?a=b@c"))
			.isEqualTo("http://(user info)@partner.example/cb?a=b@c");
	}

	@Test
	void checkWhenRefusedUrlHoldsUserInfoThenMessageWithoutIt() {
		OutboundPolicy policy = OutboundPolicy.of(PROPERTY, List.of());
		assertThatExceptionOfType(OutboundRefusedException.class)
			.isThrownBy(() -> policy.check(URI.create("http://partner:s3cret@127.0.0.1/cb")))
			.withMessageStartingWith("Refused http://(user info)@127.0.0.1/cb: its host is 127.0.0.1")
			.withMessageNotContaining("s3cret");
	}

}
