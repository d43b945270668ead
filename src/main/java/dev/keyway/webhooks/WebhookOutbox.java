package dev.keyway.webhooks;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import tools.jackson.databind.json.JsonMapper;

import dev.keyway.integration.LifecycleCallbacks;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Writes webhook events to the outbox (V40), which the {@link DeliveryWorker} of any node sends
 * afterwards. The one way other modules emit an event: a row written in the transaction of the
 * change it reports is sent if and only if that transaction commits, and survives a node that dies
 * before sending it. The operator's row is written when {@code keyway.webhooks.url} is set; a second
 * row, with its own event id, goes to the integration's own Callback URL when the integration opted
 * in ({@link LifecycleCallbacks}) — every type but {@code integration.deleted} (docs/WEBHOOKS.md).
 */
@Service
public class WebhookOutbox {

	static final String OPERATOR = "operator";

	static final String INTEGRATION = "integration";

	/** The once-key of an integration's row: the operator's key behind this prefix. */
	static final String INTEGRATION_KEY_PREFIX = "integration:";

	/** The body's size limit, the column's: an event carries ids and names, not documents. */
	static final int PAYLOAD_MAX = 8000;

	private final OutboxStore store;

	private final WebhookProperties properties;

	private final JsonMapper json;

	private final Clock clock;

	private final LifecycleCallbacks callbacks;

	WebhookOutbox(OutboxStore store, WebhookProperties properties, JsonMapper json, Clock clock,
			LifecycleCallbacks callbacks) {
		this.store = store;
		this.callbacks = callbacks;
		this.properties = properties;
		this.json = json;
		this.clock = clock;
	}

	/**
	 * Queues event {@code type} about integration {@code integrationId} in the caller's transaction
	 * (there must be one: the event is sent only if it commits).
	 * @param type one of {@link WebhookTypes}
	 * @param data further fields of the event (JSON-serializable), under {@code data}; may be empty
	 * @return the operator's event id, or null when the operator's webhooks are not configured (the
	 * integration's row, if any, has an id of its own)
	 * @throws org.springframework.transaction.IllegalTransactionStateException outside a transaction
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public UUID enqueue(String type, long integrationId, String name, Map<String, Object> data) {
		return write(type, integrationId, name, data, null).operatorEventId();
	}

	/**
	 * Queues an event that must be sent once per occasion (an expiry value, a rate-limit period), in
	 * a transaction of its own: for events that report no change of Keyway's own (a refusal, the
	 * clock passing a date). Concurrent nodes may all try; the unique {@code onceKey} lets one row in.
	 * @param onceKey what makes the occasion unique, e.g. {@code expired:42:2026-12-04T10:00:00Z}
	 * (at most 200 characters)
	 * @return true when this call queued the event, false when it was queued before (or no target
	 * wants it)
	 */
	@Transactional(propagation = Propagation.REQUIRES_NEW)
	public boolean enqueueOnce(String type, long integrationId, String name, Map<String, Object> data,
			String onceKey) {
		if (onceKey == null || onceKey.isEmpty() || onceKey.length() > 200) {
			throw new IllegalArgumentException("A webhook's once-key must have 1 to 200 characters, not "
					+ ((onceKey == null) ? "none" : onceKey.length()));
		}
		try {
			return write(type, integrationId, name, data, onceKey).any();
		}
		catch (DataIntegrityViolationException ex) {
			if (String.valueOf(ex.getMostSpecificCause().getMessage()).toLowerCase(java.util.Locale.ROOT).contains(OutboxStore.DEDUPE_CONSTRAINT)) {
				return false;
			}
			throw ex;
		}
	}

	/** The operator's row (when configured) and the integration's (when it opted in); answers whether any was written. */
	private Written write(String type, long integrationId, String name, Map<String, Object> data, String onceKey) {
		if (!DeliveryFilter.TYPES.contains(type)) {
			throw new IllegalArgumentException("Unknown webhook event type \"" + type + "\"; the types are "
					+ DeliveryFilter.TYPES);
		}
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.SECONDS);
		UUID operator = null;
		if (this.properties.enabled()) {
			operator = writeRow(type, integrationId, name, data, onceKey, OPERATOR, now);
		}
		// after deletion the consumer secret that would sign it is gone: deleted goes to the operator only
		boolean integration = !WebhookTypes.DELETED.equals(type) && this.callbacks.callbackOf(integrationId).isPresent()
				&& writeRow(type, integrationId, name, data, (onceKey != null) ? INTEGRATION_KEY_PREFIX + onceKey : null,
						INTEGRATION, now) != null;
		return new Written(operator, operator != null || integration);
	}

	private record Written(UUID operatorEventId, boolean any) {
	}

	private UUID writeRow(String type, long integrationId, String name, Map<String, Object> data, String onceKey,
			String target, Instant now) {
		UUID eventId = UUID.randomUUID();
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
		this.store.insert(eventId, type, integrationId, name, payload, target, now, onceKey);
		return eventId;
	}

}
