package dev.keyway.webhooks;

import java.util.List;

/**
 * What the admin's list of deliveries is narrowed to; null fields do not filter. Unknown statuses
 * and types are dropped (they would match nothing), so a hand-edited URL gets the whole list.
 */
public record DeliveryFilter(String status, String type, Long integrationId) {

	public static final List<String> STATUSES = List.of("pending", "delivered", "failed");

	public static final List<String> TYPES = List.of(WebhookTypes.ACTIVATED, WebhookTypes.REAUTHORIZED,
			WebhookTypes.DELETED, WebhookTypes.EXPIRING, WebhookTypes.EXPIRED, WebhookTypes.ROTATION_GRACE_ENDED,
			WebhookTypes.RATE_LIMITED);

	public DeliveryFilter {
		status = (status != null && STATUSES.contains(status)) ? status : null;
		type = (type != null && TYPES.contains(type)) ? type : null;
	}

}
