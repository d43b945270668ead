package dev.keyway;

import java.util.List;
import java.util.function.Supplier;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.stereotype.Component;

/**
 * Refuses, before any bean exists, a {@code keyway.*} setting given more than once on the command line. Spring joins
 * the values with a comma, so {@code --keyway.public-base-url=https://a/ --keyway.public-base-url=https://b/} (a
 * script's default followed by the operator's own, say) reads as {@code https://a/,https://b/}: a value nobody wrote,
 * which the setting's own check then refuses with a puzzling "got" or, for some settings, accepts as something else.
 * The refusal names the setting and how often it came, never the values (a master key may be among them). A setting
 * that takes a list (the allowed networks) may be repeated: that is how a list is given there. Only the command line
 * can repeat a key; a configuration file cannot, and an environment variable holds one value.
 */
@Component
class RepeatedSettings implements BeanFactoryPostProcessor {

	@Override
	public void postProcessBeanFactory(ConfigurableListableBeanFactory beans) {
		ApplicationArguments arguments = beans.getBeanProvider(ApplicationArguments.class).getIfAvailable();
		if (arguments != null) {
			check(arguments, KnownSettings::fromBuild);
		}
	}

	/** The settings' list is read only when an option was repeated: most starts repeat none. */
	static void check(ApplicationArguments arguments, Supplier<KnownSettings> settings) {
		for (String name : arguments.getOptionNames()) {
			List<String> values = arguments.getOptionValues(name);
			if (values == null || values.size() < 2) {
				continue;
			}
			KnownSettings known = settings.get();
			if (known.knows(name) && !known.takesList(name)) {
				throw new IllegalStateException(name + " must be given once; got it " + values.size()
						+ " times on the command line (Spring would join the values with a comma)");
			}
		}
	}

}
