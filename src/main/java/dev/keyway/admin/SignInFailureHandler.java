package dev.keyway.admin;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.keyway.account.SignInThrottledException;

import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.web.servlet.FlashMap;
import org.springframework.web.servlet.FlashMapManager;
import org.springframework.web.servlet.support.SessionFlashMapManager;

/**
 * After a failed sign-in: back to the form with ONE message for a wrong password, an unknown user
 * name and a locked account (telling them apart would tell which user names exist), or the throttle's
 * own message (it is about the caller's address, not an account). The user name typed is kept for
 * the next try as a flash attribute (in the session, never in the URL); the password is not.
 */
final class SignInFailureHandler implements AuthenticationFailureHandler {

	/** The longest user name kept for the next try (longer ones are no one's user name). */
	static final int MAX_KEPT_USERNAME = 255;

	private final FlashMapManager flash = new SessionFlashMapManager();

	@Override
	public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException exception) throws IOException {
		String username = request.getParameter("username");
		if (username != null && !username.isEmpty()) {
			FlashMap kept = new FlashMap();
			kept.put("username", username.length() > MAX_KEPT_USERNAME ? username.substring(0, MAX_KEPT_USERNAME) : username);
			kept.setTargetRequestPath(request.getContextPath() + AdminPaths.LOGIN);
			this.flash.saveOutputFlashMap(kept, request, response);
		}
		String query = (exception instanceof SignInThrottledException) ? "?throttled" : "?error";
		response.sendRedirect(request.getContextPath() + AdminPaths.LOGIN + query);
	}

}
