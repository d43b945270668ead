package dev.keyway.webhooks;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Writes webhook events to the outbox (V40), which the {@link DeliveryWorker} of any node sends
 * afterwards. The one way other modules emit an event: a row written in the transaction of the
 * change it reports is sent if and only if that transaction commits, and survives a node that dies
 * before sending it. Nothing is written when {@code keyway.webhooks.url} is not set.
 */
@Service
public class WebhookOutbox {

	static final String OPERATOR = "operator";

	/** The body's size limit, the column's: an event carries ids and names, not documents. */
	static final int PAYLOAD_MAX = 8000;

	private final OutboxStore store;

	private final WebhookProperties properties;

	private final JsonMapper json;

	private final Clock clock;

	WebhookOutbox(OutboxStore store, WebhookProperties properties, JsonMapper json, Clock clock) {
		this.store = store;
		this.properties = properties;
		this.json = json;
		this.clock = clock;
	}

	/**
	 * Queues event {@code type} about integration {@code integrationId} in the caller's transaction
	 * (there must be one: the event is sent only if it commits).
	 * @param type one of {@link WebhookTypes}
	 * @param data further fields of the event (JSON-serializable), under {@code data}; may be empty
	 * @return the event's id, or null when webhooks are not configured
	 * @throws org.springframework.transaction.IllegalTransactionStateException outside a transaction
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public UUID enqueue(String type, long integrationId, String name, Map<String, Object> data) {
		return write(type, integrationId, name, data, null);
	}

	/**
	 * Queues an event that must be sent once per occasion (an expiry value, a rate-limit period), in
	 * a transaction of its own: for events that report no change of Keyway's own (a refusal, the
	 * clock passing a date). Concurrent nodes may all try; the unique {@code onceKey} lets one row in.
	 * @param onceKey what makes the occasion unique, e.g. {@code expired:42:2026-12-04T10:00:00Z}
	 * (at most 200 characters)
	 * @return true when this call queued the event, false when it was queued before (or webhooks are
	 * not configured)
	 */
	@Transactional(propagation = Propagation.REQUIRES_NEW)
	public boolean enqueueOnce(String type, long integrationId, String name, Map<String, Object> data,
			String onceKey) {
		if (onceKey == null || onceKey.isEmpty() || onceKey.length() > 200) {
			throw new IllegalArgumentException("A webhook's once-key must have 1 to 200 characters, not "
					+ ((onceKey == null) ? "none" : onceKey.length()));
		}
		try {
			return write(type, integrationId, name, data, onceKey) != null;
		}
		catch (DataIntegrityViolationException ex) {
			if (String.valueOf(ex.getMostSpecificCause().getMessage()).toLowerCase(java.util.Locale.ROOT).contains(OutboxStore.DEDUPE_CONSTRAINT)) {
				return false;
			}
			throw ex;
		}
	}

	private UUID write(String type, long integrationId, String name, Map<String, Object> data, String onceKey) {
		if (!DeliveryFilter.TYPES.contains(type)) {
			throw new IllegalArgumentException("Unknown webhook event type \"" + type + "\"; the types are "
					+ DeliveryFilter.TYPES);
		}
		if (!this.properties.enabled()) {
			return null;
		}
		UUID eventId = UUID.randomUUID();
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.SECONDS);
		Map<String, Object> integration = new LinkedHashMap<>();
		integration.put("id", integrationId);
		integration.put("name", name);
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("id", eventId.toString());
		body.put("type", type);
		body.put("created_at", now.toString());
		body.put("integration", integration);
		body.put("data", (data != null) ? data : Map.of());
		String payload = this.json.writeValueAsString(body);
		if (payload.length() > PAYLOAD_MAX) {
			throw new IllegalArgumentException("A webhook body has at most " + PAYLOAD_MAX + " characters; the "
					+ type + " event of integration " + integrationId + " has " + payload.length());
		}
		this.store.insert(eventId, type, integrationId, name, payload, OPERATOR, now, onceKey);
		return eventId;
	}

}
