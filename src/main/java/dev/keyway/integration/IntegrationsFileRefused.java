package dev.keyway.integration;

/**
 * The integrations file ({@code keyway.integrations-file}, SPEC 2.7) was refused or could not be applied at
 * start-up: the message names the file, the entry and the broken rule, or why the apply could not go on (another
 * node holding the lock too long, a name taken in the admin), and the start-up failure report shows that sentence
 * instead of a stack trace (an operator trial: a lock time-out came as a warning and forty lines of trace).
 * Nothing of the file was applied.
 */
public final class IntegrationsFileRefused extends IllegalStateException {

	private static final long serialVersionUID = 1L;

	IntegrationsFileRefused(String message) {
		super(message);
	}

	IntegrationsFileRefused(String message, Throwable cause) {
		super(message, cause);
	}

}
