/**
 * Signed lifecycle webhooks (issue 17.5): events written to a transactional outbox in the
 * transaction of the change they report, delivered by any node with retries, signed with
 * HMAC-SHA256 ({@code Keyway-Signature}, docs/WEBHOOKS.md), through the outbound module's SSRF
 * policy.
 *
 * <p>Public API: {@link dev.keyway.webhooks.WebhookOutbox} (what other modules call to emit an
 * event), {@link dev.keyway.webhooks.WebhookDeliveries} with {@link dev.keyway.webhooks.WebhookDelivery}
 * and {@link dev.keyway.webhooks.DeliveryFilter} (the admin's list and resend),
 * {@link dev.keyway.webhooks.WebhookTypes} and {@link dev.keyway.webhooks.WebhookProperties}.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = { "integration", "audit", "outbound", "webapi", "oauth" })
package dev.keyway.webhooks;
