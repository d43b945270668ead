package dev.keyway.account;

/**
 * Wrong user name or password, a locked account, or too many attempts from the caller's address. The
 * message is the same for all of them (Magento's, which Magento also answers when it throttles admin
 * token requests), so a caller cannot tell which user names exist; {@link #locked()} and
 * {@link #throttled()} tell code that needs to know.
 */
public class SignInFailedException extends RuntimeException {

	/** Magento's text for every failed admin sign-in. */
	public static final String MESSAGE = "The account sign-in was incorrect or your account is disabled temporarily. "
			+ "Please wait and try again later.";

	/** Why the sign-in failed. */
	enum Reason {

		/** Unknown user name, missing or wrong password. */
		WRONG,

		/** The account is locked (Maximum Login Failures reached); the password was not checked. */
		LOCKED,

		/** The source address made too many attempts ({@link SignInLimitProperties}); nothing was checked. */
		THROTTLED

	}

	private final Reason reason;

	SignInFailedException(Reason reason) {
		super(MESSAGE);
		this.reason = reason;
	}

	public boolean locked() {
		return this.reason == Reason.LOCKED;
	}

	public boolean throttled() {
		return this.reason == Reason.THROTTLED;
	}

}
