package dev.keyway.admin;

import java.time.Instant;

import jakarta.servlet.http.HttpServletRequest;

import dev.keyway.integration.DebugAnswers;
import dev.keyway.integration.IntegrationException;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The Edit page's debug answer buttons (issue 16): on for one hour, or off; POST → redirect → GET,
 * audited by the lifecycle ({@link DebugAnswers#AUDIT_ACTION}).
 */
@AdminUi
@Controller
class DebugAnswerController {

	private final DebugAnswers debugAnswers;

	private final AdminText text;

	DebugAnswerController(DebugAnswers debugAnswers, AdminText text) {
		this.debugAnswers = debugAnswers;
		this.text = text;
	}

	@PostMapping(AdminPaths.GRID + "/{id}/debug-answer")
	String switchOn(@PathVariable long id, HttpServletRequest request, RedirectAttributes redirect) {
		try {
			Instant until = this.debugAnswers.switchOn(id, DebugAnswers.MAX.toMinutes(), CurrentAdmin.actor(request));
			Flash.success(redirect, this.text.get("explainer.debugAnswer.switchedOn", until.toString()));
		}
		catch (IntegrationException ex) {
			Flash.error(redirect, ex.getMessage());
		}
		return AdminPaths.redirect(AdminPaths.edit(id) + "#debug-answer");
	}

	@PostMapping(AdminPaths.GRID + "/{id}/debug-answer/off")
	String switchOff(@PathVariable long id, HttpServletRequest request, RedirectAttributes redirect) {
		try {
			this.debugAnswers.switchOff(id, CurrentAdmin.actor(request));
			Flash.success(redirect, this.text.get("explainer.debugAnswer.switchedOff"));
		}
		catch (IntegrationException ex) {
			Flash.error(redirect, ex.getMessage());
		}
		return AdminPaths.redirect(AdminPaths.edit(id) + "#debug-answer");
	}

}
