package dev.keyway.integration;

import java.time.Instant;
import java.util.Optional;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.CaffeineSpec;
import com.github.benmanes.caffeine.cache.LoadingCache;

import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Finds the Active integration behind a verified consumer, for every Web API call, without a query:
 * cached by consumer id, dropped after any change to the integration commits.
 */
@Component
public class IntegrationDirectory implements MeterBinder {

	/** The integration a call acts as. */
	public record ActiveIntegration(long id, String name, IpAllowList ipAllowList, Instant accessExpiresAt,
			RateLimit rateLimit, Instant debugAnswerUntil) {

		/** Allowed from anywhere, never expiring, with the default rate limit. */
		public ActiveIntegration(long id, String name) {
			this(id, name, IpAllowList.anywhere(), null, null, null);
		}

		/** Within its guardrails, the default rate limit, no debug answer. */
		public ActiveIntegration(long id, String name, IpAllowList ipAllowList, Instant accessExpiresAt) {
			this(id, name, ipAllowList, accessExpiresAt, null, null);
		}

		/** True while an admin's debug answer is on at {@code now} (issue 16): ends by time, no scheduler. */
		public boolean explainsRefusalsAt(Instant now) {
			return this.debugAnswerUntil != null && now.isBefore(this.debugAnswerUntil);
		}

		/** True when the access token has an expiry that {@code now} has reached (issue 17.3). */
		public boolean expiredAt(Instant now) {
			return this.accessExpiresAt != null && !now.isBefore(this.accessExpiresAt);
		}

	}

	private final LoadingCache<Long, Optional<ActiveIntegration>> byConsumer;

	private final IntegrationStore store;

	IntegrationDirectory(IntegrationStore store, CaffeineSpec cacheSpec) {
		this.store = store;
		this.byConsumer = Caffeine.from(cacheSpec).build((consumerId) -> store.findByConsumer(consumerId)
				.filter((row) -> row.status() == IntegrationStatus.ACTIVE)
				.map((row) -> new ActiveIntegration(row.id(), row.name(), row.ipAllowList(), row.accessExpiresAt(),
						row.rateLimit(), row.debugAnswerUntil())));
	}

	/** The Active integration owning the consumer; empty when there is none or it is not Active. */
	public Optional<ActiveIntegration> activeByConsumer(long consumerId) {
		return this.byConsumer.get(consumerId);
	}

	/** The id of the integration owning the consumer, whatever its status (a query: not for the request path). */
	public Optional<Long> integrationIdOfConsumer(long consumerId) {
		return this.store.findByConsumer(consumerId).map(IntegrationStore.Row::id);
	}

	public void evict(long consumerId) {
		this.byConsumer.invalidate(consumerId);
	}

	public void evictAll() {
		this.byConsumer.invalidateAll();
	}

	@TransactionalEventListener(phase = TransactionPhase.AFTER_COMPLETION, fallbackExecution = true)
	void on(IntegrationChanged event) {
		evict(event.consumerId());
	}

	/** Hits, misses, size and evictions of the cache as {@code cache.*} meters (issue 16.4). */
	@Override
	public void bindTo(MeterRegistry registry) {
		CaffeineCacheMetrics.monitor(registry, this.byConsumer, "keyway_integrations");
	}

}
