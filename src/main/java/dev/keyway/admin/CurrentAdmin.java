package dev.keyway.admin;

import jakarta.servlet.http.HttpServletRequest;

import dev.keyway.account.AdminUser;
import dev.keyway.audit.Actor;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/** The signed-in admin of the current request. */
final class CurrentAdmin {

	private CurrentAdmin() {
	}

	static AdminUser user() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication == null || !(authentication.getPrincipal() instanceof AdminUser user)) {
			throw new IllegalStateException("No admin is signed in");
		}
		return user;
	}

	static Actor actor(HttpServletRequest request) {
		AdminUser user = user();
		return Actor.admin(user.id(), user.username(), request.getRemoteAddr());
	}

}
