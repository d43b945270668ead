package dev.keyway;

import java.util.List;
import java.util.function.Supplier;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.DefaultApplicationArguments;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;

/**
 * Refuses, first of all checks, a {@code keyway.*} setting given more than once on the command line. Spring joins the
 * values with a comma, so {@code --keyway.public-base-url=https://a/ --keyway.public-base-url=https://b/} (a script's
 * default followed by the operator's own, say) reads as {@code https://a/,https://b/}: a value nobody wrote, which
 * the setting's own check then refuses with a puzzling "got", or, for the master keys, takes as a ring whose active
 * key is the script's. The refusal names the setting as Keyway spells it and how often it came, never the values (a
 * master key may be among them). A setting that takes a list (the allowed networks) may be repeated: that is how a
 * list is given there. Only the command line can repeat a key: a YAML file refuses a duplicate key, an environment
 * variable holds one value. It listens to the prepared environment ahead of the environment post-processors, which
 * would otherwise refuse the joined value of their settings first (the data directory, the intervals), and reads the
 * raw arguments, where the repetition is still visible.
 */
class RepeatedSettings implements ApplicationListener<ApplicationEnvironmentPreparedEvent>, Ordered {

	@Override
	public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
		check(new DefaultApplicationArguments(event.getArgs()), KnownSettings::fromBuild);
	}

	@Override
	public int getOrder() {
		// before Spring Boot's EnvironmentPostProcessorApplicationListener (HIGHEST_PRECEDENCE + 10)
		return Ordered.HIGHEST_PRECEDENCE;
	}

	/** The settings' list is read only when an option was repeated: most starts repeat none. */
	static void check(ApplicationArguments arguments, Supplier<KnownSettings> settings) {
		for (String name : arguments.getOptionNames()) {
			List<String> values = arguments.getOptionValues(name);
			if (values == null || values.size() < 2) {
				continue;
			}
			KnownSettings known = settings.get();
			String setting = known.canonical(name);
			if (setting != null && !known.takesList(setting)) {
				throw new IllegalStateException(setting + " must be given once; got it " + values.size()
						+ " times on the command line (Spring would join the values with a comma)");
			}
		}
	}

}
