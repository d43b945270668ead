package dev.keyway.health;

import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import jakarta.annotation.PreDestroy;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import dev.keyway.integration.IntegrationDirectory;
import dev.keyway.oauth.BackgroundTaskLog;
import dev.keyway.oauth.Refusal;
import dev.keyway.oauth.RefusalObserver;
import dev.keyway.oauth.RefusalReason;
import dev.keyway.webapi.CallUsage;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Counts refusals and usage on the request's thread in memory only (a counter, a map entry, a bounded
 * queue offer), and writes them in batches from a scheduled writer every
 * {@code keyway.health.flush-interval} (2 s): a node's crash loses at most that much of counts and
 * refusal records, never a request. A full queue drops the record (counted in
 * {@code keyway_refusal_records_dropped_total}); the counts per reason stay exact. Counts since an
 * integration's creation are added by the same flush; each record names this node ({@link NodeName}).
 * {@code keyway.health.enabled=false} leaves only the Prometheus counter.
 */
@Component
class HealthRecorder implements RefusalObserver, CallUsage {

	static final int MAX_QUEUED = 10_000;

	private static final long HOUR_SECONDS = 3600;

	/** A refusal waiting for the writer, with its time. */
	private record Queued(Refusal refusal, long at) {
	}

	/** Usage of one integration since the last flush. */
	private static final class Usage {

		final LongAdder requests = new LongAdder();

		volatile long lastAt;

		volatile String lastAddress;

	}

	private final ArrayBlockingQueue<Queued> refusals = new ArrayBlockingQueue<>(MAX_QUEUED);

	private final ConcurrentHashMap<Long, Usage> usage = new ConcurrentHashMap<>();

	private final Map<RefusalReason, Counter> counters = new EnumMap<>(RefusalReason.class);

	private final Counter dropped;

	private final HealthStore store;

	private final IntegrationDirectory integrations;

	private final Clock clock;

	private final NodeName node;

	private final boolean enabled;

	private final BackgroundTaskLog task = new BackgroundTaskLog(HealthRecorder.class, "Integration health writer");

	HealthRecorder(HealthStore store, IntegrationDirectory integrations, Clock clock, MeterRegistry meters,
			NodeName node, HealthProperties properties) {
		this.node = node;
		this.enabled = properties.enabled();
		this.store = store;
		this.integrations = integrations;
		this.clock = clock;
		for (RefusalReason reason : RefusalReason.values()) {
			this.counters.put(reason, Counter.builder("keyway.refusals")
				.description("Refused calls by reason (issue 16)")
				.tag("reason", reason.wireName())
				.register(meters));
		}
		this.dropped = Counter.builder("keyway.refusal.records.dropped")
			.description("Refusal records not stored because the writer's queue was full")
			.register(meters);
	}

	@Override
	public void refused(Refusal refusal) {
		this.counters.get(refusal.reason()).increment();
		if (!this.enabled || (refusal.integrationId() == 0 && refusal.consumerId() == 0)) {
			return; // nobody to attribute it to: counted in the metric only
		}
		if (!this.refusals.offer(new Queued(refusal, this.clock.millis()))) {
			this.dropped.increment();
		}
	}

	@Override
	public void used(long integrationId, String remoteAddress) {
		if (!this.enabled) {
			return; // keyway.health.enabled=false: nothing counted per integration
		}
		Usage counts = this.usage.computeIfAbsent(integrationId, (id) -> new Usage());
		counts.requests.increment();
		counts.lastAt = this.clock.millis();
		counts.lastAddress = remoteAddress;
	}

	/** Writes what was counted since the last flush (the background writer). */
	@Scheduled(fixedDelayString = "${keyway.health.flush-interval:PT2S}", initialDelayString = "${keyway.health.flush-interval:PT2S}")
	void flush() {
		// the database may be away: the counts of this flush are lost, requests are not affected
		if (this.usage.isEmpty() && this.refusals.isEmpty()) {
			// nothing to write says nothing about the database: a pass that succeeded without it told an
			// outage's end two seconds into it (calls answered 503 are not counted)
			return;
		}
		this.task.run(() -> {
			flushUsage();
			flushRefusals();
		});
	}

	@PreDestroy
	void flushOnStop() {
		flush();
	}

	private void flushUsage() {
		for (Long id : List.copyOf(this.usage.keySet())) {
			Usage counts = this.usage.remove(id);
			long requests = counts.requests.sumThenReset();
			if (requests > 0) {
				this.store.addRequests(id, hourOf(counts.lastAt), requests);
				this.store.addRequestTotal(id, requests);
				this.store.markUsed(id, counts.lastAt, counts.lastAddress);
			}
		}
	}

