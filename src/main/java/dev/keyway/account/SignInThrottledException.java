package dev.keyway.account;

import org.springframework.security.core.AuthenticationException;

/**
 * The form sign-in's failure when the source address made too many attempts
 * ({@link SignInLimitProperties}): no password was checked, so the page says to wait.
 */
public class SignInThrottledException extends AuthenticationException {

	SignInThrottledException(String message) {
		super(message);
	}

}
