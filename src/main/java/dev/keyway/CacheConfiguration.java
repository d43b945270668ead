package dev.keyway;

import com.github.benmanes.caffeine.cache.CaffeineSpec;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The one {@link CaffeineSpec} of the database caches ({@link CacheProperties}). */
@Configuration(proxyBeanMethods = false)
class CacheConfiguration {

	/**
	 * The spec with {@code recordStats} added (unless the operator wrote it): the caches' hits and
	 * misses are exported as {@code cache_gets_total{cache=...}} (issue 16.4). Each module binds its
	 * own caches ({@code CaffeineCacheMetrics}), named from a fixed list, never by an entry.
	 */
	@Bean
	CaffeineSpec databaseCacheSpec(CacheProperties properties) {
		String spec = properties.spec();
		return CaffeineSpec.parse(spec.contains("recordStats") ? spec : spec + ",recordStats");
	}

}
