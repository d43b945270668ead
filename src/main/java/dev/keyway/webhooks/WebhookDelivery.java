package dev.keyway.webhooks;

import java.time.Instant;
import java.util.UUID;

/**
 * One event for one target, as the admin's list shows it: never the secret, never the URL (the
 * page shows the target's host from the configuration).
 *
 * @param status {@code pending}, {@code delivered} or {@code failed}
 * @param lastStatus the HTTP status of the last attempt, or null (none yet, or no answer)
 * @param lastError why the last attempt failed (bounded), or null
 */
public record WebhookDelivery(long id, UUID eventId, String type, long integrationId, String integrationName,
		String target, String status, Instant createdAt, int attempts, Integer lastStatus, String lastError,
		Instant nextAttemptAt, Instant deliveredAt) {

	public boolean pending() {
		return "pending".equals(this.status);
	}

}
