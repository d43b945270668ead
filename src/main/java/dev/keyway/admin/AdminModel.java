package dev.keyway.admin;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

import dev.keyway.account.AdminUser;

/** What every admin page shows: the signed-in admin's name. */
@ControllerAdvice(basePackageClasses = AdminModel.class)
class AdminModel {

	@ModelAttribute("adminName")
	String adminName() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		return (authentication != null && authentication.getPrincipal() instanceof AdminUser user) ? user.username() : "";
	}

}
