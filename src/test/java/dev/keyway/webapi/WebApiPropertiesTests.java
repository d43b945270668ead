package dev.keyway.webapi;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.keyway.oauth.RefusalFacts;
import dev.keyway.oauth.RefusalReason;
import dev.keyway.testing.DatabaseIndependent;

import org.springframework.mock.web.MockHttpServletRequest;

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
	void delaysWhenCredentialsDoNotVerifyThenWaitUnlessTheDelayIsZero() throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.setAsyncSupported(true);
		ApiException badSignature = new ApiException(401, "x").refusedBecause(RefusalReason.BAD_SIGNATURE,
				RefusalFacts.NONE);
		ApiException limited = new ApiException(429, "x").refusedBecause(RefusalReason.RATE_LIMITED, RefusalFacts.NONE);
		ApiException notGranted = new ApiException(401, "x").refusedBecause(RefusalReason.RESOURCE_NOT_GRANTED,
				RefusalFacts.NONE);
		RefusalDelay off = new RefusalDelay(new WebApiProperties(null, false, Duration.ZERO).refusalDelay());
		RefusalDelay on = new RefusalDelay(new WebApiProperties(null, false, null).refusalDelay());
		try {
			assertThat(off.delays(request, badSignature)).isFalse();
			assertThat(on.delays(request, badSignature)).isTrue();
			assertThat(on.delays(request, limited)).isTrue();
			assertThat(on.delays(request, notGranted)).isFalse();
			assertThat(on.delays(request, new ApiException(404, ApiException.NO_ROUTE))).isFalse();
		}
		finally {
			off.close();
			on.close();
		}
	}

}
