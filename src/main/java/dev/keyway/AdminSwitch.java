package dev.keyway;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.keyway.admin.AdminUi;
import dev.keyway.oauth.EchoedValue;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * The admin switch ({@code keyway.admin.enabled}, docs/DEPLOYMENT.md § 9), read before anything starts: a value
 * other than true or false is refused with the value (Spring's conditions would read it as neither, and start a
 * node with no admin and no catch-all chain). On an API node ({@code false}) the stacks only the admin uses are
 * left out as well: Thymeleaf and Spring Session (its JDBC repository, the sessions' actuator endpoint), added to
 * the operator's own {@code spring.autoconfigure.exclude}, whose list is kept.
 */
class AdminSwitch implements EnvironmentPostProcessor, Ordered {

	static final String EXCLUDE = "spring.autoconfigure.exclude";

	static final List<String> ADMIN_ONLY = List.of(
			"org.springframework.boot.thymeleaf.autoconfigure.ThymeleafAutoConfiguration",
			"org.springframework.boot.session.autoconfigure.SessionAutoConfiguration",
			"org.springframework.boot.session.autoconfigure.SessionsEndpointAutoConfiguration",
			"org.springframework.boot.session.jdbc.autoconfigure.JdbcSessionAutoConfiguration");

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (adminEnabled(environment.getProperty(AdminUi.ENABLED))) {
			return;
		}
		Set<String> excluded = new LinkedHashSet<>(
				Binder.get(environment).bind(EXCLUDE, String[].class).map(List::of).orElse(List.of()));
		excluded.addAll(ADMIN_ONLY);
		environment.getPropertySources()
			.addFirst(new MapPropertySource("keywayApiNode", Map.of(EXCLUDE, String.join(",", new ArrayList<>(excluded)))));
	}

	/** As Spring's property conditions read it: true or false regardless of case, nothing else (not even spaces). */
	static boolean adminEnabled(String value) {
		if (value == null || value.equalsIgnoreCase("true")) {
			return true;
		}
		if (value.equalsIgnoreCase("false")) {
			return false;
		}
		throw new IllegalArgumentException(AdminUi.ENABLED + " must be true or false; got " + EchoedValue.shown(value));
	}

	/** After the configuration files and the command line are in the environment. */
	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE - 1;
	}

}
