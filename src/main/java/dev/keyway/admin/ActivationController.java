package dev.keyway.admin;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

import jakarta.servlet.http.HttpServletRequest;

import dev.keyway.acl.AclTree;
import dev.keyway.audit.Actor;
import dev.keyway.integration.Activation;
import dev.keyway.integration.GracePeriod;
import dev.keyway.integration.Integration;
import dev.keyway.integration.IntegrationException;
import dev.keyway.integration.IntegrationMessages;
import dev.keyway.integration.IntegrationService;
import dev.keyway.integration.IntegrationStatus;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Activate and Reauthorize (SPEC 2.4, 2.5): the permissions dialog with Allow / Reauthorize and its
 * POST; the pages after it are {@link AfterAllowController}'s.
 */
@AdminUi
@Controller
class ActivationController {

	static final String MODE_ACTIVATE = "activate";

	static final String MODE_REAUTHORIZE = "reauthorize";

	/** The flash attribute naming the integration whose tokens the next page shows, once. */
	static final String TOKENS_READY = "tokensReady";

	private final IntegrationService integrations;

	private final AclTree tree;

	private final AdminText text;

	private final Clock clock;

	private final IntegrationLookup lookup;

	ActivationController(IntegrationService integrations, AclTree tree, AdminText text, Clock clock,
			IntegrationLookup lookup) {
		this.lookup = lookup;
		this.clock = clock;
		this.integrations = integrations;
		this.tree = tree;
		this.text = text;
	}

	@GetMapping(AdminPaths.GRID + "/{id}/activate")
	String approveActivation(@PathVariable String id, Model model, RedirectAttributes redirect) {
		return approve(id, MODE_ACTIVATE, model, redirect);
	}

	@GetMapping(AdminPaths.GRID + "/{id}/reauthorize")
	String approveReauthorization(@PathVariable String id, Model model, RedirectAttributes redirect) {
		return approve(id, MODE_REAUTHORIZE, model, redirect);
	}

	@PostMapping(AdminPaths.GRID + "/{id}/activate")
	String activate(@PathVariable long id, HttpServletRequest request, Model model, RedirectAttributes redirect) {
		return run(id, MODE_ACTIVATE, request, model, redirect);
	}

	/**
	 * Reauthorize, with the dialog's guardrail choices for the direct flow (issue 17.3–17.4): how long
	 * the old access token keeps working (a choice, or a number of seconds that overrides it) and when
	 * the new one expires (UTC; empty: never).
	 */
	@PostMapping(AdminPaths.GRID + "/{id}/reauthorize")
	String reauthorize(@PathVariable long id, @RequestParam(required = false) String gracePeriod,
			@RequestParam(required = false) String graceSeconds, @RequestParam(required = false) String accessExpiresAt,
			HttpServletRequest request, Model model, RedirectAttributes redirect) {
		if (gracePeriod == null && graceSeconds == null && accessExpiresAt == null) {
			// the handshake's dialog has no such inputs: the expiry stays as it is
			return run(id, MODE_REAUTHORIZE, request, model, redirect);
		}
		String grace = (graceSeconds != null && !graceSeconds.isBlank()) ? graceSeconds.strip()
				: (gracePeriod != null && !gracePeriod.isBlank()) ? gracePeriod.strip() : "0";
		// a refusal brings the dialog back with what was typed (a store-admin trial lost it to the grid);
		// the typed values go into the flash on a refusal only
		Supplier<String> dialog = () -> {
			redirect.addFlashAttribute("graceChoice", gracePeriod);
			redirect.addFlashAttribute("graceSecondsInput", graceSeconds);
			redirect.addFlashAttribute("expiryInput", accessExpiresAt);
			return AdminPaths.GRID + "/" + id + "/reauthorize";
		};
		GracePeriod period;
		Instant expiresAt;
		try {
			period = GracePeriod.ofSeconds(Long.parseLong(grace));
			expiresAt = GuardrailText.parseInput(accessExpiresAt);
		}
		catch (NumberFormatException ex) {
			Flash.error(redirect, this.text.get("rotation.graceInvalid", GuardrailText.bounded(grace)));
			return AdminPaths.redirect(dialog.get());
		}
		catch (DateTimeParseException ex) {
			Flash.error(redirect, this.text.get("guardrails.accessExpiresAt.invalid", GuardrailText.bounded(accessExpiresAt)));
			return AdminPaths.redirect(dialog.get());
		}
		catch (IntegrationException ex) {
			// out of range: said with the dialog's words, not the API's field name
			Flash.error(redirect, this.text.get("rotation.graceInvalid", GuardrailText.bounded(grace)));
			return AdminPaths.redirect(dialog.get());
		}
		Instant now = this.clock.instant();
		if (expiresAt != null && !expiresAt.isAfter(now)) {
			// the service refuses it too (for the API, with its field name); here with the dialog's label
			Flash.error(redirect, this.text.get("rotation.expiryPast", AdminTime.FORMAT.format(now),
					GuardrailText.bounded(accessExpiresAt)));
			return AdminPaths.redirect(dialog.get());
		}
		return run(id, MODE_REAUTHORIZE, request, redirect,
				(actor) -> this.integrations.reauthorize(id, actor, expiresAt, period), dialog);
	}

