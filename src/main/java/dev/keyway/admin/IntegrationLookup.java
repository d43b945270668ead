package dev.keyway.admin;

import java.util.Optional;

import dev.keyway.integration.Integration;
import dev.keyway.integration.IntegrationService;

import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The integration an admin URL's id names, read as text (SPEC 2.10: a hand-edited URL gets a page):
 * an id that is not a number names none, and the answer for none is the grid saying so.
 */
@AdminUi
@Component
class IntegrationLookup {

	private final IntegrationService integrations;

	private final AdminText text;

	IntegrationLookup(IntegrationService integrations, AdminText text) {
		this.integrations = integrations;
		this.text = text;
	}

	Optional<Integration> find(String id) {
		return AdminParams.id(id).flatMap(this.integrations::find);
	}

	/** The grid, which says that no integration has this id (the id shown bounded). */
	String missing(String id, RedirectAttributes redirect) {
		Flash.error(redirect, this.text.get("integration.missing", GuardrailText.bounded(id)));
		return AdminPaths.redirect(AdminPaths.GRID);
	}

}
