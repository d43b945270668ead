package dev.keyway.account;

/** The outcome of re-checking a signed-in admin's password ("Your Password", SPEC 2.3). */
public enum PasswordCheck {

	/** The password is right. */
	OK,

	/** The password is wrong; the failure was counted toward the lock-out. */
	WRONG,

	/** The account is locked; the password was not checked. */
	LOCKED

}
