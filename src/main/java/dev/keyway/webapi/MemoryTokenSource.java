package dev.keyway.webapi;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import dev.keyway.integration.RateLimit;

/**
 * The buckets in this node's memory (H2: one node), no query. The node leases a tenth of the smaller
 * window's quota at a time, as from PostgreSQL: one token at a time cost a map compute and three
 * allocations on every served call (S1 with a limit far above the load ran at 0.90× no limit). Only
 * this node spends what it leased, so an active client gets exactly its quota; tokens left in a lease
 * when the client stops expire with the lease's window. A bucket idle for ten minutes is forgotten
 * (it would be full again anyway).
 */
final class MemoryTokenSource implements TokenSource {

	static final int MAX_CHUNK = 1_000;

	private final Cache<Long, TokenBucket> buckets = Caffeine.newBuilder()
		.expireAfterAccess(Duration.ofMinutes(10))
		.build();

	@Override
	public TokenBucket.Grant take(long integrationId, RateLimit limit, int want, long nowMs) {
		TokenBucket.Taken[] taken = new TokenBucket.Taken[1];
		this.buckets.asMap().compute(integrationId, (id, bucket) -> {
			taken[0] = ((bucket != null) ? bucket : TokenBucket.full(limit, nowMs)).take(limit, want, nowMs);
			return taken[0].after();
		});
		TokenBucket after = taken[0].after();
		if (taken[0].granted() > 0) {
			return new TokenBucket.Grant(taken[0].granted(), TokenSource.leaseEnd(limit, nowMs), null);
		}
		return TokenBucket.refused(limit, after.tokens(), after.minuteStartMs(), after.minuteUsed(), nowMs);
	}

	@Override
	public int chunk(RateLimit limit) {
		return TokenSource.tenth(limit, MAX_CHUNK);
	}

}
