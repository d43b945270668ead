package dev.keyway.account;

/** The outcome of re-checking a signed-in admin's password ("Your Password", SPEC 2.3). */
public enum PasswordCheck {

	/** The password is right. */
	OK,

	/** The password is wrong; the failure was counted toward the lock-out and did not lock the account. */
	WRONG,

	/**
	 * The account is locked: either it was before this check (the password was not checked), or it is
	 * after this wrong password (its attempt, or a parallel one, reached "Maximum Login Failures"). The
	 * admin is signed out.
	 */
	LOCKED

}
