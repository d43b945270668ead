package dev.keyway.integration;

import java.time.Instant;

/**
 * One recorded POST of credentials to a callback URL (issue 16.5).
 *
 * @param httpStatus the final answer's status, or null when none came
 * @param error the transport, TLS or policy error (at most {@value CredentialsDeliveries#MAX_ERROR}
 * characters), or null
 */
public record CredentialsDelivery(Instant attemptedAt, DeliveryOutcome outcome, Integer httpStatus, String error,
		long durationMillis) {

	/** The outcome's wire name, for templates and JSON. */
	public String outcomeName() {
		return this.outcome.wireName();
	}

}
