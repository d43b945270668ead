package dev.keyway.acl;

import java.util.Collection;
import java.util.Map;
import java.util.Set;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;

import com.github.benmanes.caffeine.cache.CacheLoader;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.CaffeineSpec;
import com.github.benmanes.caffeine.cache.LoadingCache;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Integrations' grants, cached for the authorization step. A change publishes
 * {@link GrantChanged}; the cache drops the entry after commit, so the next request sees it. The change's
 * transaction is written out ({@link TransactionOperations}), not declared: an annotation would make this bean a
 * proxy through which every call's {@link #grantOf} went by reflection (~0.3 µs a signed call, a perf profile).
 */
@Service
public class GrantService implements MeterBinder {

	private final GrantStore store;

	private final ApplicationEventPublisher events;

	private final LoadingCache<Long, Grant> cache;

	private final TransactionOperations transaction;

	GrantService(GrantStore store, ApplicationEventPublisher events, CaffeineSpec cacheSpec,
			TransactionOperations transaction) {
		this.store = store;
		this.events = events;
		this.transaction = transaction;
		this.cache = Caffeine.from(cacheSpec).build(new CacheLoader<>() {

				@Override
				public Grant load(Long integrationId) {
					return store.find(integrationId);
				}

				@Override
				public Map<Long, Grant> loadAll(Set<? extends Long> integrationIds) {
					return store.findAll(integrationIds);
				}

			});
	}

	public Grant grantOf(long integrationId) {
		return this.cache.get(integrationId);
	}

	/** The grants of many integrations: the cached ones, and one query for the others (a page of a list). */
	public Map<Long, Grant> grantsOf(Collection<Long> integrationIds) {
		return this.cache.getAll(integrationIds);
	}

	/** Replaces the integration's grant (the caller validated the ids against the tree), in the caller's transaction or its own. */
	public void replace(long integrationId, Grant grant) {
		this.transaction.executeWithoutResult((status) -> {
			this.store.replace(integrationId, grant);
			// now, so that reads in this transaction see the new grant; and again when it completes,
			// dropping whatever was loaded meanwhile (the new grant if it rolled back, the old one if a
			// concurrent reader loaded it before commit)
			this.cache.invalidate(integrationId);
			this.events.publishEvent(new GrantChanged(integrationId));
		});
	}

	/** Drops a cached grant; after a change on another node, or when the integration was deleted. */
	public void evict(long integrationId) {
		this.cache.invalidate(integrationId);
	}

	public void evictAll() {
		this.cache.invalidateAll();
	}

	@TransactionalEventListener(phase = TransactionPhase.AFTER_COMPLETION, fallbackExecution = true)
	void on(GrantChanged event) {
		evict(event.integrationId());
	}

	/** Hits, misses, size and evictions of the cache as {@code cache.*} meters (issue 16.4). */
	@Override
	public void bindTo(MeterRegistry registry) {
		CaffeineCacheMetrics.monitor(registry, this.cache, "keyway_grants");
	}

}
