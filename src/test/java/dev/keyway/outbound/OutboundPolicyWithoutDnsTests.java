package dev.keyway.outbound;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.keyway.testing.DatabaseIndependent;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link OutboundPolicy#refusalWithoutDns(String)}, the check at Save: the refusal of {@link OutboundPolicy#check}
 * for hosts written as addresses and {@code localhost}, nothing for host names (never looked up: the
 * {@code .invalid} names below would fail a look-up).
 */
@DatabaseIndependent
class OutboundPolicyWithoutDnsTests {

	private static final String PROPERTY = "keyway.callbacks.allowed-networks";

	private final OutboundPolicy publicOnly = OutboundPolicy.publicOnly(PROPERTY);

	@Test
	void refusalWithoutDnsWhenPrivateIpv4ThenTheCheckRefusalNamingAddressBlockAndProperty() {
		assertThat(this.publicOnly.refusalWithoutDns("http://10.0.0.5/cb")).hasValue("Refused http://10.0.0.5/cb: its "
				+ "host is 10.0.0.5, in the private-use block 10.0.0.0/8. Keyway calls only public addresses "
				+ "unless the start-up property " + PROPERTY + " lists the network or the host name (for example "
				+ PROPERTY + "=10.0.0.5/32).");
	}

	@Test
	void refusalWithoutDnsWhenHostIsAddressThenItsHostIsTheAddressAndForANameItResolvesToIt() {
		// a store admin's trial: "its host resolves to 10.0.0.5" for a URL that names no host to resolve
		assertThat(this.publicOnly.refusalWithoutDns("http://[fe80::1]/cb")).hasValueSatisfying((refusal) -> assertThat(
				refusal).startsWith("Refused http://[fe80::1]/cb: its host is fe80::1, in the link-local block fe80::/10."));
		assertThat(this.publicOnly.refusalWithoutDns("http://2130706433/cb")).hasValueSatisfying((refusal) -> assertThat(
				refusal).startsWith("Refused http://2130706433/cb: its host is 127.0.0.1, in the loopback block"));
		assertThat(this.publicOnly.refusalWithoutDns("http://localhost/cb"))
			.hasValueSatisfying((refusal) -> assertThat(refusal).startsWith("Refused http://localhost/cb: its host "
					+ "resolves to ").doesNotContain("its host is"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://localhost/cb", "http://LOCALHOST.:8080/cb", "http://127.0.0.1/cb", "http://[::1]/cb",
			"https://[fe80::1]/cb", "http://2130706433/cb" })
	void refusalWithoutDnsWhenLoopbackOrOtherLiteralSpellingThenRefused(String url) {
		assertThat(this.publicOnly.refusalWithoutDns(url)).isPresent();
	}

	@ParameterizedTest
	@ValueSource(strings = { "https://callbacks.keyway.invalid/cb", "http://10.0.0.5.keyway.invalid/cb",
			"https://203.0.113.7.nip.keyway.invalid/cb", "not a url", "mailto:erp@example.com", "" })
	void refusalWithoutDnsWhenHostNameOrNoHostThenNothingAndNoLookUp(String url) {
		assertThat(this.publicOnly.refusalWithoutDns(url)).isEmpty();
	}

	@Test
	void refusalWithoutDnsWhenPublicAddressThenNothing() {
		assertThat(this.publicOnly.refusalWithoutDns("https://8.8.8.8/cb")).isEmpty();
		assertThat(this.publicOnly.refusalWithoutDns("https://[2606:4700::1]/cb")).isEmpty();
	}

	@Test
	void refusalWithoutDnsWhenNetworkOrHostNameAllowedThenNothing() {
		OutboundPolicy allowing = OutboundPolicy.of(PROPERTY, List.of("10.0.0.0/8", "localhost"));

		assertThat(allowing.refusalWithoutDns("http://10.0.0.5/cb")).isEmpty();
		assertThat(allowing.refusalWithoutDns("http://localhost:8080/cb")).isEmpty();
		assertThat(allowing.refusalWithoutDns("http://192.168.0.1/cb")).isPresent();
	}

	@Test
	void refusalWithoutDnsWhenNullThenNothing() {
		assertThat(this.publicOnly.refusalWithoutDns(null)).isEmpty();
	}

}
