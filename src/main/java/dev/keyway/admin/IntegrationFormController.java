package dev.keyway.admin;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.keyway.account.AdminAccounts;
import dev.keyway.account.PasswordCheck;
import dev.keyway.acl.AclTree;
import dev.keyway.audit.Actor;
import dev.keyway.health.IntegrationHealth;
import dev.keyway.integration.DebugAnswers;
import dev.keyway.integration.FieldError;
import dev.keyway.integration.Integration;
import dev.keyway.integration.IntegrationException;
import dev.keyway.integration.IntegrationMessages;
import dev.keyway.integration.IntegrationService;
import dev.keyway.integration.LifecycleCallbacks;
import dev.keyway.integration.IpAllowList;
import dev.keyway.integration.RateLimit;
import dev.keyway.oauth.OAuthCredentials;

import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.authentication.logout.SecurityContextLogoutHandler;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The New / Edit integration page (SPEC 2.3): Integration Info and API tabs, Your Password on
 * every save, Save and Save &amp; Activate, field messages with the values kept, View-only for
 * config integrations, and the Integration Details with secrets revealed only after the password
 * is entered again (SPEC 9).
 */
@AdminUi
@Controller
class IntegrationFormController {

	static final String ACTION_SAVE_AND_ACTIVATE = "saveAndActivate";

	/** The flash attribute naming the integration whose secrets the next Edit page shows, once. */
	static final String SECRETS_READY = "secretsReady";

	/** The flash attribute naming the integration whose Show secrets got a wrong password: its messages, once. */
	static final String REVEAL_REFUSED = "revealRefused";

	/** The model attribute (and form field) with the version of the saved values the Edit page was opened with. */
	static final String EDITED_VERSION = "editedVersion";

	private final IntegrationService integrations;

	private final AdminAccounts accounts;

	private final AclTree tree;

	private final AdminText text;

	private final IntegrationHealth health;

	private final DebugAnswers debugAnswers;

	private final GuardrailText guardrailText;

	private final LifecycleCallbacks callbacks;

	private final IntegrationLookup lookup;

	IntegrationFormController(IntegrationService integrations, AdminAccounts accounts, AclTree tree, AdminText text,
			IntegrationHealth health, DebugAnswers debugAnswers, GuardrailText guardrailText,
			LifecycleCallbacks callbacks, IntegrationLookup lookup) {
		this.lookup = lookup;
		this.callbacks = callbacks;
		this.debugAnswers = debugAnswers;
		this.integrations = integrations;
		this.guardrailText = guardrailText;
		this.health = health;
		this.accounts = accounts;
		this.tree = tree;
		this.text = text;
	}

	@GetMapping(AdminPaths.NEW)
	String newForm(Model model) {
		return form(model, null, IntegrationForm.empty(), Map.of(), null);
	}

	@GetMapping(AdminPaths.GRID + "/{id}/edit")
	String editForm(@PathVariable String id, Model model, RedirectAttributes redirect) {
		Optional<Integration> integration = this.lookup.find(id);
		if (integration.isEmpty()) {
			return this.lookup.missing(id, redirect);
		}
		long integrationId = integration.get().id();
		// right after Show secrets (POST, redirect, this GET): the values being edited and the secrets, once
		IntegrationForm form = (model.getAttribute("form") instanceof IntegrationForm kept) ? kept
				: IntegrationForm.of(integration.get(), this.callbacks.isOn(integrationId));
		OAuthCredentials credentials = null;
		if (Long.valueOf(integrationId).equals(model.getAttribute(SECRETS_READY))) {
			credentials = this.integrations.issuedCredentials(integrationId).orElse(null);
			model.addAttribute("revealed", true);
		}
		// right after a wrong password for Show secrets: its message by the button, the field focused
		Map<String, String> errors = Long.valueOf(integrationId).equals(model.getAttribute(REVEAL_REFUSED))
				? revealRefused(integration.get()) : Map.of();
		return form(model, integration.get(), form, errors, credentials);
	}

