package dev.keyway.integration;

/** The admin-facing messages of the lifecycle (SPEC 2.3 to 2.6), in one place. */
public final class IntegrationMessages {

	public static final String CALLBACK_FAILED = "The attempt to post data to consumer failed due to an unexpected error. "
			+ "Please try again later.";

	public static final String CONFIG_READ_ONLY = "Cannot edit integrations created via config file.";

	public static final String CONFIG_RESET = "One or more integrations have been reset because of a change to their "
			+ "configuration.";

	public static final String AWAITING_THIRD_PARTY = "Please setup or sign in into your 3rd party account to complete "
			+ "setup of this integration.";

	private IntegrationMessages() {
	}

	public static String saved(String name) {
		return "The integration '" + name + "' has been saved.";
	}

	public static String activated(String name) {
		return "The integration '" + name + "' has been activated.";
	}

	public static String reauthorized(String name) {
		return "The integration '" + name + "' has been re-authorized.";
	}

	/** Activate refused: the integration is Active (SPEC 2.4); the admin's Activate dialog says it too. */
	public static String alreadyActive(String name) {
		return "The integration '" + name + "' is already active; reauthorize it to issue new access tokens.";
	}

	/** Reauthorize refused: the integration is Inactive (SPEC 2.5); the admin's Reauthorize dialog says it too. */
	public static String notActive(String name) {
		return "The integration '" + name + "' is not active; activate it instead of reauthorizing it.";
	}

	public static String sentForActivation(String name) {
		return "Integration '" + name + "' has been sent for activation.";
	}

	public static String sentForReauthorization(String name) {
		return "Integration '" + name + "' has been sent for re-authorization.";
	}

	/**
	 * The credentials POST was refused (issue 11.2): before anything was sent, or because the callback
	 * URL redirected to another origin, which Keyway does not follow; {@code reason} says which, with
	 * the URL, the address and the start-up property that would allow it.
	 */
	public static String callbackRefused(String name, String reason) {
		return "The credentials of integration '" + name + "' were not delivered. " + reason;
	}

	public static String deleted(String name) {
		return "The integration '" + name + "' has been deleted.";
	}

	public static String cannotDeleteConfig(String name) {
		return "Uninstall the extension to remove integration '" + name + "'.";
	}

	public static String stillWaiting(String name) {
		return "The integration '" + name + "' is still waiting for the third party to complete the token exchange. "
				+ "Use Activate to send the credentials again.";
	}

	/** The previous access token of a reauthorization was cut off (issue 17.4). */
	public static String previousTokenCutOff(String name) {
		return "The previous access token of integration '" + name + "' no longer works.";
	}

	/** A cut-off with nothing to cut (issue 17.4): the grace ended already, or there was none. */
	public static String noPreviousToken(String name) {
		return "The integration '" + name + "' has no previous access token in a grace period (it ended, was cut off "
				+ "or the last reauthorization kept none).";
	}

	/** Resend credentials (issue 16.5): the POST went out again. */
	public static String credentialsResent(String name) {
		return "The credentials of integration '" + name + "' have been sent again to its callback URL.";
	}

	/** Resend credentials refused: the integration does not wait for its third party. */
	public static String notPending(String name, String status) {
		return "The integration '" + name + "' has no pending handshake (status " + status
				+ "); Resend credentials needs an integration whose credentials were posted and not yet exchanged "
				+ "for an access token.";
	}

}
