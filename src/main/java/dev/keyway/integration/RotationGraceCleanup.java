package dev.keyway.integration;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.keyway.oauth.BackgroundTaskLog;
import dev.keyway.oauth.ConsumerService;
import dev.keyway.oauth.EndedGrace;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Background cleanup of reauthorization graces (issue 17.4): removes previous access tokens whose
 * grace has ended and publishes {@link RotationGraceEnded} once per ended grace, in the removing
 * transaction (the delete is conditional, so of several nodes exactly one publishes). The verifier
 * never waits for this: it compares the end with the clock on every call.
 */
@Component
class RotationGraceCleanup {

	private static final Logger log = LoggerFactory.getLogger(RotationGraceCleanup.class);

	/** Rows per transaction: a backlog is worked off batch by batch, never in one long transaction. */
	static final int BATCH = 100;

	private final ConsumerService consumers;

	private final IntegrationStore store;

	private final ApplicationEventPublisher events;

	private final TransactionTemplate transaction;

	private final BackgroundTaskLog task = new BackgroundTaskLog(RotationGraceCleanup.class,
			"Reauthorization grace cleanup");

	RotationGraceCleanup(ConsumerService consumers, IntegrationStore store, ApplicationEventPublisher events,
			TransactionTemplate transaction) {
		this.consumers = consumers;
		this.store = store;
		this.events = events;
		this.transaction = transaction;
	}

	@Scheduled(fixedDelayString = "${keyway.oauth.cleanup-interval:PT1M}", initialDelayString = "PT30S")
	void run() {
		this.task.run(this::clean);
	}

	/** Works off every ended grace, batch by batch; throws what the database throws. */
	void clean() {
		int total = 0;
		int ended;
		do {
			ended = removeBatch();
			total += ended;
		}
		while (ended == BATCH);
		if (total > 0) {
			log.debug("Cleanup ended {} reauthorization graces", total);
		}
	}

	/** One batch in one transaction; returns how many graces it ended. */
	int removeBatch() {
		Integer count = this.transaction.execute((status) -> {
			List<EndedGrace> ended = this.consumers.removeEndedGraces(BATCH);
			for (EndedGrace grace : ended) {
				this.store.findByConsumer(grace.consumerId())
					.ifPresent((row) -> this.events.publishEvent(new RotationGraceEnded(row.id(), row.name(), grace.at())));
			}
			return ended.size();
		});
		return (count != null) ? count : 0;
	}

}
