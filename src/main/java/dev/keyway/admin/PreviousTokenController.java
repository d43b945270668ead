package dev.keyway.admin;

import jakarta.servlet.http.HttpServletRequest;

import dev.keyway.integration.Integration;
import dev.keyway.integration.IntegrationException;
import dev.keyway.integration.IntegrationMessages;
import dev.keyway.integration.IntegrationService;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * "Cut off the previous token now" on the Edit page (issue 17.4): POST (after the confirmation), then
 * back to the Edit page; the lifecycle audits it and the cut-off is in force on every node.
 */
@AdminUi
@Controller
class PreviousTokenController {

	private final IntegrationService integrations;

	PreviousTokenController(IntegrationService integrations) {
		this.integrations = integrations;
	}

	@PostMapping(AdminPaths.GRID + "/{id}/previous-token/cut-off")
	String cutOff(@PathVariable long id, HttpServletRequest request, RedirectAttributes redirect) {
		try {
			Integration integration = this.integrations.cutOffPreviousToken(id, CurrentAdmin.actor(request));
			Flash.success(redirect, IntegrationMessages.previousTokenCutOff(integration.name()));
		}
		catch (IntegrationException ex) {
			Flash.error(redirect, ex.getMessage());
			if (ex.reason() == IntegrationException.Reason.NOT_FOUND) {
				return AdminPaths.redirect(AdminPaths.GRID);
			}
		}
		return AdminPaths.redirect(AdminPaths.edit(id));
	}

}
