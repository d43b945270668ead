package dev.keyway.oauth;

import java.time.Clock;
import java.util.function.IntSupplier;

import javax.sql.DataSource;

import io.micrometer.core.instrument.binder.MeterBinder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.unit.DataSize;

/**
 * Chooses the nonce store ({@code keyway.oauth.nonce-store}): {@code auto} (default) keeps nonces
 * in memory on the embedded database, which serves a single node (written behind to the database,
 * so a restart does not forget them: {@link DurableMemoryNonceStore}), and in the shared database,
 * batched, on PostgreSQL, where several nodes may serve the same clients. {@code memory},
 * {@code database} and {@code per-request} (one SELECT and one INSERT a request, Magento's way, kept
 * for the benchmark's comparison) force a choice. {@code keyway.oauth.nonce-memory} bounds the
 * in-memory table of either kind.
 */
@Configuration(proxyBeanMethods = false)
class NonceStoreConfiguration {

	private static final Logger log = LoggerFactory.getLogger(NonceStoreConfiguration.class);

	/** Below this the tables could not hold their smallest size. */
	private static final DataSize MIN_MEMORY = DataSize.ofMegabytes(1);

	@Bean
	NonceStore nonceStore(@Value("${keyway.oauth.nonce-store:auto}") String kind,
			@Value("${keyway.oauth.nonce-writers:2}") String writers,
			@Value("${keyway.oauth.nonce-memory:}") String memory, DataSource dataSource, JdbcClient jdbc, Clock clock,
			OAuthSettings settings) {
		String choice = "auto".equals(kind) ? (DatabaseProduct.isPostgres(dataSource) ? "database" : "memory") : kind;
		long maxBytes = nonceMemory(memory, Runtime.getRuntime().maxMemory());
		String heap = "per-request".equals(choice) ? null : heapWarning(memory, maxBytes, Runtime.getRuntime().maxMemory());
		if (heap != null) {
			log.warn(heap);  // per-request keeps no table in memory
		}
		int writerCount = writers(writers); // checked on every database: a typo should not wait for a move to PostgreSQL
		IntSupplier window = () -> (int) Math.min(Integer.MAX_VALUE, settings.timestampWindow().getSeconds());
		NonceStore store = switch (choice) {
			case "memory" -> new DurableMemoryNonceStore(dataSource, clock, window, maxBytes);
			case "database" -> {
				if (!DatabaseProduct.isPostgres(dataSource)) {
					throw new IllegalStateException("keyway.oauth.nonce-store=database needs PostgreSQL (it uses "
							+ "INSERT ... ON CONFLICT); use memory or per-request on this database");
				}
				yield new BatchingNonceStore(dataSource, clock, writerCount, window, maxBytes);
			}
			case "per-request" -> new DatabaseNonceStore(jdbc);
			default -> throw new IllegalStateException(
					"keyway.oauth.nonce-store must be auto, memory, database or per-request; got " + EchoedValue.shown(kind));
		};
		return new CountingNonceStore(store, choice);
	}

	/**
	 * The ceiling of the in-memory nonce table ({@code keyway.oauth.nonce-memory}, issue 14.3): a
	 * size such as {@code 64MB}, by default 30 % of the heap's ceiling, so that a node whose rate
	 * outgrows its heap serves a shorter timestamp window instead of ending in an
	 * {@code OutOfMemoryError}.
	 */
	static long nonceMemory(String value, long maxHeap) {
		if (value == null || value.isBlank()) {
			return Math.max(MIN_MEMORY.toBytes(), maxHeap / 10 * 3);
		}
		DataSize size;
		try {
			size = DataSize.parse(value.strip());
		}
		catch (IllegalArgumentException ex) {
			size = null;
		}
		if (size == null || size.compareTo(MIN_MEMORY) < 0) {
			throw new IllegalStateException(
					"keyway.oauth.nonce-memory must be a size of at least 1MB, such as 64MB; got " + EchoedValue.shown(value));
		}
		return size.toBytes();
	}

	/**
	 * A ceiling set above half the heap's leaves the rest of the node less than the default (30 %) does: a rate that
	 * fills the table then ends in an {@code OutOfMemoryError} before the ceiling shortens the window. Warned, not
	 * refused: a node started with a larger heap later (DEPLOYMENT § 7 sizes both) is not wrong, and tests run small
	 * heaps with large ceilings on purpose. Null when unset or within half the heap.
	 */
	static String heapWarning(String value, long maxBytes, long maxHeap) {
		if (value == null || value.isBlank() || maxBytes <= maxHeap / 2) {
			return null;
		}
		return "keyway.oauth.nonce-memory (" + EchoedValue.shown(value.strip()) + ") is more than half of this JVM's heap ("
				+ maxHeap / (1024 * 1024) + " MB, -Xmx): a rate that fills the nonce table can exhaust the heap before "
				+ "the table's ceiling shortens the timestamp window; give the JVM a larger -Xmx or the table a smaller "
				+ "ceiling (docs/DEPLOYMENT.md § 7)";
	}

	/** {@code keyway.oauth.nonce-writers}: read here, not bound as an int, so a word is refused with the setting's name. */
	static int writers(String value) {
		int writers;
		try {
			writers = Integer.parseInt(value.strip());
		}
		catch (NumberFormatException ex) {
			writers = 0;
		}
		if (writers < 1 || writers > 64) {
			throw new IllegalStateException("keyway.oauth.nonce-writers must be a whole number from 1 to 64; got "
					+ EchoedValue.shown(value));
		}
		return writers;
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
