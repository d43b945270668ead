package dev.keyway.integration;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * An access token's lifetime chosen at activation or reauthorization (issue 17.3): the expiry becomes
 * now + lifetime, kept to the second. Seconds, like {@code grace_period_seconds}: one unit for every
 * duration of the API. From one minute to ten years.
 */
public record AccessLifetime(Duration duration) {

	public static final long MIN_SECONDS = 60;

	public static final long MAX_SECONDS = 315_360_000;

	/** The lifetime of {@code seconds}; refused (a field error naming the rule and the value) outside its bounds. */
	public static AccessLifetime ofSeconds(long seconds) {
		if (seconds < MIN_SECONDS || seconds > MAX_SECONDS) {
			throw IntegrationException.invalid(List.of(new FieldError("access_lifetime_seconds",
					"access_lifetime_seconds must be from " + MIN_SECONDS + " to " + MAX_SECONDS + " (10 years): "
							+ seconds)));
		}
		return new AccessLifetime(Duration.ofSeconds(seconds));
	}

	/** The expiry of a token issued at {@code now}. */
	public Instant expiryFrom(Instant now) {
		return now.plus(this.duration).truncatedTo(ChronoUnit.SECONDS);
	}

}
