package dev.keyway.oauth;

/** The shared nonce store (the database) cannot be reached: the request cannot be verified now. */
public class NonceStoreUnavailableException extends RuntimeException {

	NonceStoreUnavailableException(Throwable cause) {
		super("The nonce store is unavailable: " + cause, cause);
	}

}
