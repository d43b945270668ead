package dev.keyway.webapi;

import org.junit.jupiter.api.Test;

import org.springframework.boot.tomcat.autoconfigure.TomcatServerProperties;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/** The event-loop listener's settings: off unless a port is set, each value checked with the rule it breaks. */
class EventLoopConfigurationTests {

	private static final WebApiProperties WEB_API = new WebApiProperties(DataSize.ofMegabytes(1), false);

	private static final TomcatServerProperties.Remoteip REMOTE_IP = new TomcatServerProperties.Remoteip();

	@Test
	void settingsWhenNoPortThenListenerClosed() {
		assertThat(EventLoopConfiguration.settings(new MockEnvironment(), WEB_API, REMOTE_IP)).isNull();
	}

	@Test
	void settingsWhenEmbeddedDatabaseThenCallsOnEventLoopElseOnWorkers() {
		assertThat(settings("jdbc:h2:file:/var/lib/keyway/keyway").onEventLoop()).isTrue();
		assertThat(settings("jdbc:h2:mem:test").onEventLoop()).isTrue();
		assertThat(settings("jdbc:h2:tcp://db/keyway").onEventLoop()).isFalse();
		assertThat(settings("jdbc:postgresql://db/keyway").onEventLoop()).isFalse();
		assertThat(EventLoopConfiguration.settings(environment("jdbc:postgresql://db/keyway")
			.withProperty("keyway.server.event-loop.run-on", "event-loop"), WEB_API, REMOTE_IP).onEventLoop()).isTrue();
		assertThat(EventLoopConfiguration.settings(environment("jdbc:h2:mem:test")
			.withProperty("keyway.server.event-loop.run-on", " Worker "), WEB_API, REMOTE_IP).onEventLoop()).isFalse();
	}

	@Test
	void settingsWhenPortAndLimitsGivenThenTaken() {
		EventLoopListener.Settings settings = EventLoopConfiguration.settings(environment("jdbc:h2:mem:x")
			.withProperty("server.address", "127.0.0.1")
			.withProperty("server.max-http-request-header-size", "16KB"), WEB_API, REMOTE_IP);

		assertThat(settings.port()).isEqualTo(8081);
		assertThat(settings.address()).isEqualTo("127.0.0.1");
		assertThat(settings.maxHeaderBytes()).isEqualTo(16 * 1024);
		assertThat(settings.maxBodyBytes()).isEqualTo(1024 * 1024);
	}

	@Test
	void settingsWhenStreamsPerAddressGivenThenTakenElseAQuarterOfTheWorkers() {
		assertThat(settings("jdbc:h2:mem:x").maxStreamsPerAddress()).isEqualTo(50);
		assertThat(EventLoopConfiguration.settings(environment("jdbc:h2:mem:x")
			.withProperty("keyway.server.event-loop.max-streamed-bodies-per-address", " 0 "), WEB_API, REMOTE_IP)
			.maxStreamsPerAddress()).isZero();
	}

	@Test
	void settingsWhenStreamsPerAddressNotAWholeNumberThenRefusedWithTheValue() {
		for (String bad : new String[] { "-1", "ten", "1.5" }) {
			assertThatIllegalArgumentException()
				.isThrownBy(() -> EventLoopConfiguration.settings(environment("jdbc:h2:mem:x")
					.withProperty("keyway.server.event-loop.max-streamed-bodies-per-address", bad), WEB_API, REMOTE_IP))
				.withMessage("keyway.server.event-loop.max-streamed-bodies-per-address must be a whole number, 0 for no "
						+ "cap; got \"" + bad + "\"");
		}
	}

