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

	@Test
	void constructorWhenSpecIsLongThenRefusalShowsItsFirst64CharactersAndLength() {
		String spec = "maximumSize=" + "9".repeat(10_000);
		assertThatIllegalArgumentException().isThrownBy(() -> new CacheProperties(spec))
			.withMessageStartingWith("keyway.cache.spec must be a Caffeine spec such as \"" + CacheProperties.DEFAULT_SPEC
					+ "\"; got \"" + spec.substring(0, 64) + "…\" (10012 characters): ")
			.satisfies((ex) -> assertThat(ex.getMessage()).hasSizeLessThan(400));
	}

	@Test
	void constructorWhenSizeIsNegativeThenRefusedAtOnceNotWhenTheFirstCacheIsBuilt() {
		assertThatIllegalArgumentException().isThrownBy(() -> new CacheProperties("maximumSize=-1"))
			.withMessageStartingWith("keyway.cache.spec must be a Caffeine spec such as \"" + CacheProperties.DEFAULT_SPEC
					+ "\"; got \"maximumSize=-1\": ");
	}

	@Test
	void constructorWhenSpecSetsNoMaximumSizeThenRefused() {
		// an empty spec, or a lifetime alone, would let the caches of credentials and tokens grow without a bound
		for (String spec : new String[] { "", "expireAfterWrite=10m" }) {
			assertThatIllegalArgumentException().isThrownBy(() -> new CacheProperties(spec))
				.withMessageEndingWith(": it sets no maximumSize");
		}
	}

}
