package dev.keyway.integration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;
import org.springframework.stereotype.Component;

/**
 * Warns once at start-up when {@code keyway.public-base-url} is left at its default while this node
 * listens elsewhere: third parties would be told {@code http://localhost:8080/} as {@code store_base_url}
 * and call a port nobody serves (a developer trial lost time to it; the handshake only said
 * "connection refused" on the third party's side).
 */
@Component
class PublicBaseUrlCheck {

	private static final Logger log = LoggerFactory.getLogger(PublicBaseUrlCheck.class);

	static final String DEFAULT_PORT = "8080";

	private final Environment environment;

	private final IntegrationProperties properties;

	PublicBaseUrlCheck(Environment environment, IntegrationProperties properties) {
		this.environment = environment;
		this.properties = properties;
	}

	@EventListener(ApplicationReadyEvent.class)
	void check() {
		String warning = warning(this.environment.getProperty("server.port"), this.properties.baseUrl());
		// set on purpose to the default (a tunnel, a proxy on 8080): the operator chose it
		if (warning != null && (!setByOperator(this.environment)
				|| this.environment.getProperty("keyway.public-base-url", "").isBlank())) {
			log.warn(warning);
		}
	}

	/**
	 * Whether the operator set the URL: the packaged application.yml always holds it (its default), so the first
	 * property source holding it must be another (the command line, the environment, their own configuration file).
	 */
	static boolean setByOperator(Environment environment) {
		if (environment instanceof ConfigurableEnvironment configurable) {
			for (PropertySource<?> source : configurable.getPropertySources()) {
				// "configurationProperties" is Spring Boot's view of all the others
				if (!source.getName().equals("configurationProperties") && source.containsProperty("keyway.public-base-url")) {
					return !source.getName().contains("class path resource [application.yml]");
				}
			}
			return false;
		}
		return environment.containsProperty("keyway.public-base-url");
	}

	/** The warning for a node on {@code serverPort} telling third parties {@code baseUrl}, or null. */
	static String warning(String serverPort, String baseUrl) {
		String port = (serverPort != null) ? serverPort.strip() : DEFAULT_PORT;
		if (port.isEmpty() || port.equals(DEFAULT_PORT) || port.equals("0") || !port.chars().allMatch(Character::isDigit)
				|| !baseUrl.equals("http://localhost:8080/")) {
			return null;
		}
		return "keyway.public-base-url is not set: third parties are told " + baseUrl + " (store_base_url, the "
				+ "identity link's success_call_back) while this node listens on port " + port + ". Set "
				+ "keyway.public-base-url to the URL they reach this server at.";
	}

}
