package dev.keyway.webapi;

import org.apache.coyote.http11.Http11NioProtocol;
import org.junit.jupiter.api.Test;

import dev.keyway.testing.KeywayIntegrationTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.servlet.context.ServletWebServerApplicationContext;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** Tomcat's connector ({@code keyway.server.connector}, issue 14.1): NIO unless told otherwise. */
@KeywayIntegrationTest
class TomcatConnectorTests {

	@Autowired
	ServletWebServerApplicationContext context;

	@Test
	void serverWhenStartedWithDefaultsThenRunsTheNioConnector() {
		TomcatWebServer server = (TomcatWebServer) this.context.getWebServer();

		assertThat(server.getTomcat().getConnector().getProtocolHandler()).isExactlyInstanceOf(Http11NioProtocol.class);
	}

	@Test
	void customizerWhenNioOrNio2ThenSetsThatProtocol() {
		TomcatServletWebServerFactory nio = new TomcatServletWebServerFactory();
		TomcatServletWebServerFactory nio2 = new TomcatServletWebServerFactory();

		new TomcatConnector().connectorProtocol(" NIO ", new StandardEnvironment()).customize(nio);
		new TomcatConnector().connectorProtocol("nio2", new StandardEnvironment()).customize(nio2);

		assertThat(nio.getProtocol()).isEqualTo(TomcatConnector.NIO);
		assertThat(nio2.getProtocol()).isEqualTo(TomcatConnector.NIO2);
	}

	@Test
	void customizerWhenUnknownConnectorThenRefusedWithTheRuleAndTheValue() {
		assertThatIllegalArgumentException().isThrownBy(() -> new TomcatConnector().connectorProtocol("apr", new StandardEnvironment()))
			.withMessage("keyway.server.connector must be nio or nio2; got \"apr\"");
		assertThatIllegalArgumentException().isThrownBy(() -> new TomcatConnector().connectorProtocol("x".repeat(500), new StandardEnvironment()))
			.withMessageContaining("(500 characters)");
	}

}
