package dev.keyway.health;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Start-up configuration of integration health (issue 16).
 *
 * @param enabled false: nothing is counted or recorded per integration (the Prometheus counter of
 * refusals still counts); the switch the benchmark compares against (S1 with counting on and off)
 * @param flushInterval how often each node writes what it counted (read by the writer's schedule)
 */
@ConfigurationProperties("keyway.health")
record HealthProperties(@DefaultValue("true") boolean enabled, @DefaultValue("PT2S") Duration flushInterval) {

	HealthProperties {
		if (flushInterval.isNegative() || flushInterval.isZero()) {
			throw new IllegalArgumentException("keyway.health.flush-interval must be positive; got " + flushInterval);
		}
	}

}
