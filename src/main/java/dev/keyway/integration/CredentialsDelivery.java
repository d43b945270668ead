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

	/**
	 * True when the post got no answer in time (Keyway's deadline, or a read that timed out), unlike a connection
	 * refused or a name that does not resolve: the form, verifier included, may have reached the third party all
	 * the same, and Magento's order is Keyway's (the verifier is saved before the post), so the third party may
	 * still exchange it. The admin's list says so (a trial of the handshake). Read from the recorded error, so
	 * that rows recorded before need no migration.
	 */
	public boolean timedOut() {
		return this.outcome == DeliveryOutcome.TRANSPORT_ERROR && this.error != null
				&& (this.error.endsWith(CredentialsPoster.TIMED_OUT) || this.error.startsWith(READ_TIMED_OUT));
	}

	/** How a read that timed out is recorded ({@code ex.toString()}); a connect time-out is another class. */
	private static final String READ_TIMED_OUT = java.net.SocketTimeoutException.class.getName() + ": Read timed out";

	/** The outcome's wire name, for templates and JSON. */
	public String outcomeName() {
		return this.outcome.wireName();
	}

}