	/**
	 * The Activate or Reauthorize dialog; not for a step the integration's status refuses (Back after
	 * the activation, an old link): the grid says why, as the POST's refusal does.
	 */
	private String approve(String id, String mode, Model model, RedirectAttributes redirect) {
		Optional<Integration> found = this.lookup.find(id);
		if (found.isEmpty()) {
			return this.lookup.missing(id, redirect);
		}
		Integration integration = found.get();
		if (MODE_ACTIVATE.equals(mode) && integration.status() == IntegrationStatus.ACTIVE) {
			Flash.error(redirect, IntegrationMessages.alreadyActive(integration.name()));
			return AdminPaths.redirect(AdminPaths.GRID);
		}
		if (MODE_REAUTHORIZE.equals(mode) && integration.status() == IntegrationStatus.INACTIVE) {
			Flash.error(redirect, IntegrationMessages.notActive(integration.name()));
			return AdminPaths.redirect(AdminPaths.GRID);
		}
		model.addAttribute("integration", integration);
		model.addAttribute("mode", mode);
		// the Reauthorize dialog proposes the current expiry while it is still ahead (issue 17.3), or
		// what was typed before a refusal (flash)
		if (!model.containsAttribute("expiryInput")) {
			model.addAttribute("expiryInput", (integration.accessExpiresAt() != null
					&& integration.accessExpiresAt().isAfter(this.clock.instant())) ? GuardrailText.input(integration.accessExpiresAt()) : "");
		}
		model.addAttribute("tree", AclTreeView.of(this.tree.roots(), new HashSet<>(integration.grant().resources())));
		model.addAttribute("managementTree",
				AclTreeView.of(List.of(this.tree.management()), new HashSet<>(integration.grant().resources())));
		return AdminViews.APPROVE;
	}

	/** The transport failure in one bounded line, without control characters (it holds no secret). */
	static String cause(Throwable failure) {
		// in words an admin reads (a trial: "HttpHostConnectException: Connect to … failed"); the class name
		// only for what is not an I/O failure
		String message = failure.getMessage();
		String text;
		if (failure instanceof java.net.UnknownHostException) {
			text = "the host name does not resolve: " + message;
		}
		else if (failure instanceof java.io.InterruptedIOException) {
			text = "no answer in time" + ((message != null) ? ": " + message : "");
		}
		else if (failure instanceof javax.net.ssl.SSLException) {
			text = "the TLS connection failed" + ((message != null) ? ": " + message : "");
		}
		else if (failure instanceof java.io.IOException && message != null) {
			text = message;
		}
		else {
			text = failure.getClass().getSimpleName() + ((message != null) ? ": " + message : "");
		}
		text = text.replaceAll("\\p{Cntrl}", " ").strip();
		return (text.length() <= 200) ? text : text.substring(0, 200) + "…";
	}

	/**
	 * Direct flow: POST, then a redirect to the tokens page (so Back and Forward never resubmit the
	 * activation); the flash carries only the integration's id, never a value, so the four values are
	 * not stored anywhere new (not even in the session, which lives in the database) nor in a URL.
	 */
	private String run(long id, String mode, HttpServletRequest request, Model model, RedirectAttributes redirect) {
		return run(id, mode, request, redirect, (actor) -> MODE_REAUTHORIZE.equals(mode)
				? this.integrations.reauthorize(id, actor) : this.integrations.activate(id, actor), () -> AdminPaths.GRID);
	}

	/** As above; a refusal redirects to {@code refusedTo} (the grid, or the dialog with its input). */
	private String run(long id, String mode, HttpServletRequest request, RedirectAttributes redirect,
			Function<Actor, Activation> lifecycle, Supplier<String> refusedTo) {
		Activation activation;
		try {
			activation = lifecycle.apply(CurrentAdmin.actor(request));
		}
		catch (IntegrationException ex) {
			Flash.error(redirect, ex.getMessage());
			if (IntegrationMessages.CALLBACK_FAILED.equals(ex.getMessage()) && ex.getCause() != null) {
				// Magento's sentence names no cause; the admin reads it here (the API keeps Magento's body)
				Flash.notice(redirect, this.text.get("approve.callbackFailedCause", cause(ex.getCause())));
			}
			// a popup opened by the Allow click waits for a link that will not come: it closes itself
			redirect.addFlashAttribute("handshakeFailed", id);
			return AdminPaths.redirect(refusedTo.get());
		}
		if (activation instanceof Activation.Direct direct) {
			redirect.addFlashAttribute(TOKENS_READY, id);
			Flash.success(redirect, direct.message());
			return AdminPaths.redirect(AdminPaths.tokens(id));
		}
		redirect.addFlashAttribute("integrationName", activation.integration().name());
		redirect.addFlashAttribute("mode", mode);
		Activation.Handshake handshake = (Activation.Handshake) activation;
		redirect.addFlashAttribute("identityLink", handshake.identityLinkUrl());
		Flash.notice(redirect, handshake.message());
		return AdminPaths.redirect(AdminPaths.handshake(id));
	}

}
