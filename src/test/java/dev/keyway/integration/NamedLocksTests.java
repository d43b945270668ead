package dev.keyway.integration;

import java.time.Duration;

import dev.keyway.testing.DatabaseIndependent;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The bounds {@link NamedLocks} sets on PostgreSQL (the waits themselves: DeclaredIntegrationsAcrossNodesTests). */
@DatabaseIndependent
class NamedLocksTests {

	@Test
	void holderIdleBoundWhenTimeoutIsLongThenShorterThanTheWaitAndWhenShortThenTenSeconds() {
		// an operator trial: holder and waiters ran out together with one bound; a review: a short one ended a lone
		// holder's own apply on a pause
		assertThat(NamedLocks.holderIdleBound(Duration.ofMinutes(1))).isEqualTo(Duration.ofSeconds(45));
		assertThat(NamedLocks.holderIdleBound(Duration.ofSeconds(20))).isEqualTo(Duration.ofSeconds(15));
		assertThat(NamedLocks.holderIdleBound(Duration.ofSeconds(5))).isEqualTo(Duration.ofSeconds(10));
		assertThat(NamedLocks.holderIdleBound(Duration.ofMillis(100))).isEqualTo(Duration.ofSeconds(10));
	}

}
