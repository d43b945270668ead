package dev.keyway.admin;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

import dev.keyway.account.AdminUser;
import dev.keyway.gateway.GatewayCatalog;

/**
 * What every admin page shows: the signed-in admin's name, and whether the navigation links the
 * gateway's page (only when a gateway file is configured).
 */
@AdminUi
@ControllerAdvice(basePackageClasses = AdminModel.class)
class AdminModel {

	private final GatewayCatalog gateway;

	AdminModel(GatewayCatalog gateway) {
		this.gateway = gateway;
	}

	@ModelAttribute("gatewayConfigured")
	boolean gatewayConfigured() {
		return this.gateway.configured();
	}

	@ModelAttribute("adminName")
	String adminName() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		return (authentication != null && authentication.getPrincipal() instanceof AdminUser user) ? user.username() : "";
	}

}
