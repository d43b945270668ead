package dev.keyway.webhooks;

import java.util.Map;

import dev.keyway.integration.IntegrationActivated;
import dev.keyway.integration.IntegrationDeleted;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Turns the integration module's lifecycle events into webhook events. A plain
 * {@link EventListener}: it runs inside the publisher's transaction, so the outbox row commits or
 * rolls back with the change.
 */
@Component
class LifecycleWebhooks {

	private final WebhookOutbox outbox;

	LifecycleWebhooks(WebhookOutbox outbox) {
		this.outbox = outbox;
	}

	@EventListener
	void on(IntegrationActivated event) {
		this.outbox.enqueue(event.reauthorization() ? WebhookTypes.REAUTHORIZED : WebhookTypes.ACTIVATED,
				event.integrationId(), event.name(), Map.of());
	}

	@EventListener
	void on(IntegrationDeleted event) {
		this.outbox.enqueue(WebhookTypes.DELETED, event.integrationId(), event.name(), Map.of());
	}

}
