package dev.keyway.oauth;

import java.util.Locale;

/**
 * Why a call was refused (issue 16.1): one of a closed list, so that a refusal can be counted by
 * reason (a bounded metric label) and explained. The wire answer keeps Magento's text; the reason is
 * what Keyway records and shows. Wire names are snake_case ({@link #wireName()}).
 */
public enum RefusalReason {

	/** A request not shaped as OAuth wants it: a repeated or missing parameter, a bad version, a bad token length. */
	MALFORMED_REQUEST,
	/** The signature method is unknown, or disabled (HMAC-SHA1 when the setting forbids it). */
	SIGNATURE_METHOD_DISABLED,
	/** No consumer has the key (or the key has the wrong length). */
	UNKNOWN_CONSUMER,
	/** The consumer's key exchange window is over (token endpoints). */
	CONSUMER_EXPIRED,
	/** The timestamp is outside the window, or not after a nonce store's loss of memory. */
	TIMESTAMP_OUT_OF_WINDOW,
	/** The signature does not match the one Keyway computed. */
	BAD_SIGNATURE,
	/** The nonce was used before by the consumer, or is empty or too long. */
	NONCE_REUSED,
	/** No token has the value, or it belongs to another consumer. */
	UNKNOWN_TOKEN,
	/** The token is a request or verifier token where an access token is needed. */
	TOKEN_NOT_ACCESS,
	/** The access token was revoked. */
	TOKEN_REVOKED,
	/** A token exchange step out of order: wrong token type, token used, verifier mismatch. */
	TOKEN_EXCHANGE_FAILED,
	/** The consumer verified but its integration is not Active: it called as a guest and was refused. */
	INTEGRATION_INACTIVE,
	/** The caller lacks a resource of the route. */
	RESOURCE_NOT_GRANTED,
	/** A Bearer access token while the setting forbids Bearer for integrations: it called as a guest. */
	BEARER_DISABLED,
	/** No credentials on a route that needs them. */
	NO_CREDENTIALS,
	/** Verified credentials from an address outside the integration's IP allow-list (issue 17.1). */
	IP_NOT_ALLOWED,
	/** Verified credentials whose access token's expiry has passed (issue 17.3). */
	TOKEN_EXPIRED,
	/** Verified credentials of an integration over its rate limit (issue 17.2). */
	RATE_LIMITED;

	/**
	 * What a developer should check for a refusal of this reason when no more specific hint is known
	 * (SPEC 5.9): a fixed text, never a value of the request; null for {@link #RATE_LIMITED} only
	 * (SPEC 5.12).
	 */
	public String generalHint() {
		return Hints.general(this);
	}

	/** The snake_case name used in JSON and as the metric label. */
	public String wireName() {
		return name().toLowerCase(Locale.ROOT);
	}

}
