package dev.keyway.admin;

import java.util.List;

import dev.keyway.integration.CredentialsDeliveries;
import dev.keyway.integration.IntegrationService;

import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * Adds the Credentials deliveries section's data to the Edit page of an integration (issue 16.5):
 * its recorded POSTs and whether Resend credentials applies. An advice, so the form's controller
 * stays as it was; the page of a new integration gets nothing.
 */
@AdminUi
@ControllerAdvice(assignableTypes = IntegrationFormController.class)
class CredentialsDeliveryModel {

	private final IntegrationService integrations;

	private final CredentialsDeliveries deliveries;

	private final IntegrationLookup lookup;

	CredentialsDeliveryModel(IntegrationService integrations, CredentialsDeliveries deliveries, IntegrationLookup lookup) {
		this.integrations = integrations;
		this.deliveries = deliveries;
		this.lookup = lookup;
	}

	@ModelAttribute
	void deliveries(@PathVariable(name = "id", required = false) String id, Model model) {
		// text, read here: an id that is not a number is the handler's to answer
		this.lookup.find(id).ifPresent((integration) -> {
			model.addAttribute("deliveries", this.deliveries.recent(integration.id()));
			model.addAttribute("deliveriesIntegrationId", integration.id());
			model.addAttribute("handshakePending", this.integrations.handshakePending(integration));
		});
	}

}
