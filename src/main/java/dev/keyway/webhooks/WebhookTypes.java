package dev.keyway.webhooks;

/** The event types a webhook delivery carries in its {@code type} field (docs/WEBHOOKS.md). */
public final class WebhookTypes {

	public static final String ACTIVATED = "integration.activated";

	public static final String REAUTHORIZED = "integration.reauthorized";

	public static final String DELETED = "integration.deleted";

	public static final String EXPIRING = "integration.expiring";

	public static final String EXPIRED = "integration.expired";

	/** Produced by overlap rotation (issue 17.4) when the previous access token stops working. */
	public static final String ROTATION_GRACE_ENDED = "integration.rotation_grace_ended";

	/** Produced by rate limits (issue 17.2), at most once per period. */
	public static final String RATE_LIMITED = "integration.rate_limited";

	private WebhookTypes() {
	}

}
