package dev.keyway.webhooks;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.keyway.outbound.OutboundRefusedException;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Sends due outbox rows, on every node, on a thread of its own (a slow receiver must not hold up
 * the application's other scheduled work). Each row is claimed with a lease first, so two nodes
 * never send one row at once; a node that dies mid-delivery leaves the lease to run out and another
 * node (or itself, restarted) sends it again: at least once on the wire, and receivers dedupe by
 * {@code id}. A 2xx answer is delivered; anything else is retried with backoff until
 * {@code max-attempts}, then failed.
 */
@Component
class DeliveryWorker implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(DeliveryWorker.class);

	/** Rows sent per poll at most, so that the thread comes back to check it is still wanted. */
	private static final int BATCH = 50;

	static final int ERROR_MAX = 500;

	private final OutboxStore store;

	private final WebhookProperties properties;

	private final Clock clock;

	private final WebhookSender sender;

	private final Backoff backoff;

	private final String node = "node-" + UUID.randomUUID().toString().substring(0, 8);

	private volatile ScheduledExecutorService executor;

	DeliveryWorker(OutboxStore store, WebhookProperties properties, Clock clock) {
		this.store = store;
		this.properties = properties;
		this.clock = clock;
		this.sender = new WebhookSender(properties.policy(), properties.timeout());
		this.backoff = new Backoff(properties.initialBackoff(), properties.maxBackoff(),
				() -> ThreadLocalRandom.current().nextDouble());
	}

	@Override
	public void start() {
		if (!this.properties.enabled()) {
			return;
		}
		this.executor = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "keyway-webhooks");
			thread.setDaemon(true);
			return thread;
		});
		long every = this.properties.pollInterval().toMillis();
		this.executor.scheduleWithFixedDelay(this::pollQuietly, every, every, TimeUnit.MILLISECONDS);
	}

	/**
	 * Does not wait for a delivery in flight: its lease runs out and it is sent again (receivers
	 * dedupe by event id).
	 */
	@Override
	public void stop() {
		ScheduledExecutorService running = this.executor;
		this.executor = null;
		if (running != null) {
			running.shutdownNow();
		}
	}

	@Override
	public boolean isRunning() {
		return this.executor != null;
	}

	private void pollQuietly() {
		try {
			poll();
		}
		catch (RuntimeException ex) {
			// the database may be away; the next poll tries again
			log.warn("Webhook delivery poll failed: {}", ex.toString());
		}
	}

	/** Sends what is due now; answers how many rows it attempted. */
	int poll() {
		int attempted = 0;
		while (attempted < BATCH && this.executor != null) {
			Instant now = this.clock.instant();
			Optional<OutboxStore.Pending> claimed = Optional.empty();
			for (long id : this.store.due(now, 10)) {
				claimed = this.store.claim(id, this.node, now, now.plus(this.properties.lease()));
				if (claimed.isPresent()) {
					break;
				}
			}
			if (claimed.isEmpty()) {
				return attempted;
			}
			deliver(claimed.get());
			attempted++;
		}
		return attempted;
	}

	private void deliver(OutboxStore.Pending row) {
		String url = this.properties.url();
		long t = this.clock.instant().getEpochSecond();
		Integer status = null;
		String error = null;
		try {
			status = this.sender.post(url, row.eventId().toString(),
					WebhookSignature.header(this.properties.secret(), t, row.payload()), row.payload());
			if (status / 100 != 2) {
				error = "the receiver answered " + status + "; only 2xx counts as delivered";
			}
		}
		catch (OutboundRefusedException ex) {
			error = ex.getMessage();
		}
		catch (IOException | RuntimeException ex) {
			error = ex.toString();
		}
		Instant now = this.clock.instant();
		int attempts = row.attempts() + 1;
		String outcome = (error == null) ? "delivered" : (attempts >= this.properties.maxAttempts()) ? "failed" : "pending";
		Instant next = "pending".equals(outcome) ? now.plus(this.backoff.after(attempts)) : now;
		String shownError = bounded(error, url);
		if (!this.store.recordAttempt(row.id(), this.node, outcome, status, shownError, now, next)) {
			log.info("Webhook {} ({}) lost its lease before its outcome was recorded; it will be sent again",
					row.eventId(), row.type());
		}
		if (error != null) {
			log.warn("Webhook {} ({}) attempt {} to {} failed: {}", row.eventId(), row.type(), attempts,
					this.properties.shownTarget(), shownError);
		}
	}

	/** The error without the configured URL's path, query or user info, at most {@link #ERROR_MAX} characters. */
	private String bounded(String error, String url) {
		if (error == null) {
			return null;
		}
		String text = error.replace(url, this.properties.shownTarget());
		return (text.length() <= ERROR_MAX) ? text : text.substring(0, ERROR_MAX - 3) + "...";
	}

}
