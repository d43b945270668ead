package dev.keyway.integration;

import java.time.Duration;
import java.util.List;

/**
 * How long a reauthorization keeps the replaced access token valid (issue 17.4, SPEC 2.5): 0 (the
 * default, the old token stops at once) to 30 days.
 */
public record GracePeriod(Duration duration) {

	/** The longest grace: 30 days, in seconds. */
	public static final long MAX_SECONDS = 2_592_000;

	/** No overlap: the old access token stops when the new one is issued. */
	public static final GracePeriod NONE = new GracePeriod(Duration.ZERO);

	/** The grace of {@code seconds}; refused (a field error naming the rule and the value) outside 0..30 days. */
	public static GracePeriod ofSeconds(long seconds) {
		if (seconds < 0 || seconds > MAX_SECONDS) {
			throw IntegrationException.invalid(List.of(new FieldError("grace_period_seconds",
					"grace_period_seconds must be from 0 to " + MAX_SECONDS + " (30 days): " + seconds)));
		}
		return new GracePeriod(Duration.ofSeconds(seconds));
	}

	public boolean isNone() {
		return this.duration.isZero();
	}

	public long seconds() {
		return this.duration.toSeconds();
	}

}
