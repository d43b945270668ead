package dev.keyway.webhooks;

import java.io.IOException;
import java.net.URI;
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

import dev.keyway.integration.LifecycleCallbacks;
import dev.keyway.oauth.BackgroundTaskLog;
import dev.keyway.oauth.ConsumerService;
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

	private final WebhookSender thirdPartySender;

	private final LifecycleCallbacks callbacks;

	private final ConsumerService consumers;

	private final Backoff backoff;

	private final String node = "node-" + UUID.randomUUID().toString().substring(0, 8);

	private volatile ScheduledExecutorService executor;

	private final BackgroundTaskLog task = new BackgroundTaskLog(DeliveryWorker.class, "Webhook delivery poll");

	DeliveryWorker(OutboxStore store, WebhookProperties properties, Clock clock, LifecycleCallbacks callbacks,
			ConsumerService consumers) {
		this.store = store;
		this.properties = properties;
		this.clock = clock;
		this.callbacks = callbacks;
		this.consumers = consumers;
		this.sender = new WebhookSender(properties.policy(), properties.timeout());
		// an integration's callback is a third party's: the credentials POST's policy, not the operator's
		this.thirdPartySender = new WebhookSender(callbacks.policy(), properties.timeout());
		this.backoff = new Backoff(properties.initialBackoff(), properties.maxBackoff(),
				() -> ThreadLocalRandom.current().nextDouble());
	}

	@Override
	public void start() {
		// also without the operator's URL: integrations may have opted in to their own callbacks (V48)
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

	void pollQuietly() {
		// the database may be away; the next poll tries again
		this.task.run(this::poll);
	}

	/** Sends what is due now; answers how many rows it attempted. */
	int poll() {
		int attempted = 0;
		while (attempted < BATCH && this.executor != null) {
			Instant now = this.clock.instant();
			Optional<OutboxStore.Pending> claimed = Optional.empty();
			for (long id : this.store.due(now, 10, this.properties.enabled())) {
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
		Target target = target(row);
		long t = this.clock.instant().getEpochSecond();
		Integer status = null;
		String error = target.refusal();
		boolean nowhere = error != null;
		if (error == null) {
			try {
				status = target.sender().post(target.url(), row.eventId().toString(),
						WebhookSignature.header(target.secret(), t, row.payload()), row.payload());
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
		}
		Instant now = this.clock.instant();
		int attempts = row.attempts() + 1;
		String outcome = (error == null) ? "delivered"
				: (nowhere || attempts >= this.properties.maxAttempts()) ? "failed" : "pending";
		Instant next = "pending".equals(outcome) ? now.plus(this.backoff.after(attempts)) : now;
		String shownError = bounded(error, target.url(), target.shown());
		if (!this.store.recordAttempt(row.id(), this.node, outcome, status, shownError, now, next)) {
			log.info("Webhook {} ({}) lost its lease before its outcome was recorded; it will be sent again",
					row.eventId(), row.type());
		}
		if (error != null) {
			log.warn("Webhook {} ({}) attempt {} to {} failed: {}", row.eventId(), row.type(), attempts,
					target.shown(), shownError);
		}
	}

	/**
	 * Where a row goes and its key, read at send time: the operator's URL and secret from the
	 * properties; an integration's Callback URL and consumer secret (decrypted now, held only for
	 * this attempt) from the integration, if it still has lifecycle webhooks on and a Callback URL.
	 */
	private Target target(OutboxStore.Pending row) {
		if (!WebhookOutbox.INTEGRATION.equals(row.target())) {
			// only claimed when the operator's URL is set (OutboxStore.due)
			return new Target(this.properties.url(), this.properties.shownTarget(), this.properties.secret(), this.sender,
					null);
		}
		Optional<LifecycleCallbacks.Callback> callback = this.callbacks.callbackOf(row.integrationId());
		if (callback.isEmpty()) {
			return Target.refused("integration " + row.integrationId()
					+ " no longer exists, has lifecycle webhooks off or has no Callback URL");
		}
		String url = callback.get().url();
		String secret;
		try {
			secret = this.consumers.revealConsumerSecret(callback.get().consumerId());
		}
		catch (RuntimeException ex) {
			// the message of a failed decryption names no secret; the class alone is shown all the same
			return Target.refused("the consumer secret of integration " + row.integrationId()
					+ " could not be read (" + ex.getClass().getSimpleName() + ")");
		}
		return new Target(url, shown(url), secret, this.thirdPartySender, null);
	}

	/** One attempt's destination; {@code refusal} set when there is none (the row fails at once). */
	private record Target(String url, String shown, String secret, WebhookSender sender, String refusal) {

		static Target refused(String why) {
			return new Target(null, "no target", null, null, why);
		}

		/** Without the secret, should a target ever be logged. */
		@Override
		public String toString() {
			return "Target[" + this.shown + ((this.refusal != null) ? ", refused: " + this.refusal : "") + "]";
		}

	}

	/** A URL as the admin may see it: scheme, host and port, no user info, path or query. */
	static String shown(String url) {
		try {
			URI uri = URI.create(url);
			return uri.getScheme() + "://" + uri.getHost() + ((uri.getPort() >= 0) ? ":" + uri.getPort() : "");
		}
		catch (IllegalArgumentException ex) {
			return "(a malformed URL)";
		}
	}

	/** The error without the configured URL's path, query or user info, at most {@link #ERROR_MAX} characters. */
	private static String bounded(String error, String url, String shown) {
		if (error == null) {
			return null;
		}
		String text = (url != null) ? error.replace(url, shown) : error;
		return (text.length() <= ERROR_MAX) ? text : text.substring(0, ERROR_MAX - 3) + "...";
	}

}
