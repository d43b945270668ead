package dev.keyway.webhooks;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.keyway.audit.Actor;
import dev.keyway.audit.AuditTrail;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The admin's view of the outbox: the deliveries, newest first, and Resend. */
@Service
public class WebhookDeliveries {

	private final OutboxStore store;

	private final WebhookProperties properties;

	private final AuditTrail audit;

	private final Clock clock;

	WebhookDeliveries(OutboxStore store, WebhookProperties properties, AuditTrail audit, Clock clock) {
		this.store = store;
		this.properties = properties;
		this.audit = audit;
		this.clock = clock;
	}

	public List<WebhookDelivery> list(DeliveryFilter filter, int limit, int offset) {
		return this.store.list(filter, limit, offset);
	}

	public Optional<WebhookDelivery> find(long id) {
		return this.store.find(id);
	}

	/** Where operator deliveries go, as {@code scheme://host:port} (no user info, path or query); null when off. */
	public String operatorTarget() {
		return this.properties.shownTarget();
	}

	/**
	 * Queues delivery {@code id} again, due now, with the same event id (receivers dedupe by it) and a
	 * fresh count of attempts; audited as {@code webhook.resend}.
	 * @return false when there is no such delivery
	 */
	@Transactional
	public boolean resend(long id, Actor actor) {
		Optional<WebhookDelivery> delivery = this.store.find(id);
		if (delivery.isEmpty() || !this.store.requeue(id, this.clock.instant())) {
			return false;
		}
		WebhookDelivery before = delivery.get();
		this.audit.record(actor, "webhook.resend",
				AuditTrail.Subject.integration(before.integrationId(), before.integrationName()),
				Map.of("event_id", before.eventId().toString(), "type", before.type(), "status", before.status(),
						"attempts", before.attempts()),
				Map.of("event_id", before.eventId().toString(), "status", "pending"));
		return true;
	}

}
