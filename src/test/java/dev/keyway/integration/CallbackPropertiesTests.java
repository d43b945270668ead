package dev.keyway.integration;

import java.io.IOException;
import java.net.URI;

import org.junit.jupiter.api.Test;

import dev.keyway.outbound.OutboundRefusedException;
import dev.keyway.testing.DatabaseIndependent;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** Binds {@code keyway.callbacks.*} as start-up does, in a context of this record only. */
@DatabaseIndependent
class CallbackPropertiesTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(Bind.class);

	@Test
	void bindWhenNotSetThenPublicAddressesOnly() {
		this.runner.run((context) -> {
			CallbackProperties properties = context.getBean(CallbackProperties.class);
			assertThat(properties.allowedNetworks()).isEmpty();
			assertThatExceptionOfType(OutboundRefusedException.class)
				.isThrownBy(() -> properties.policy().check(URI.create("http://127.0.0.1:8080/")));
		});
	}

	@Test
	void bindWhenCommaSeparatedNetworksAndNamesThenAllowed() {
		this.runner.withPropertyValues("keyway.callbacks.allowed-networks=127.0.0.0/8, ::1,localhost").run((context) -> {
			CallbackProperties properties = context.getBean(CallbackProperties.class);
			assertThat(properties.allowedNetworks()).containsExactly("127.0.0.0/8", "::1", "localhost");
			assertThat(properties.policy().check(URI.create("http://127.0.0.1:8080/"))).hasSize(1);
			assertThat(properties.policy().check(URI.create("http://[::1]:8080/"))).hasSize(1);
		});
	}

	@Test
	void bindWhenEntryMalformedThenStartUpFailsWithValueAndRule() {
		this.runner.withPropertyValues("keyway.callbacks.allowed-networks=127.0.0.0/8,10.0.0.0/33").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(IllegalArgumentException.class)
				.hasMessageStartingWith("keyway.callbacks.allowed-networks: \"10.0.0.0/33\" is refused: the prefix length "
						+ "\"33\" must be a number from 0 to 32 for this address.");
		});
	}

	@Test
	void bindWhenHostBitsSetThenStartUpFailsNamingTheBlock() throws IOException {
		this.runner.withPropertyValues("keyway.callbacks.allowed-networks=192.168.1.1/16").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("\"192.168.1.1/16\" is refused: the address has bits set beyond the /16 prefix; "
						+ "the block starts at 192.168.0.0/16");
		});
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(CallbackProperties.class)
	static class Bind {

	}

}
