package dev.keyway;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Keyway: the Integrations capability of Magento 2 (OAuth 1.0a credentials, ACL grants, guest
 * access) for a commerce Web API. Modules are the direct sub-packages; see DEVELOPERS.md.
 */
// Spring Boot's Tomcat meters are bound by TomcatMeters instead (why there)
@SpringBootApplication(excludeName = "org.springframework.boot.tomcat.autoconfigure.metrics.TomcatMetricsAutoConfiguration")
@ConfigurationPropertiesScan
@EnableScheduling
public class KeywayApplication {

	/** Commands the jar runs instead of serving (issue 18): the application starts without its web server. */
	static final Set<String> COMMANDS = Set.of("import-magento", "export-magento");

	public static void main(String[] args) {
		if (args.length > 0 && COMMANDS.contains(args[0])) {
			System.exit(runCommand(args));
		}
		SpringApplication.run(KeywayApplication.class, args);
	}

	/**
	 * Runs a command: Keyway starts on its database with its web server switched off (port -1, the
	 * web context kept because the security configurations need it; nothing listens), the command's
	 * runner does its work, and its exit code is returned (1 when the application cannot start).
	 */
	static int runCommand(String... args) {
		SpringApplication application = new SpringApplication(KeywayApplication.class);
		application.setBannerMode(Banner.Mode.OFF);
		List<String> arguments = new ArrayList<>(List.of(args));
		// the command's report is the output: Keyway's own start-up lines only from WARN (the generated
		// first admin's password, a new master key), unless the operator asks for more
		addUnlessGiven(arguments, "logging.level.root", "warn");
		addUnlessGiven(arguments, "logging.level.dev.keyway", "warn");
		arguments.add("--server.port=-1");
		arguments.add("--management.server.port=-1");
		try (ConfigurableApplicationContext context = application.run(arguments.toArray(String[]::new))) {
			return SpringApplication.exit(context);
		}
		catch (RuntimeException ex) {
			Throwable root = ex;
			while (root.getCause() != null) {
				root = root.getCause();
			}
			System.err.println(args[0] + ": Keyway cannot start: " + root.getMessage());
			return 1;
		}
	}

	private static void addUnlessGiven(List<String> arguments, String property, String value) {
		if (arguments.stream().noneMatch((argument) -> argument.startsWith("--" + property + "="))) {
			arguments.add("--" + property + "=" + value);
		}
	}

	/** The one clock every module reads, so tests can move time. */
	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

}
