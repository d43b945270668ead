package dev.keyway.webhooks;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.keyway.testing.DatabaseIndependent;

import static org.assertj.core.api.Assertions.assertThat;

@DatabaseIndependent
class BackoffTests {

	@Test
	void afterWhenAttemptsGrowThenDoublesUpToCap() {
		Backoff backoff = new Backoff(Duration.ofMinutes(2), Duration.ofHours(6), () -> 0.5);

		assertThat(backoff.after(1)).isEqualTo(Duration.ofMinutes(2));
		assertThat(backoff.after(2)).isEqualTo(Duration.ofMinutes(4));
		assertThat(backoff.after(8)).isEqualTo(Duration.ofMinutes(256));
		assertThat(backoff.after(9)).isEqualTo(Duration.ofHours(6));
		assertThat(backoff.after(1000)).isEqualTo(Duration.ofHours(6));
	}

	@Test
	void afterWhenRandomAtItsEndsThenJitterWithinAQuarter() {
		assertThat(new Backoff(Duration.ofSeconds(100), Duration.ofHours(1), () -> 0.0).after(1))
			.isEqualTo(Duration.ofSeconds(75));
		assertThat(new Backoff(Duration.ofSeconds(100), Duration.ofHours(1), () -> 0.999_999).after(1))
			.isBetween(Duration.ofMillis(124_999), Duration.ofSeconds(125));
	}

}
