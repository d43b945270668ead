package dev.keyway;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.CaffeineSpec;

import dev.keyway.oauth.EchoedValue;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The size and lifetime of the caches in front of the database (credentials, Bearer tokens, active
 * integrations, grants), in Caffeine's spec syntax, bound once here; {@link CacheConfiguration} hands
 * the parsed spec to every module as Caffeine's own type, so no module depends on another for it.
 * The lifetime is a safety net: every change already empties the entries it concerns.
 *
 * @param spec e.g. {@code maximumSize=500000,expireAfterWrite=10m}
 */
@ConfigurationProperties("keyway.cache")
public record CacheProperties(@DefaultValue(CacheProperties.DEFAULT_SPEC) String spec) {

	/** 500,000 entries (one per consumer at most), ten minutes. */
	public static final String DEFAULT_SPEC = "maximumSize=500000,expireAfterWrite=10m";

	public CacheProperties {
		try {
			// built once here: Caffeine checks some values (a negative size) only when a cache is built from the spec
			Caffeine.from(CaffeineSpec.parse(spec));
		}
		catch (IllegalArgumentException | IllegalStateException ex) {
			throw new IllegalArgumentException("keyway.cache.spec must be a Caffeine spec such as \"" + DEFAULT_SPEC
					+ "\"; got " + EchoedValue.shown(spec) + ": " + EchoedValue.cut(ex.getMessage()), ex);
		}
		if (java.util.Arrays.stream(spec.split(",")).map((option) -> option.split("=", 2)[0].strip())
			.noneMatch("maximumSize"::equals)) {
			// without it the caches of credentials and tokens grow without a bound
			throw new IllegalArgumentException("keyway.cache.spec must be a Caffeine spec such as \"" + DEFAULT_SPEC
					+ "\"; got " + EchoedValue.shown(spec) + ": it sets no maximumSize");
		}
	}

	/** The default spec, parsed (for code built outside the application context: tests, benchmarks). */
	public static CaffeineSpec defaultSpec() {
		return CaffeineSpec.parse(DEFAULT_SPEC);
	}

}
