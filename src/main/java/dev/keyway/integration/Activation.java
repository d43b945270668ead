package dev.keyway.integration;

import dev.keyway.oauth.OAuthCredentials;

/** The outcome of activating or reauthorizing an integration (SPEC 2.4, 2.5). */
public sealed interface Activation {

	Integration integration();

	/** The admin-facing message of the outcome. */
	String message();

	/** Direct flow: the four credentials, to be shown once. */
	record Direct(Integration integration, OAuthCredentials credentials, String message) implements Activation {
	}

	/**
	 * Handshake flow: the credentials were posted to the callback URL; the admin now opens
	 * {@code identityLinkUrl} so the third party completes the exchange.
	 */
	record Handshake(Integration integration, String identityLinkUrl, String message) implements Activation {
	}

}