	@PostMapping(AdminPaths.GRID)
	String create(IntegrationForm form, @RequestParam(defaultValue = "save") String action, HttpServletRequest request,
			HttpServletResponse response, Model model, RedirectAttributes redirect) {
		return save(null, form, request, response, model, redirect,
				(actor) -> {
					// read before anything is saved: a bad number is a field error and no integration
					RateLimit limit = form.rateLimit();
					return withLifecycleWebhooks(withRateLimit(this.integrations.create(form.draft(), actor), limit, actor),
							form, actor);
				},
				// Activate would be refused (its handshake posts to a Callback URL Keyway does not call): the grid
				// says why; without an Identity link URL Activate calls no URL (the direct flow, SPEC 2.4) and opens
				(created) -> ACTION_SAVE_AND_ACTIVATE.equals(action)
						&& (!created.usesHandshake() || callbackRefusal(created.endpoint()).isEmpty())
								? AdminPaths.activate(created.id()) : AdminPaths.GRID);
	}

	@PostMapping(AdminPaths.GRID + "/{id}")
	String update(@PathVariable long id, IntegrationForm form, @RequestParam(required = false) String editedVersion,
			HttpServletRequest request, HttpServletResponse response, Model model, RedirectAttributes redirect) {
		Optional<Integration> existing = this.integrations.find(id);
		if (existing.isEmpty()) {
			Flash.error(redirect, this.text.get("integration.missing", Long.toString(id)));
			return AdminPaths.redirect(AdminPaths.GRID);
		}
		if (existing.get().readOnly()) {
			Flash.error(redirect, IntegrationMessages.CONFIG_READ_ONLY);
			return AdminPaths.redirect(AdminPaths.edit(id));
		}
		if (editedVersion != null && !editedVersion.equals(savedForm(existing.get()).version())) {
			// saved by someone else since this page was opened: nothing saved, the values typed kept; the
			// page now carries the saved version, so Save again replaces theirs knowingly
			return form(model, existing.get(), form.withoutPassword(),
					Map.of("form", this.text.get("form.changedMeanwhile")), null);
		}
		return save(existing.get(), form, request, response, model, redirect,
				(actor) -> {
					RateLimit limit = form.rateLimit();
					return withLifecycleWebhooks(withRateLimit(this.integrations.update(id, form.draft(), actor), limit, actor),
							form, actor);
				}, (updated) -> AdminPaths.GRID);
	}

	/** Sets the Lifecycle webhooks checkbox's value (issue 17.5); audited only when it changes. */
	private Integration withLifecycleWebhooks(Integration saved, IntegrationForm form, Actor actor) {
		this.callbacks.set(saved.id(), form.lifecycleWebhooks(), actor);
		return saved;
	}

	/** Sets the rate limit of the Rate limit group (issue 17.2) when it differs; the other guardrails kept. */
	private Integration withRateLimit(Integration saved, RateLimit limit, Actor actor) {
		if (Objects.equals(saved.rateLimit(), limit)) {
			return saved;
		}
		return this.integrations.setGuardrails(saved.id(), saved.ipAllowList(), saved.accessExpiresAt(), limit, actor);
	}

	/**
	 * SPEC 2.3's save rules after the read-only check: the admin's password first (a wrong one counts
	 * toward the lock-out and is shown with the field errors; the one that locks the account signs the
	 * admin out), then the lifecycle's rules (values kept).
	 */
	private String save(Integration existing, IntegrationForm form, HttpServletRequest request,
			HttpServletResponse response, Model model, RedirectAttributes redirect, Function<Actor, Integration> lifecycle,
			Function<Integration, String> next) {
		Map<String, String> errors = new LinkedHashMap<>();
		PasswordCheck check = this.accounts.checkPassword(CurrentAdmin.user().id(), form.currentPassword());
		if (check == PasswordCheck.LOCKED) {
			return signOutLocked(request, response);
		}
		if (check == PasswordCheck.WRONG) {
			errors.put("form", this.text.get("password.invalid"));
			errors.put("currentPassword", this.text.get("password.invalid"));
			addAll(errors, this.integrations.check(form.draft()));
			guardrails(form, errors);
			return form(model, existing, form.withoutPassword(), errors, null);
		}
		Guardrails guardrails = guardrails(form, errors);
		if (guardrails == null) {
			// nothing saved: a guardrail that breaks its rule is shown with the other fields' errors
			addAll(errors, this.integrations.check(form.draft()));
			errors.put("form", this.text.get("form.invalid", labels(errors.keySet())));
			return form(model, existing, form.withoutPassword(), errors, null);
		}
		try {
			Actor actor = CurrentAdmin.actor(request);
			Integration saved = lifecycle.apply(actor);
			this.integrations.setGuardrails(saved.id(), guardrails.allowList(), guardrails.expiresAt(), actor);
			Flash.success(redirect, IntegrationMessages.saved(saved.name()));
			String target = next.apply(saved);
			boolean activateAsked = existing == null
					&& ACTION_SAVE_AND_ACTIVATE.equals(request.getParameter("action"));
			String notice = !saved.usesHandshake() ? "form.endpoint.notCalledDirect"
					: activateAsked ? "form.endpoint.notActivated" : "form.endpoint.notCalled";
			// nothing calls the URL when Activate is direct and the lifecycle webhooks are off: nothing to tell
			callbackRefusal(saved.endpoint())
				.filter((refusal) -> saved.usesHandshake() || form.lifecycleWebhooks())
				.ifPresent((refusal) -> Flash.notice(redirect, this.text.get(notice, saved.name(), refusal)));
			return AdminPaths.redirect(target);
		}
		catch (IntegrationException ex) {
			addAll(errors, ex.fieldErrors());
			errors.put("form", (ex.reason() != IntegrationException.Reason.INVALID) ? ex.getMessage()
					: this.text.get("form.invalid", labels(errors.keySet())));
			return form(model, existing, form.withoutPassword(), errors, null);
		}
	}

