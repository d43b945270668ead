package dev.keyway.admin;

import java.util.Optional;

import jakarta.servlet.http.HttpServletResponse;

import dev.keyway.integration.Integration;
import dev.keyway.integration.IntegrationMessages;
import dev.keyway.integration.IntegrationService;
import dev.keyway.integration.IntegrationStatus;

import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The pages after the Allow click (SPEC 2.4): the direct flow's "Integration Tokens for Extensions"
 * (shown once, on the page the POST redirects to); the popup the Allow click opens and the handshake
 * page that hands it the identity link; and the success callback the third party sends the admin
 * back to.
 */
@AdminUi
@Controller
class AfterAllowController {

	private final IntegrationService integrations;

	private final IntegrationLookup lookup;

	AfterAllowController(IntegrationService integrations, IntegrationLookup lookup) {
		this.integrations = integrations;
		this.lookup = lookup;
	}

	/**
	 * The page after a direct activation (issue 12.9): the four values once, when the POST just before
	 * left this integration's id in the flash (never a value: the flash lives in the session); a later
	 * look (Back, Forward, Reload) says they were shown and how to see them again. Never cached. An id
	 * that names no integration (or is not a number): the grid says so.
	 */
	@GetMapping(AdminPaths.GRID + "/{id}/tokens")
	String tokens(@PathVariable String id, Model model, HttpServletResponse response, RedirectAttributes redirect) {
		Optional<Integration> found = this.lookup.find(id);
		if (found.isEmpty()) {
			return this.lookup.missing(id, redirect);
		}
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
		long integrationId = found.get().id();
		model.addAttribute("integrationId", integrationId);
		if (Long.valueOf(integrationId).equals(model.getAttribute(ActivationController.TOKENS_READY))) {
			model.addAttribute("credentials", this.integrations.issuedCredentials(integrationId).orElse(null));
		}
		return AdminViews.TOKENS;
	}

	/**
	 * The handshake page, right after the Allow's POST (the identity link comes in the flash). A later
	 * look (Back, Reload, an old link) does not show the step again: the grid says where the
	 * integration stands (already active, or still waiting for its third party).
	 */
	@GetMapping(AdminPaths.GRID + "/{id}/handshake")
	String handshake(@PathVariable String id, Model model, RedirectAttributes redirect) {
		Optional<Integration> found = this.lookup.find(id);
		if (found.isEmpty()) {
			return this.lookup.missing(id, redirect);
		}
		Integration integration = found.get();
		if (!(model.getAttribute("identityLink") instanceof String)) {
			if (integration.status() == IntegrationStatus.ACTIVE) {
				Flash.notice(redirect, IntegrationMessages.alreadyActive(integration.name()));
			}
			else if (this.integrations.handshakePending(integration)) {
				Flash.notice(redirect, IntegrationMessages.stillWaiting(integration.name()));
			}
			return AdminPaths.redirect(AdminPaths.GRID);
		}
		model.addAttribute("integrationId", integration.id());
		model.addAttribute("awaiting", IntegrationMessages.AWAITING_THIRD_PARTY);
		return AdminViews.HANDSHAKE;
	}

	/**
	 * The popup that the Allow click opens (a browser lets a click open a window, not a page load):
	 * it waits, on this origin, for the handshake page to hand it the identity link.
	 */
	@GetMapping(AdminPaths.GRID + "/{id}/identity-link")
	String identityLinkPopup(@PathVariable String id, Model model) {
		// no look-up: any id, a number or not, gets the page, which waits for a link (none comes)
		model.addAttribute("integrationId", GuardrailText.bounded(id));
		return AdminViews.IDENTITY_LINK;
	}

	/** The third party sends the admin's popup here when the account linking is done. */
	@GetMapping(AdminPaths.LOGIN_SUCCESS)
	String loginSuccess() {
		return AdminViews.LOGIN_SUCCESS;
	}

}
