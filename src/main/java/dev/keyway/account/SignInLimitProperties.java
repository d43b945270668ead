package dev.keyway.account;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Per source address limit of admin sign-in attempts that check a password (form sign-in and
 * {@code POST /rest/V1/integration/admin/token}), so unauthenticated callers cannot keep the CPU busy
 * with password hashing. Kept per node.
 *
 * @param burst password checks one source address may cause at once (default 10)
 * @param refill time after which a source address may cause one more (default 6 seconds, so 10 a minute)
 */
@ConfigurationProperties("keyway.admin.sign-in-limit")
public record SignInLimitProperties(Integer burst, Duration refill) {

	public SignInLimitProperties {
		burst = (burst == null) ? 10 : burst;
		refill = (refill == null) ? Duration.ofSeconds(6) : refill;
		if (burst < 1) {
			throw new IllegalArgumentException("keyway.admin.sign-in-limit.burst must be at least 1; got " + burst);
		}
		if (refill.toMillis() < 1 || refill.compareTo(Duration.ofDays(1)) > 0) {
			throw new IllegalArgumentException(
					"keyway.admin.sign-in-limit.refill must be at least 1 millisecond and at most 1 day; got " + refill);
		}
	}

}
