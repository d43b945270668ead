package dev.keyway.admin;

import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;

import dev.keyway.integration.Integration;
import dev.keyway.integration.IntegrationException;
import dev.keyway.integration.IntegrationMessages;
import dev.keyway.integration.IntegrationService;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Delete (SPEC 2.6): POST only, after the confirmation; the grid asks in a dialog, and this page
 * asks the same when scripts are off.
 */
@AdminUi
@Controller
class IntegrationDeleteController {

	private final IntegrationService integrations;

	private final AdminText text;

	private final IntegrationLookup lookup;

	IntegrationDeleteController(IntegrationService integrations, AdminText text, IntegrationLookup lookup) {
		this.integrations = integrations;
		this.text = text;
		this.lookup = lookup;
	}

	@GetMapping(AdminPaths.GRID + "/{id}/delete")
	String confirm(@PathVariable String id, Model model, RedirectAttributes redirect) {
		Optional<Integration> integration = this.lookup.find(id);
		if (integration.isEmpty()) {
			return this.lookup.missing(id, redirect);
		}
		model.addAttribute("integration", integration.get());
		return AdminViews.DELETE;
	}

	@PostMapping(AdminPaths.GRID + "/{id}/delete")
	String delete(@PathVariable long id, HttpServletRequest request, RedirectAttributes redirect) {
		try {
			Integration deleted = this.integrations.delete(id, CurrentAdmin.actor(request));
			Flash.success(redirect, IntegrationMessages.deleted(deleted.name()));
		}
		catch (IntegrationException ex) {
			Flash.error(redirect, ex.getMessage());
		}
		return AdminPaths.redirect(AdminPaths.GRID);
	}

}
