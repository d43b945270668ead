package dev.keyway.oauth;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.keyway.testing.DatabaseIndependent;

import static org.assertj.core.api.Assertions.assertThat;

/** At most one warning per interval; the occurrences in between are told by the next. */
@DatabaseIndependent
class WarningEveryTests {

	@Test
	void dueWhenWithinTheIntervalThenCountedAndToldByTheNextWarning() {
		WarningEvery hour = new WarningEvery(Duration.ofHours(1));
		assertThat(hour.due()).as("the first occurrence warns").isZero();
		assertThat(hour.due()).isEqualTo(-1);
		assertThat(hour.due()).isEqualTo(-1);

		WarningEvery always = new WarningEvery(Duration.ZERO);
		assertThat(always.due()).isZero();
		assertThat(WarningEvery.andMore(2, "calls")).isEqualTo(" (and 2 more calls since the last warning)");
		assertThat(WarningEvery.andMore(0, "calls")).isEmpty();
	}

}
