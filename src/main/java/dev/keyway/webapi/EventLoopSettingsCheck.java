package dev.keyway.webapi;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.tomcat.autoconfigure.TomcatServerProperties;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.util.unit.DataSize;

/**
 * Checks the event-loop listener's settings before anything else starts (an operator trial: a mistyped port
 * was refused only after the database had been migrated and a master key generated in a fresh data
 * directory). The same rules as {@link EventLoopConfiguration}, which applies them again with the Web API's body
 * limit once the context exists.
 */
class EventLoopSettingsCheck implements EnvironmentPostProcessor, Ordered {

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		EventLoopConfiguration.settings(environment, new WebApiProperties(DataSize.ofMegabytes(1), false),
				new TomcatServerProperties.Remoteip());
	}

	@Override
	public int getOrder() {
		// after the configuration files and the command line are in the environment (Spring Boot's own processor
		// runs first), before anything else of Keyway's (DataDirectory creates the data directory)
		return Ordered.LOWEST_PRECEDENCE - 1;
	}

}
