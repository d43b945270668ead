package dev.keyway.oauth;

import java.time.Clock;

import javax.sql.DataSource;

import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Chooses the nonce store ({@code keyway.oauth.nonce-store}): {@code auto} (default) keeps nonces
 * in memory on the embedded database, which serves a single node (written behind to the database,
 * so a restart does not forget them: {@link DurableMemoryNonceStore}), and in the shared database,
 * batched, on PostgreSQL, where several nodes may serve the same clients. {@code memory},
 * {@code database} and {@code per-request} (one SELECT and one INSERT a request, Magento's way, kept
 * for the benchmark's comparison) force a choice.
 */
@Configuration(proxyBeanMethods = false)
class NonceStoreConfiguration {

	@Bean
	NonceStore nonceStore(@Value("${keyway.oauth.nonce-store:auto}") String kind,
			@Value("${keyway.oauth.nonce-writers:2}") int writers, DataSource dataSource, JdbcClient jdbc, Clock clock) {
		String choice = "auto".equals(kind) ? (DatabaseProduct.isPostgres(dataSource) ? "database" : "memory") : kind;
		NonceStore store = switch (choice) {
			case "memory" -> new DurableMemoryNonceStore(dataSource, clock);
			case "database" -> {
				if (!DatabaseProduct.isPostgres(dataSource)) {
					throw new IllegalStateException("keyway.oauth.nonce-store=database needs PostgreSQL (it uses "
							+ "INSERT ... ON CONFLICT); use memory or per-request on this database");
				}
				yield new BatchingNonceStore(dataSource, clock, Math.max(1, writers));
			}
			case "per-request" -> new DatabaseNonceStore(jdbc);
			default -> throw new IllegalStateException(
					"keyway.oauth.nonce-store must be auto, memory, database or per-request; got \"" + kind + "\"");
		};
		return new CountingNonceStore(store, choice);
	}

	/** The claims and live nonces of the store (issue 16.4). */
	@Bean
	MeterBinder nonceStoreMetrics(NonceStore nonceStore) {
		return (registry) -> {
			if (nonceStore instanceof CountingNonceStore counting) {
				counting.bindTo(registry);
			}
		};
	}

}