	/**
	 * Integration Details: the secrets, after the admin entered the password again (audited), on the
	 * Edit page this POST redirects to. On an editable page Show secrets submits the whole form with its
	 * one Your Password field (issue 12.5), so the values being edited are shown again as they were; on
	 * a View-only page it has its own. A wrong password redirects to the Edit page too, with the message
	 * and the values being edited (never the typed password), so a reload does not send it again.
	 */
	@PostMapping(AdminPaths.GRID + "/{id}/reveal")
	String reveal(@PathVariable long id, IntegrationForm submitted, @RequestParam(required = false) String editedVersion,
			HttpServletRequest request, HttpServletResponse response, RedirectAttributes redirect) {
		Optional<Integration> integration = this.integrations.find(id);
		if (integration.isEmpty()) {
			Flash.error(redirect, this.text.get("integration.missing", Long.toString(id)));
			return AdminPaths.redirect(AdminPaths.GRID);
		}
		IntegrationForm shown = (integration.get().readOnly() || submitted.name() == null)
				? IntegrationForm.of(integration.get(), this.callbacks.isOn(id)) : submitted.withoutPassword();
		if (editedVersion != null && !integration.get().readOnly() && submitted.name() != null) {
			// the values being edited come back as they were, and so does the version they were opened with
			redirect.addFlashAttribute(EDITED_VERSION, editedVersion);
		}
		String password = (submitted.currentPassword() != null) ? submitted.currentPassword() : "";
		PasswordCheck check = this.accounts.checkPassword(CurrentAdmin.user().id(), password);
		if (check == PasswordCheck.LOCKED) {
			return signOutLocked(request, response);
		}
		if (check == PasswordCheck.WRONG) {
			// POST, redirect, GET, as below: the flash carries the id and the values being edited, no password
			Flash.error(redirect, this.text.get("password.invalid"));
			redirect.addFlashAttribute(REVEAL_REFUSED, id);
			redirect.addFlashAttribute("form", shown);
			return AdminPaths.redirect(AdminPaths.edit(id));
		}
		this.integrations.revealCredentials(id, CurrentAdmin.actor(request));
		// POST, redirect, GET (a reload neither sends the password again nor reveals twice): the flash
		// carries the id and the values being edited (none secret), never a credential; the Edit page
		// reads the secrets once, as the tokens page after Activate does
		redirect.addFlashAttribute(SECRETS_READY, id);
		redirect.addFlashAttribute("form", shown);
		return AdminPaths.redirect(AdminPaths.edit(id));
	}

	/** A refused Show secrets' field messages: by its button, and on an editable page's one Your Password field. */
	private Map<String, String> revealRefused(Integration integration) {
		Map<String, String> errors = new LinkedHashMap<>();
		errors.put("revealPassword", this.text.get("password.invalid"));
		if (!integration.readOnly()) {
			errors.put("currentPassword", this.text.get("password.invalid"));
		}
		return errors;
	}

