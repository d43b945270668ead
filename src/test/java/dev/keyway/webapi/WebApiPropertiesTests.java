package dev.keyway.webapi;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.keyway.testing.DatabaseIndependent;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The Web API's start-up settings: defaults, and a clear refusal of a value out of range. */
@DatabaseIndependent
class WebApiPropertiesTests {

	@Test
	void constructorWhenNothingGivenThenDefaults() {
		WebApiProperties properties = new WebApiProperties(null, false, null);

		assertThat(properties.maxBodySize()).isEqualTo(DataSize.ofMegabytes(1));
		assertThat(properties.refusalDelay()).isEqualTo(Duration.ofMillis(100));
	}

	@Test
	void constructorWhenRefusalDelayOutOfRangeThenTheRuleAndTheValue() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new WebApiProperties(null, false, Duration.ofSeconds(11)))
			.withMessage("keyway.webapi.refusal-delay must be from 0 to 10s; got PT11S");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new WebApiProperties(null, false, Duration.ofMillis(-1)))
			.withMessage("keyway.webapi.refusal-delay must be from 0 to 10s; got PT-0.001S");
	}

	@Test
	void constructorWhenRefusalDelayZeroThenNothingWaits() {
		RefusalDelay delay = new RefusalDelay(new WebApiProperties(null, false, Duration.ZERO).refusalDelay());

		assertThat(delay.delays(new org.springframework.mock.web.MockHttpServletRequest(),
				new ApiException(401, "x").refusedBecause(dev.keyway.oauth.RefusalReason.BAD_SIGNATURE,
						dev.keyway.oauth.RefusalFacts.NONE)))
			.isFalse();
		delay.close();
	}

}
