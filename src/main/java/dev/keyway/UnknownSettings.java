package dev.keyway;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.keyway.oauth.EchoedValue;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.Ordered;
import org.springframework.core.PriorityOrdered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.stereotype.Component;

/**
 * Warns, before any bean exists, about every {@code keyway.*} key given to the node that no part of Keyway reads: a
 * misspelled {@code --keyway.gateway.fille=gateway.yml} was ignored in silence, and the node served without the
 * gateway the operator meant to declare. One line per key, with where it came from and the settings next to it
 * ({@link KnownSettings#neighbours}); never the value, which may be a secret. A warning, not a refusal: Spring Boot
 * ignores keys it does not know, and a node given a setting of a later version (a rolling upgrade's shared
 * configuration) keeps starting. Environment variables are read too ({@code KEYWAY_GATEWAY_FILLE}), those whose first
 * word names a group of settings ({@link KnownSettings#namesGroup}), except those of Keyway's own scripts, which the
 * operator's shell may hold and no node reads, and Kubernetes' service links.
 */
@Component
class UnknownSettings implements BeanFactoryPostProcessor, EnvironmentAware, PriorityOrdered {

	private static final Logger log = LoggerFactory.getLogger(UnknownSettings.class);

	/** Variables of tools/ and docs/examples/, not settings (KnownSettingsTests keeps this list true). */
	static final Set<String> SCRIPT_VARIABLES = Set.of("KEYWAY_JAVA", "KEYWAY_FAST_START_DIR", "KEYWAY_URL",
			"KEYWAY_SKIP_PREREQUISITES");

	/** More unknown keys than this are counted, not listed: the log stays readable whatever was passed. */
	static final int LISTED = 20;

	/**
	 * Kubernetes' service links of a Service whose name starts with keyway ({@code keyway-node}:
	 * {@code KEYWAY_NODE_SERVICE_HOST}, {@code KEYWAY_NODE_PORT_8080_TCP_ADDR}), given to every pod of the namespace.
	 */
	private static final Pattern SERVICE_LINK = Pattern.compile(
			"KEYWAY(_[A-Z0-9]+)*_(SERVICE_HOST|SERVICE_PORT(_[A-Z0-9_]+)?|PORT(_[0-9]+_(TCP|UDP|SCTP)(_(ADDR|PORT|PROTO))?)?)");

	private static final String ENVIRONMENT = StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME;

	private static final String VARIABLE = "environment variable";

	private Environment environment;

	@Override
	public void setEnvironment(Environment environment) {
		this.environment = environment;
	}

	/** Before the other checks of the bean definitions: a start they refuse still shows the misspelled keys. */
	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	@Override
	public void postProcessBeanFactory(ConfigurableListableBeanFactory beans) {
		if (this.environment instanceof ConfigurableEnvironment configurable) {
			warnings(configurable, KnownSettings.fromBuild()).forEach(log::warn);
		}
	}

	/** The warnings for an environment, one a key, at most {@link #LISTED} and then how many more. */
	static List<String> warnings(ConfigurableEnvironment environment, KnownSettings known) {
		if (known.names().isEmpty()) {
			return List.of();  // a build without the metadata (KnownSettingsTests refuses one): nothing to compare with
		}
		Map<String, String> unknown = new LinkedHashMap<>();
		for (PropertySource<?> source : environment.getPropertySources()) {
			if (!(source instanceof EnumerablePropertySource<?> enumerable)
					|| ConfigurationPropertySources.isAttachedConfigurationPropertySource(source)) {
				continue;
			}
			boolean variables = ENVIRONMENT.equals(source.getName());
			for (String name : enumerable.getPropertyNames()) {
				if (variables ? unknownVariable(name, known) : unknownKey(name, known)) {
					unknown.putIfAbsent(name, origin(source.getName()));
				}
			}
		}
		List<String> lines = new ArrayList<>();
		unknown.forEach((name, origin) -> {
			if (lines.size() < LISTED) {
				// KEYWAY_GATEWAY_FILLE's neighbours are keyway.gateway's
				String dotted = VARIABLE.equals(origin) ? name.toLowerCase(Locale.ROOT).replace('_', '.') : name;
				lines.add(line(name, origin, known.neighbours(dotted)));
			}
		});
		if (unknown.size() > LISTED) {
			lines.add((unknown.size() - LISTED) + " more keyway settings that Keyway does not know are ignored");
		}
		return lines;
	}

	private static boolean unknownKey(String name, KnownSettings known) {
		return name.regionMatches(true, 0, KnownSettings.PREFIX, 0, KnownSettings.PREFIX.length())
				&& !known.knows(name);
	}

	private static boolean unknownVariable(String name, KnownSettings known) {
		return name.startsWith("KEYWAY_") && !SCRIPT_VARIABLES.contains(name) && known.namesGroup(name)
				&& !known.knowsVariable(name) && !SERVICE_LINK.matcher(name).matches();
	}

	private static String line(String name, String origin, List<String> neighbours) {
		return KnownSettings.shown(name) + " (" + origin + ") is no setting of Keyway and is ignored; "
				+ (neighbours.isEmpty() ? "docs/SETTINGS.md lists the settings"
						: "the settings next to it: " + String.join(", ", neighbours));
	}

	private static String origin(String sourceName) {
		return switch (sourceName) {
			case "commandLineArgs" -> "command line";
			case StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME -> "Java system property";
			case ENVIRONMENT -> VARIABLE;
			default -> EchoedValue.shownOnOneLine(sourceName);
		};
	}

}
