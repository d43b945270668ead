package dev.keyway;

import org.junit.jupiter.api.Test;

import dev.keyway.testing.DatabaseIndependent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The one cache spec: the default as documented, a wrong one refused at start-up naming the property. */
@DatabaseIndependent
class CachePropertiesTests {

	@Test
	void defaultSpecWhenParsedThenHalfAMillionEntriesForTenMinutes() {
		assertThat(CacheProperties.defaultSpec().toParsableString())
			.isEqualTo("maximumSize=500000,expireAfterWrite=10m");
	}

	@Test
	void constructorWhenSpecMalformedThenRefusedNamingThePropertyAndValue() {
		assertThatIllegalArgumentException().isThrownBy(() -> new CacheProperties("maximumSize=lots"))
			.withMessageContaining("keyway.cache.spec")
			.withMessageContaining("\"maximumSize=lots\"");
	}

}
