package dev.keyway.webapi;

import java.util.Locale;

import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Tomcat's HTTP connector ({@code keyway.server.connector}): {@code nio} (default, Tomcat's and Spring
 * Boot's) or {@code nio2}. The NIO2 connector completes reads and writes through the JDK's
 * asynchronous channels instead of handing each readable socket from a poller thread to a request
 * thread: on one core it spent 41.2 µs of CPU a signed call against 43.1 µs for NIO (7 interleaved
 * rounds), but its p99 at half the maximum rate was higher over 16 interleaved open-model runs (median
 * 5.26 vs 4.68 ms), which is the target a node's callers feel (docs/BENCHMARKS.md, "Wave 2, fifth
 * session"). So NIO stays the default and NIO2 is there for an operator who wants the throughput;
 * every behaviour is the same on both (the suite passed on each).
 */
@Configuration(proxyBeanMethods = false)
class TomcatConnector {

	static final String NIO = "org.apache.coyote.http11.Http11NioProtocol";

	static final String NIO2 = "org.apache.coyote.http11.Http11Nio2Protocol";

	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> connectorProtocol(
			@Value("${keyway.server.connector:nio}") String connector, Environment environment) {
		String protocol = protocol(connector);
		RequestTarget target = RequestTarget.of(environment);
		return (factory) -> {
			factory.setProtocol(protocol);
			// an encoded slash (a SKU "A/B" sent as A%2FB) reaches the front door undecoded, whose firewall
			// refuses it with the same JSON answer as the event-loop listener's; Tomcat's own refusal was an
			// HTML page no API client reads (found by a trial)
			factory.addConnectorCustomizers((tomcat) -> {
				tomcat.setEncodedSolidusHandling("passthrough");
				// the same for an encoded backslash (%5C), which the firewall refuses in Magento's shape on both ports
				tomcat.setEncodedReverseSolidusHandling("passthrough");
			});
			// what the connector refuses itself (a NUL, a malformed escape) is answered in the Web API's shape
			// on its paths; runs after Spring Boot's customizer, whose plain error valve it replaces
			factory.addContextCustomizers((context) -> {
				if (context.getParent() instanceof StandardHost host) {
					host.setErrorReportValveClass(ApiErrorReportValve.class.getName());
					for (Valve valve : host.getPipeline().getValves()) {
						if (valve instanceof ErrorReportValve) {
							host.getPipeline().removeValve(valve);
						}
					}
					host.getPipeline().addValve(new ApiErrorReportValve(target));
				}
			});
		};
	}

	static String protocol(String connector) {
		return switch (connector.strip().toLowerCase(Locale.ROOT)) {
			case "nio" -> NIO;
			case "nio2" -> NIO2;
			default -> throw new IllegalArgumentException(
					"keyway.server.connector must be nio or nio2; got " + Shown.shown(connector));
		};
	}

}
