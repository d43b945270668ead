package dev.keyway.webhooks;

import java.time.Clock;

import dev.keyway.oauth.BackgroundTaskLog;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Deletes delivered and failed outbox rows older than {@code keyway.webhooks.retention} (P30D), on
 * every node: a DELETE by age is idempotent, so two nodes running it at once delete each row once
 * between them. In batches, so that one run never holds many row locks; pending rows are never
 * deleted, however old.
 */
@Component
class OutboxRetention {

	static final int BATCH = 500;

	/** Batches per run at most: the rest waits for the next run. */
	private static final int MAX_BATCHES = 20;

	private final OutboxStore store;

	private final WebhookProperties properties;

	private final Clock clock;

	private final BackgroundTaskLog task = new BackgroundTaskLog(OutboxRetention.class, "Webhook outbox retention");

	OutboxRetention(OutboxStore store, WebhookProperties properties, Clock clock) {
		this.store = store;
		this.properties = properties;
		this.clock = clock;
	}

	@Scheduled(fixedDelayString = "${keyway.webhooks.retention-interval:PT1H}", initialDelayString = "PT1M")
	void cleanQuietly() {
		this.task.run(this::clean);
	}

	/** Deletes what is past the retention now; answers how many rows went. */
	int clean() {
		int deleted = 0;
		for (int batch = 0; batch < MAX_BATCHES; batch++) {
			int now = this.store.deleteFinishedBefore(this.clock.instant().minus(this.properties.retention()), BATCH);
			deleted += now;
			if (now < BATCH) {
				break;
			}
		}
		return deleted;
	}

}
