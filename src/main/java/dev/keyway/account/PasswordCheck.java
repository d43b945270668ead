package dev.keyway.account;

/** The outcome of re-checking a signed-in admin's password ("Your Password", SPEC 2.3). */
public enum PasswordCheck {

	/** The password is right. */
	OK,

	/** The password is wrong; the failure was counted toward the lock-out and did not lock the account. */
	WRONG,

	/**
	 * The account is locked: either it was before this check (the password was not checked), or this
	 * wrong password's own attempt reached "Maximum Login Failures" and locked it. The admin is signed out.
	 */
	LOCKED

}
