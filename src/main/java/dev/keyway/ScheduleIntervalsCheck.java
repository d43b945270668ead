package dev.keyway;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.format.annotation.DurationFormat;
import org.springframework.format.datetime.standard.DurationFormatterUtils;

/**
 * Checks the intervals of Keyway's scheduled jobs before anything starts. Spring reads them only when it schedules
 * the jobs, after the node already serves: a zero or negative interval then stopped the node with a bare
 * {@code IllegalArgumentException}, and a word with a trace naming a Java method, not the setting. Parsed as the
 * scheduler parses them (ISO-8601 such as {@code PT1H}, simple such as {@code 1h}, or milliseconds).
 */
class ScheduleIntervalsCheck implements EnvironmentPostProcessor, Ordered {

	/** Every {@code @Scheduled} interval an operator may set (keyway.health.flush-interval: HealthProperties). */
	static final List<String> INTERVALS = List.of("keyway.oauth.cleanup-interval", "keyway.account.token-cleanup-interval",
			"keyway.settings.refresh-interval", "keyway.webhooks.retention-interval",
			"keyway.webhooks.expiry-scan-interval");

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		for (String name : INTERVALS) {
			String value = environment.getProperty(name);
			if (value != null) {
				check(name, value);
			}
		}
	}

	static void check(String name, String value) {
		Duration interval;
		try {
			interval = DurationFormatterUtils.detectAndParse(value, DurationFormat.Unit.MILLIS);
		}
		catch (RuntimeException ex) {
			interval = null;
		}
		if (interval == null || interval.isZero() || interval.isNegative()) {
			String shown = (value.length() <= 100) ? value : value.substring(0, 100) + "...";
			throw new IllegalStateException(name + " must be a positive duration such as PT1M or 1m; got \""
					+ shown.replaceAll("\\p{Cntrl}", "?") + "\"");
		}
	}

	@Override
	public int getOrder() {
		// after the configuration files and the command line are in the environment, before DataDirectory creates
		// the data directory
		return Ordered.LOWEST_PRECEDENCE - 1;
	}

}
