package dev.keyway;

import java.time.Duration;
import java.util.List;
import java.util.function.BiConsumer;

import dev.keyway.oauth.EchoedValue;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.format.annotation.DurationFormat;
import org.springframework.format.datetime.standard.DurationFormatterUtils;
import org.springframework.util.unit.DataSize;

/**
 * Checks, before anything starts, the settings that Spring reads too late or in its own way. The intervals of
 * Keyway's scheduled jobs: Spring reads them only when it schedules the jobs, after the node already serves, and a
 * zero or negative interval then stopped the node with a bare {@code IllegalArgumentException}, a word with a trace
 * naming a Java method, not the setting (parsed here as the scheduler parses them: ISO-8601 such as {@code PT1H},
 * simple such as {@code 1h}, or milliseconds). The upload limit of the Magento import, which also sets Spring's
 * multipart limits on every node, admin or API, and which Spring reads as "no limit" when it is {@code -1}. The
 * trusted proxies' patterns of {@code server.tomcat.remoteip}, which Tomcat compiles only when its valve starts.
 */
class EarlySettingsCheck implements EnvironmentPostProcessor, Ordered {

	/** Every {@code @Scheduled} interval an operator may set (keyway.health.flush-interval: HealthProperties). */
	static final List<String> INTERVALS = List.of("keyway.oauth.cleanup-interval", "keyway.account.token-cleanup-interval",
			"keyway.settings.refresh-interval", "keyway.webhooks.retention-interval",
			"keyway.webhooks.expiry-scan-interval");

	static final String UPLOAD_SIZE = "keyway.migration.max-upload-size";

	/** Tomcat compiles them when its valve starts: a mistake was a 48-frame PatternSyntaxException. */
	static final List<String> PROXY_PATTERNS = List.of("server.tomcat.remoteip.internal-proxies",
			"server.tomcat.remoteip.trusted-proxies");

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		INTERVALS.forEach((name) -> ifSet(environment, name, EarlySettingsCheck::check));
		ifSet(environment, UPLOAD_SIZE, (name, value) -> checkUploadSize(value));
		PROXY_PATTERNS.forEach((name) -> ifSet(environment, name, EarlySettingsCheck::checkPattern));
	}

	/** A setting left unset keeps its default, which needs no check. */
	private static void ifSet(ConfigurableEnvironment environment, String name, BiConsumer<String, String> check) {
		String value = environment.getProperty(name);
		if (value != null) {
			check.accept(name, value);
		}
	}

	static void checkPattern(String name, String value) {
		try {
			java.util.regex.Pattern.compile(value);
		}
		catch (java.util.regex.PatternSyntaxException ex) {
			throw new IllegalStateException(name + " must be a Java regular expression of proxy addresses, such as "
					+ "10\\.0\\.0\\.5|10\\.0\\.0\\.6 (docs/DEPLOYMENT.md); got " + EchoedValue.shownOnOneLine(value) + ": "
					+ EchoedValue.cut(ex.getDescription() + " at index " + ex.getIndex()));
		}
	}

	static void checkUploadSize(String value) {
		DataSize size;
		try {
			size = DataSize.parse(value.strip());
		}
		catch (IllegalArgumentException ex) {
			size = null;
		}
		if (size == null || size.toBytes() < 1) {
			throw new IllegalStateException(
					UPLOAD_SIZE + " must be a size of at least 1B, such as 256MB; got " + EchoedValue.shownOnOneLine(value));
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
			throw new IllegalStateException(
					name + " must be a positive duration such as PT1M or 1m; got " + EchoedValue.shownOnOneLine(value));
		}
	}

	@Override
	public int getOrder() {
		// after the configuration files and the command line are in the environment, before DataDirectory creates
		// the data directory
		return Ordered.LOWEST_PRECEDENCE - 1;
	}

}
