package dev.keyway.outbound;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.keyway.testing.DatabaseIndependent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

@DatabaseIndependent
class PinnedDnsResolverTests {

	private final PinnedDnsResolver resolver = new PinnedDnsResolver(
			OutboundPolicy.of("keyway.callbacks.allowed-networks", List.of("127.0.0.0/8", "::1")));

	@Test
	void resolveWhenHostPinnedThenExactlyThePinnedAddresses() throws IOException {
		this.resolver.pin(URI.create("http://2130706433:8080/cb"));
		this.resolver.pin(URI.create("http://[::1]:8080/cb"));
		assertThat(this.resolver.resolve("2130706433")).containsExactly(InetAddress.getByName("127.0.0.1"));
		assertThat(this.resolver.resolve("[::1]")).containsExactly(InetAddress.getByName("::1"));
		assertThat(this.resolver.resolve("::1")).containsExactly(InetAddress.getByName("::1"));
	}

	@Test
	void resolveWhenHostNeverPinnedThenUnknownEvenIfItWouldResolve() {
		assertThatExceptionOfType(UnknownHostException.class).isThrownBy(() -> this.resolver.resolve("127.0.0.1"))
			.withMessage("127.0.0.1 was not checked against the outbound policy");
	}

	@Test
	void pinWhenPolicyRefusesThenRefusedAndNothingPinned() {
		assertThatExceptionOfType(OutboundRefusedException.class)
			.isThrownBy(() -> this.resolver.pin(URI.create("http://169.254.169.254/")));
		assertThatExceptionOfType(UnknownHostException.class).isThrownBy(() -> this.resolver.resolve("169.254.169.254"));
	}

}