	/** The Guardrails group read (issue 17); null, with field errors added, when an input breaks its rule. */
	private Guardrails guardrails(IntegrationForm form, Map<String, String> errors) {
		IpAllowList allowList = null;
		Instant expiresAt = null;
		try {
			allowList = IpAllowList.of(form.ipAllowListLines());
		}
		catch (IntegrationException ex) {
			errors.put("ipAllowList", ex.getMessage());
		}
		try {
			expiresAt = GuardrailText.parseInput(form.accessExpiresAt());
		}
		catch (DateTimeParseException ex) {
			errors.put("accessExpiresAt", this.text.get("guardrails.accessExpiresAt.invalid",
					GuardrailText.bounded(form.accessExpiresAt())));
			return null;
		}
		return (allowList != null) ? new Guardrails(allowList, expiresAt) : null;
	}

	private record Guardrails(IpAllowList allowList, Instant expiresAt) {
	}

	private String form(Model model, Integration integration, IntegrationForm form, Map<String, String> errors,
			OAuthCredentials credentials) {
		model.addAttribute("integration", integration);
		if (integration != null && !model.containsAttribute(EDITED_VERSION)) {
			model.addAttribute(EDITED_VERSION, savedForm(integration).version());
		}
		model.addAttribute("form", form);
		model.addAttribute("errors", errors);
		boolean direct = form.identityLinkUrl() == null || form.identityLinkUrl().isBlank();
		model.addAttribute("endpointWarning", callbackRefusal(form.endpoint())
			.filter((refusal) -> !direct || form.lifecycleWebhooks())
			.map((refusal) -> this.text.get(direct ? "form.endpoint.refusedDirect" : "form.endpoint.refused", refusal))
			.orElse(null));
		// the same rule while typing, in the page's script (the Save's warning above stays the authority)
		model.addAttribute("callbackBlocks", String.join("|", this.callbacks.nonPublicBlocks()));
		model.addAttribute("callbackAllowed", String.join(" ", this.callbacks.allowedNetworks()));
		model.addAttribute("tree", AclTreeView.of(this.tree.roots(), new HashSet<>(form.resources())));
		model.addAttribute("managementTree",
				AclTreeView.of(List.of(this.tree.management()), new HashSet<>(form.resources())));
		model.addAttribute("credentials", credentials);
		model.addAttribute("readOnly", integration != null && integration.readOnly());
		model.addAttribute("health", (integration != null) ? this.health.summary(integration.id()) : null);
		// issue 16: until when the integration's 401s explain themselves (null: off)
		model.addAttribute("debugAnswerUntil",
				(integration != null) ? this.debugAnswers.until(integration.id()).orElse(null) : null);
		model.addAttribute("previousToken", (integration != null) ? this.integrations.previousTokenValidUntil(integration.id())
			.map(this.guardrailText::previousToken)
			.orElse(null) : null);
		return AdminViews.FORM;
	}

	/**
	 * Why Keyway would refuse to call this Callback URL (SPEC 2.11), judged at Save without DNS: for a host
	 * written as an IP address or {@code localhost} outside the operator's allowed networks. Saved all the
	 * same, with a warning: the operator may allow the network later, and the management API and the
	 * integrations file store such a URL too.
	 */
	private Optional<String> callbackRefusal(String endpoint) {
		return this.callbacks.refusalWithoutDns(endpoint);
	}

	/** The form as the saved integration fills it. */
	private IntegrationForm savedForm(Integration integration) {
		return IntegrationForm.of(integration, this.callbacks.isOn(integration.id()));
	}

	private static void addAll(Map<String, String> errors, List<FieldError> fieldErrors) {
		for (FieldError error : fieldErrors) {
			errors.merge(field(error.field()), error.message(), (a, b) -> a + " " + b);
		}
	}

	/** The labels of the fields in error, in form order, for the banner above the form. */
	private String labels(Collection<String> fields) {
		return String.join(", ", fields.stream()
			.filter((field) -> !"form".equals(field))
			.map((field) -> this.text.getOrNull("form." + field))
			.filter(Objects::nonNull)
			.toList());
	}

	/** The lifecycle's field names as the form's. */
	private static String field(String name) {
		return switch (name) {
			case "identity_link_url" -> "identityLinkUrl";
			case "rate_limit" -> "rateLimit";
			case "ip_allowlist" -> "ipAllowList";
			default -> name;
		};
	}

	private String signOutLocked(HttpServletRequest request, HttpServletResponse response) {
		new SecurityContextLogoutHandler().logout(request, response, SecurityContextHolder.getContext().getAuthentication());
		return AdminPaths.redirect(AdminPaths.LOGIN + "?locked");
	}

}
