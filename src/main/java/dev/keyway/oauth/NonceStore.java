package dev.keyway.oauth;

/**
 * Remembers used nonces (RFC 5849 section 3.3) until their timestamp leaves the accepted window,
 * so that a request can be accepted once only.
 */
interface NonceStore {

	/**
	 * Records the nonce of a correctly signed request.
	 * @param expiresAtEpochSecond when the request's timestamp leaves the window
	 * @return true when the nonce was unused, false when it is a replay
	 */
	boolean claim(long consumerId, String nonce, long expiresAtEpochSecond);

	/**
	 * Records the nonce of a correctly signed request whose {@code oauth_timestamp} is known (the
	 * verifier's call); a store that treats timestamps ahead of its clock apart
	 * ({@link DurableMemoryNonceStore}) overrides it.
	 * @param timestampEpochSecond the request's {@code oauth_timestamp}
	 * @param expiresAtEpochSecond when the request's timestamp leaves the window
	 * @return true when the nonce was unused, false when it is a replay
	 */
	default boolean claim(long consumerId, String nonce, long timestampEpochSecond, long expiresAtEpochSecond) {
		return claim(consumerId, nonce, expiresAtEpochSecond);
	}

	/**
	 * The epoch second up to which this store may have forgotten nonces (issue 11.3): a request
	 * whose {@code oauth_timestamp} is not after it is refused, because its nonce may have been
	 * used before the store lost its memory. {@link Long#MIN_VALUE} when the store forgot nothing.
	 */
	default long forgottenUntil() {
		return Long.MIN_VALUE;
	}

	/**
	 * Whether a request's nonce may have been used and forgotten already: its timestamp is not after
	 * {@link #forgottenUntil()}, or a store at its memory ceiling dropped nonces expiring as late as
	 * this one's before their time (issue 14.3). Such a request is refused as out of the window.
	 * @param timestampEpochSecond the request's {@code oauth_timestamp}
	 * @param expiresAtEpochSecond when its nonce would expire
	 */
	default boolean forgotten(long timestampEpochSecond, long expiresAtEpochSecond) {
		return timestampEpochSecond <= forgottenUntil();
	}

	/**
	 * Nonces this node holds in memory and still refuses a second use of (issue 16.4's gauge), or -1
	 * when the store keeps none in memory (the per-request store asks the database every time).
	 */
	default long liveNonces() {
		return -1;
	}

	/**
	 * Nonces a store at its memory ceiling dropped before they expired (issue 14.3), 0 for a store
	 * without one.
	 */
	default long droppedEarly() {
		return 0;
	}

}
