package dev.keyway.admin;

import jakarta.servlet.http.HttpServletRequest;

import dev.keyway.integration.Activation;
import dev.keyway.integration.IntegrationException;
import dev.keyway.integration.IntegrationService;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Resend credentials (issue 16.5): POSTs the credentials of an integration whose handshake is pending
 * to its callback URL again, then redirects to its Edit page, where the Credentials deliveries
 * section shows the attempt. The integration service audits it.
 */
@AdminUi
@Controller
class CredentialsDeliveryController {

	private final IntegrationService integrations;

	private final AdminText text;

	CredentialsDeliveryController(IntegrationService integrations, AdminText text) {
		this.integrations = integrations;
		this.text = text;
	}

	@PostMapping(AdminPaths.GRID + "/{id}/resend-credentials")
	String resend(@PathVariable long id, HttpServletRequest request, RedirectAttributes redirect) {
		if (this.integrations.find(id).isEmpty()) {
			Flash.error(redirect, this.text.get("integration.missing", Long.toString(id)));
			return AdminPaths.redirect(AdminPaths.GRID);
		}
		try {
			Activation sent = this.integrations.resendCredentials(id, CurrentAdmin.actor(request));
			Flash.success(redirect, sent.message());
		}
		catch (IntegrationException ex) {
			Flash.error(redirect, ex.getMessage());
		}
		return AdminPaths.redirect(AdminPaths.edit(id) + "#deliveries");
	}

}