	private void flushRefusals() {
		List<Queued> batch = new ArrayList<>();
		this.refusals.drainTo(batch);
		if (batch.isEmpty()) {
			return;
		}
		List<Attributed> attributed = new ArrayList<>(batch.size());
		Map<Long, Optional<Long>> byConsumer = new java.util.HashMap<>();
		// record keys, not "id/hour/reason" strings built and split again: a storm queues thousands a flush
		Map<HourKey, Long> counts = new java.util.HashMap<>();
		Map<TotalKey, Long> totals = new java.util.HashMap<>();
		for (Queued queued : batch) {
			Refusal refusal = queued.refusal();
			long integrationId = refusal.integrationId();
			if (integrationId == 0) {
				integrationId = byConsumer
					.computeIfAbsent(refusal.consumerId(), this.integrations::integrationIdOfConsumer)
					.orElse(0L);
			}
			if (integrationId == 0) {
				continue;
			}
			attributed.add(new Attributed(integrationId, queued));
			counts.merge(new HourKey(integrationId, hourOf(queued.at()), refusal.reason()), 1L, Long::sum);
			totals.merge(new TotalKey(integrationId, refusal.reason()), 1L, Long::sum);
		}
		// rows only for the records kept: a deferred hint or base string (a bad signature's) is computed
		// for these alone, the rest of a storm is counted and never explained
		String nodeName = this.node.get();
		List<HealthStore.NewRefusal> rows = new ArrayList<>();
		for (Attributed kept : newestPerIntegration(attributed, Attributed::integrationId)) {
			Refusal refusal = kept.queued().refusal();
			rows.add(new HealthStore.NewRefusal(kept.integrationId(), kept.queued().at(), nodeName, refusal.method(),
					bounded(refusal.path(), 2048), bounded(refusal.remoteAddress(), 64), refusal.reason().wireName(),
					bounded(refusal.hint(), 1024), bounded(refusal.facts().baseString(), 8192),
					refusal.facts().signatureMethod(), refusal.facts().skewSeconds()));
		}
		this.store.addRefusals(rows);
		counts.forEach((key, n) -> this.store.addRefusalCount(key.integrationId(), key.hourStart(), key.reason().wireName(), n));
		totals.forEach((key, n) -> this.store.addRefusalTotal(key.integrationId(), key.reason().wireName(), n));
		this.store.forgetHoursBefore(hourOf(this.clock.millis()) - 48 * HOUR_SECONDS);
	}

	/** One integration's refusals of one reason in one hour. */
	private record HourKey(long integrationId, long hourStart, RefusalReason reason) {
	}

	/** One integration's refusals of one reason since its creation. */
	private record TotalKey(long integrationId, RefusalReason reason) {
	}

	/** A queued refusal and the integration it is filed under. */
	private record Attributed(long integrationId, Queued queued) {
	}

	/**
	 * The rows worth writing: the store keeps the newest {@link HealthStore#KEPT_PER_INTEGRATION} per
	 * integration, so a storm of refusals (a client looping on a wrong secret, a caller over its rate
	 * limit) costs at most that many inserts per integration and flush; the counts stay exact.
	 */
	static List<HealthStore.NewRefusal> newestPerIntegration(List<HealthStore.NewRefusal> rows) {
		return newestPerIntegration(rows, HealthStore.NewRefusal::integrationId);
	}

	/** {@link #newestPerIntegration(List)} for any row that names its integration, oldest first in and out. */
	static <T> List<T> newestPerIntegration(List<T> rows, java.util.function.ToLongFunction<T> integrationOf) {
		Map<Long, Integer> seen = new java.util.HashMap<>();
		List<T> kept = new ArrayList<>();
		for (int i = rows.size() - 1; i >= 0; i--) { // the queue is oldest first
			T row = rows.get(i);
			if (seen.merge(integrationOf.applyAsLong(row), 1, Integer::sum) <= HealthStore.KEPT_PER_INTEGRATION) {
				kept.add(row);
			}
		}
		java.util.Collections.reverse(kept);
		return kept;
	}

	static long hourOf(long epochMillis) {
		long seconds = epochMillis / 1000;
		return seconds - Math.floorMod(seconds, HOUR_SECONDS);
	}

	private static String bounded(String text, int max) {
		return (text == null || text.length() <= max) ? text : text.substring(0, max);
	}

}
