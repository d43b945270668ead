package dev.keyway;

import com.github.benmanes.caffeine.cache.CaffeineSpec;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The one {@link CaffeineSpec} of the database caches ({@link CacheProperties}). */
@Configuration(proxyBeanMethods = false)
class CacheConfiguration {

	@Bean
	CaffeineSpec databaseCacheSpec(CacheProperties properties) {
		return CaffeineSpec.parse(properties.spec());
	}

}
