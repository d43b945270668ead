package dev.keyway.account;

/**
 * Wrong user name or password, or a locked account. The message is the same for all of them
 * (Magento's), so a caller cannot tell which user names exist; {@link #locked()} tells code that
 * needs to know.
 */
public class SignInFailedException extends RuntimeException {

	/** Magento's text for every failed admin sign-in. */
	public static final String MESSAGE = "The account sign-in was incorrect or your account is disabled temporarily. "
			+ "Please wait and try again later.";

	private final boolean locked;

	SignInFailedException(boolean locked) {
		super(MESSAGE);
		this.locked = locked;
	}

	public boolean locked() {
		return this.locked;
	}

}