	@Test
	void settingsWhenPortNotANumberThenRefusedWithTheValue() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> EventLoopConfiguration.settings(new MockEnvironment()
				.withProperty("keyway.server.event-loop.port", "80a"), WEB_API, REMOTE_IP))
			.withMessage("keyway.server.event-loop.port must be a port number from 0 to 65535; got \"80a\"");
	}

	@Test
	void settingsWhenPortOutOfRangeThenRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> EventLoopConfiguration.settings(new MockEnvironment()
				.withProperty("keyway.server.event-loop.port", "70000"), WEB_API, REMOTE_IP))
			.withMessage("keyway.server.event-loop.port must be from 0 to 65535; got 70000");
	}

	@Test
	void settingsWhenRunOnUnknownThenRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> EventLoopConfiguration.settings(environment("jdbc:h2:mem:x")
				.withProperty("keyway.server.event-loop.run-on", "sometimes"), WEB_API, REMOTE_IP))
			.withMessage("keyway.server.event-loop.run-on must be auto, event-loop or worker; got \"sometimes\"");
	}

	@Test
	void settingsWhenForwardHeadersNativeOrValveHeaderNamedThenRemoteIpRulesElseNone() {
		assertThat(settings("jdbc:h2:mem:x").forwarded()).isNull();
		assertThat(EventLoopConfiguration.settings(environment("jdbc:h2:mem:x")
			.withProperty("server.forward-headers-strategy", "NATIVE"), WEB_API, REMOTE_IP).forwarded()).isNotNull();
		assertThat(EventLoopConfiguration.settings(environment("jdbc:h2:mem:x")
			.withProperty("server.forward-headers-strategy", "framework"), WEB_API, REMOTE_IP).forwarded()).isNull();
		TomcatServerProperties.Remoteip named = new TomcatServerProperties.Remoteip();
		named.setProtocolHeader("X-Scheme");
		assertThat(EventLoopConfiguration.settings(environment("jdbc:h2:mem:x"), WEB_API, named).forwarded()).isNotNull();
	}

	@Test
	void settingsWhenHeaderLimitOutOfRangeThenRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> EventLoopConfiguration.settings(environment("jdbc:h2:mem:x")
				.withProperty("server.max-http-request-header-size", "100B"), WEB_API, REMOTE_IP))
			.withMessage("keyway.server.event-loop.port needs server.max-http-request-header-size from 1KB to 1MB; got 100B");
	}

	@Test
	void checkWhenEnvironmentPreparedWithABadPortThenRefusedBeforeAnythingStarts() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new EventLoopSettingsCheck().postProcessEnvironment(new org.springframework.mock.env.MockEnvironment()
				.withProperty("keyway.server.event-loop.port", "-1"), null))
			.withMessage("keyway.server.event-loop.port must be from 0 to 65535; got -1");
		new EventLoopSettingsCheck().postProcessEnvironment(new MockEnvironment(), null);
	}

	@Test
	void startWhenPortInUseThenRefusedNamingThePort() throws Exception {
		try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
			EventLoopListener listener = listener("127.0.0.1", taken.getLocalPort());

			assertThatIllegalStateException().isThrownBy(listener::start)
				.withMessageStartingWith("keyway.server.event-loop.port " + taken.getLocalPort()
						+ " could not be opened on \"127.0.0.1\"");
			assertThat(listener.isRunning()).isFalse();
		}
	}

	@Test
	void startWhenAddressUnknownThenRefusedNamingIt() {
		EventLoopListener listener = listener("no-such-host.invalid", 0);

		assertThatIllegalStateException().isThrownBy(listener::start)
			.withMessage("keyway.server.event-loop.address must be an address or a host name of this machine; "
					+ "got \"no-such-host.invalid\"");
	}

	private static EventLoopListener listener(String address, int port) {
		MockEnvironment environment = environment("jdbc:h2:mem:x").withProperty("keyway.server.event-loop.address", address)
			.withProperty("keyway.server.event-loop.port", Integer.toString(port));
		return new EventLoopListener(EventLoopConfiguration.settings(environment, WEB_API, REMOTE_IP),
				new org.springframework.beans.factory.support.StaticListableBeanFactory(), null, null,
				new org.springframework.core.env.StandardEnvironment());
	}

	private static EventLoopListener.Settings settings(String url) {
		return EventLoopConfiguration.settings(environment(url), WEB_API, REMOTE_IP);
	}

	private static MockEnvironment environment(String url) {
		return new MockEnvironment().withProperty("keyway.server.event-loop.port", "8081")
			.withProperty("spring.datasource.url", url);
	}

}
