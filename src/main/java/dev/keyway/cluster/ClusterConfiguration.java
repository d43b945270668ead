package dev.keyway.cluster;

import javax.sql.DataSource;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Cross-node cache coherence, on PostgreSQL only: on the embedded database there is one node, and
 * each module empties its own caches after commit.
 */
@Configuration(proxyBeanMethods = false)
class ClusterConfiguration {

	@Bean
	@Conditional(OnPostgres.class)
	PostgresCacheNotifications postgresCacheNotifications(DataSource dataSource, JdbcClient jdbc,
			CacheEvictors evictors) {
		return new PostgresCacheNotifications(dataSource, jdbc, evictors);
	}

	/** True when the configured datasource URL is a PostgreSQL one. */
	static final class OnPostgres implements Condition {

		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			String url = context.getEnvironment().getProperty("spring.datasource.url", "");
			return url.startsWith("jdbc:postgresql:");
		}

	}

}
