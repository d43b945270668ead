package dev.keyway.webhooks;

import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.keyway.integration.RotationGraceEnded;
import dev.keyway.webapi.RateLimitHit;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The guardrails' events as webhook events (issue 17.5): the end of a rotation's grace, written in
 * the transaction that ended it, and a rate-limited integration, at most once per minute.
 *
 * <p>{@link RateLimitHit} is published on a request's thread: the outbox write (its own transaction)
 * is handed to one background thread with a small bounded queue, so a limited caller never waits
 * for the database; when the queue is full the event is dropped (another node or the next minute
 * reports it again), never the request.
 */
@Component
class GuardrailWebhooks {

	private static final Logger log = LoggerFactory.getLogger(GuardrailWebhooks.class);

	private final WebhookOutbox outbox;

	private final ThreadPoolExecutor rateLimited = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
			new ArrayBlockingQueue<>(256), (task) -> {
				Thread thread = new Thread(task, "keyway-webhooks-rate-limited");
				thread.setDaemon(true);
				return thread;
			}, new ThreadPoolExecutor.DiscardPolicy());

	GuardrailWebhooks(WebhookOutbox outbox) {
		this.outbox = outbox;
	}

	@EventListener
	void on(RotationGraceEnded event) {
		this.outbox.enqueue(WebhookTypes.ROTATION_GRACE_ENDED, event.integrationId(), event.name(),
				Map.of("ended_at", event.at().toString()));
	}

	@EventListener
	void on(RateLimitHit event) {
		// the minute is the occasion: every node that sees the same minute queues one event between them
		String minute = event.at().truncatedTo(ChronoUnit.MINUTES).toString();
		this.rateLimited.execute(() -> {
			try {
				this.outbox.enqueueOnce(WebhookTypes.RATE_LIMITED, event.integrationId(), event.name(),
						Map.of("minute", minute), "rate_limited:" + event.integrationId() + ":" + minute);
			}
			catch (RuntimeException ex) {
				log.warn("The rate-limited webhook of integration {} was not queued: {}", event.integrationId(),
						ex.toString());
			}
		});
	}

	@PreDestroy
	void stop() {
		this.rateLimited.shutdown();
	}

}
