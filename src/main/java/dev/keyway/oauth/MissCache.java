package dev.keyway.oauth;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;

/**
 * Keys known to be absent, kept apart from the cache of present values: a flood of random unknown
 * keys can only push out other unknown keys, never a real entry, and a repeated unknown key costs no
 * query. Caffeine caches one value per key and has no separate negative cache, hence this small
 * class. A miss whose load overlapped an invalidation is not kept (every invalidation bumps a
 * generation), so a key created while it was being looked up is not remembered as absent.
 */
public final class MissCache<K> {

	private final Cache<K, Boolean> misses;

	private final AtomicLong generation = new AtomicLong();

	public MissCache(long maximumSize, Duration timeToLive) {
		this.misses = Caffeine.newBuilder().maximumSize(maximumSize).expireAfterWrite(timeToLive).build();
	}

	/**
	 * The value of {@code present} for {@code key}, whose loader answers null for an absent key; an
	 * absent key is remembered here, not there.
	 */
	public <V> Optional<V> lookup(K key, LoadingCache<K, V> present) {
		return lookup(key, present::get);
	}

	/** The value {@code load} finds for {@code key}, or empty; an absent key is remembered. */
	public <V> Optional<V> lookup(K key, Function<K, V> load) {
		if (this.misses.getIfPresent(key) != null) {
			return Optional.empty();
		}
		long before = this.generation.get();
		V value = load.apply(key);
		if (value == null) {
			this.misses.put(key, Boolean.TRUE);
			if (this.generation.get() != before) {
				this.misses.invalidate(key);
			}
		}
		return Optional.ofNullable(value);
	}

	/** Forgets that {@code key} was absent (it may exist now). */
	public void invalidate(K key) {
		this.generation.incrementAndGet();
		this.misses.invalidate(key);
	}

	public void invalidateAll() {
		this.generation.incrementAndGet();
		this.misses.invalidateAll();
	}

	/** How many misses are kept (after pending evictions), for tests and metrics. */
	public long size() {
		this.misses.cleanUp();
		return this.misses.estimatedSize();
	}

}
