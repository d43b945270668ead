package dev.keyway.webapi;

import jakarta.servlet.ServletContext;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.cloud.CloudPlatform;
import org.springframework.boot.tomcat.autoconfigure.TomcatServerProperties;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;
import org.springframework.util.unit.DataSize;

/**
 * The opt-in {@link EventLoopListener}: it opens its port only when {@code keyway.server.event-loop.port} is
 * set. A runtime check, not a bean condition, so that the ahead-of-time build (tools/build-fast-start), whose
 * bean conditions are settled at build time, still honours the property. Each setting is checked at start-up
 * and refused with the property, the rule and the value.
 */
@Configuration(proxyBeanMethods = false)
class EventLoopConfiguration {

	@Bean
	EventLoopListener eventLoopListener(ConfigurableEnvironment environment, ListableBeanFactory beans,
			CallMetrics metrics, ServletContext context, WebApiProperties webApi,
			ObjectProvider<TomcatServerProperties> tomcat) {
		TomcatServerProperties.Remoteip remoteIp = tomcat.getIfAvailable(TomcatServerProperties::new).getRemoteip();
		return new EventLoopListener(settings(environment, webApi, remoteIp), beans, metrics, context, environment);
	}

	/**
	 * With the listener open, Spring MVC's dispatcher (the token endpoints) starts with the server rather than on
	 * Tomcat's first call: the listener hands it calls without Tomcat, which would initialise it on demand.
	 */
	@Bean
	static BeanPostProcessor dispatcherStartedWithEventLoopListener(Environment environment) {
		return new BeanPostProcessor() {
			@Override
			public Object postProcessBeforeInitialization(Object bean, String name) {
				if (bean instanceof DispatcherServletRegistrationBean registration
						&& environment.containsProperty("keyway.server.event-loop.port")) {
					registration.setLoadOnStartup(1);
				}
				return bean;
			}
		};
	}

	/** The listener's settings, or null when no port is set (the listener stays closed). */
	static EventLoopListener.Settings settings(Environment environment, WebApiProperties webApi,
			TomcatServerProperties.Remoteip remoteIp) {
		if (!environment.containsProperty("keyway.server.event-loop.port")) {
			return null;
		}
		String port = environment.getProperty("keyway.server.event-loop.port", "").strip();
		int number;
		try {
			number = Integer.parseInt(port);
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException(
					"keyway.server.event-loop.port must be a port number from 0 to 65535; got " + Shown.shown(port));
		}
		String address = environment.getProperty("keyway.server.event-loop.address",
				environment.getProperty("server.address", ""));
		EventLoopListener.RunOn runOn = EventLoopListener.RunOn
			.of(environment.getProperty("keyway.server.event-loop.run-on", "auto"));
		String headerSize = environment.getProperty("server.max-http-request-header-size", "8KB").strip();
		DataSize header;
		try {
			header = DataSize.parse(headerSize);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("keyway.server.event-loop.port needs server.max-http-request-header-size "
					+ "as a size such as 8KB; got " + Shown.shown(headerSize));
		}
		if (header.toBytes() < 1024 || header.toBytes() > 1024 * 1024) {
			throw new IllegalArgumentException("keyway.server.event-loop.port needs server.max-http-request-header-size "
					+ "from 1KB to 1MB; got " + header);
		}
		String streams = environment.getProperty(StreamsPerAddress.PROPERTY, String.valueOf(StreamsPerAddress.DEFAULT))
			.strip();
		int maxStreams;
		try {
			maxStreams = Integer.parseInt(streams);
		}
		catch (NumberFormatException ex) {
			maxStreams = -1;
		}
		if (maxStreams < 0) {
			throw new IllegalArgumentException(StreamsPerAddress.PROPERTY + " must be a whole number, 0 for no cap; got "
					+ Shown.shown(streams));
		}
		return new EventLoopListener.Settings(address, number, runOn, environment.getProperty("spring.datasource.url"),
				(int) header.toBytes(), webApi.maxBodySize().toBytes(), forwarded(environment, remoteIp), maxStreams);
	}

	/**
	 * Tomcat's remote-IP rules when Spring Boot would put its valve on Tomcat's port: the native strategy, or a
	 * protocol or remote-IP header named ({@code framework} needs nothing here: the front door runs Spring's filter).
	 */
	static LoopForwarded forwarded(Environment environment, TomcatServerProperties.Remoteip remoteIp) {
		String strategy = environment.getProperty("server.forward-headers-strategy", "").strip();
		CloudPlatform platform = CloudPlatform.getActive(environment);
		// Spring Boot's rule: no strategy set means what the cloud platform does (Keyway's application.yml sets none)
		boolean forwarded = strategy.isEmpty() ? platform != null && platform.isUsingForwardHeaders()
				: "native".equalsIgnoreCase(strategy);
		boolean valve = forwarded || StringUtils.hasText(remoteIp.getProtocolHeader())
				|| StringUtils.hasText(remoteIp.getRemoteIpHeader());
		if (!valve) {
			return null;
		}
		return new LoopForwarded(remoteIp.getInternalProxies(), remoteIp.getTrustedProxies(), remoteIp.getRemoteIpHeader(),
				remoteIp.getProtocolHeader(), remoteIp.getProtocolHeaderHttpsValue(), remoteIp.getHostHeader(),
				remoteIp.getPortHeader());
	}

}
