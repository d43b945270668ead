package dev.keyway.cluster;

import javax.sql.DataSource;

import dev.keyway.oauth.DatabaseProduct;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Cross-node cache coherence, on PostgreSQL only (told by the database's metadata, the same test as
 * the nonce store's): on the embedded database there is one node, and each module empties its own
 * caches after commit.
 */
@Configuration(proxyBeanMethods = false)
class ClusterConfiguration {

	@Bean
	PostgresCacheNotifications postgresCacheNotifications(DataSource dataSource, JdbcClient jdbc,
			CacheEvictors evictors) {
		return new PostgresCacheNotifications(dataSource, jdbc, evictors, DatabaseProduct.isPostgres(dataSource));
	}

}
