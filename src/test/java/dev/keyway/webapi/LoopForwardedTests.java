package dev.keyway.webapi;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import org.junit.jupiter.api.Test;

import org.springframework.boot.tomcat.autoconfigure.TomcatServerProperties;

import static org.assertj.core.api.Assertions.assertThat;

/** The event-loop listener reads X-Forwarded-* as Tomcat's RemoteIpValve does with Spring Boot's defaults. */
class LoopForwardedTests {

	private static final TomcatServerProperties.Remoteip DEFAULTS = new TomcatServerProperties.Remoteip();

	private final LoopForwarded forwarded = new LoopForwarded(DEFAULTS.getInternalProxies(), DEFAULTS.getTrustedProxies(),
			DEFAULTS.getRemoteIpHeader(), DEFAULTS.getProtocolHeader(), DEFAULTS.getProtocolHeaderHttpsValue(),
			DEFAULTS.getHostHeader(), DEFAULTS.getPortHeader());

	@Test
	void applyWhenPeerIsNotAnInternalProxyThenNothingBelieved() {
		HttpHeaders headers = new DefaultHttpHeaders().set("X-Forwarded-For", "6.6.6.6").set("X-Forwarded-Proto", "https");

		assertThat(this.forwarded.apply("203.0.113.9", headers)).isNull();
	}

	@Test
	void applyWhenInternalProxyThenFirstNonProxyFromTheRightIsTheClient() {
		HttpHeaders headers = new DefaultHttpHeaders().add("X-Forwarded-For", "6.6.6.6, 203.0.113.7")
			.add("X-Forwarded-For", "10.0.0.5");

		LoopForwarded.Seen seen = this.forwarded.apply("127.0.0.1", headers);

		assertThat(seen.client()).isEqualTo("203.0.113.7");
		assertThat(seen.scheme()).isNull();
		assertThat(seen.port()).isEqualTo(-1);
		assertThat(seen.host()).isNull();
	}

	@Test
	void applyWhenEveryAddressIsAProxyThenTheLeftmost() {
		HttpHeaders headers = new DefaultHttpHeaders().set("X-Forwarded-For", "192.168.1.2, 10.0.0.5");

		assertThat(this.forwarded.apply("::1", headers).client()).isEqualTo("192.168.1.2");
	}

	@Test
	void applyWhenProtoHostAndPortThenTheClientsUrl() {
		HttpHeaders headers = new DefaultHttpHeaders().set("X-Forwarded-Proto", "https")
			.set("X-Forwarded-Host", "shop.example.com:8443");

		LoopForwarded.Seen seen = this.forwarded.apply("10.1.2.3", headers);

		assertThat(seen.scheme()).isEqualTo("https");
		assertThat(seen.port()).isEqualTo(443);
		assertThat(seen.host()).isEqualTo("shop.example.com");
		assertThat(this.forwarded.apply("10.1.2.3", headers.set("X-Forwarded-Port", "8443")).port()).isEqualTo(8443);
		assertThat(this.forwarded.apply("10.1.2.3", headers.set("X-Forwarded-Proto", "https, http")).scheme())
			.isEqualTo("http");
	}

	@Test
	void applyWhenForwardedForIsNotAnAddressThenItIsTheClientTextButNeverLookedUp() {
		HttpHeaders headers = new DefaultHttpHeaders().set("X-Forwarded-For", "localhost, 10.0.0.5");

		assertThat(this.forwarded.apply("127.0.0.1", headers).client()).isEqualTo("localhost");
	}

	@Test
	void applyWhenInternalProxiesAreARegularExpressionThenMatchedAsTomcat9Did() {
		LoopForwarded regex = new LoopForwarded("127\\.0\\.0\\.1|10\\.\\d+\\.\\d+\\.\\d+", null, null, null, null, null,
				null);

		assertThat(regex.apply("10.9.9.9", new DefaultHttpHeaders().set("X-Forwarded-For", "203.0.113.1")).client())
			.isEqualTo("203.0.113.1");
		assertThat(regex.apply("192.168.0.1", new DefaultHttpHeaders())).isNull();
	}

}
