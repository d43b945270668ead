package dev.keyway.admin;

import java.util.List;
import java.util.Locale;

import dev.keyway.health.IntegrationHealth;
import dev.keyway.integration.DebugAnswers;
import dev.keyway.integration.Integration;
import dev.keyway.integration.IntegrationMessages;
import dev.keyway.integration.IntegrationQuery;
import dev.keyway.integration.IntegrationService;
import dev.keyway.integration.IntegrationStatus;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * System › Extensions › Integrations (SPEC 2.2): the grid with filter by name and status, sort and
 * paging; after a handshake popup closes, says whether the third party completed the exchange.
 */
@AdminUi
@Controller
class IntegrationGridController {

	private final IntegrationService integrations;

	private final IntegrationHealth health;

	private final DebugAnswers debugAnswers;

	private final GuardrailText guardrailText;

	IntegrationGridController(IntegrationService integrations, IntegrationHealth health, DebugAnswers debugAnswers,
			GuardrailText guardrailText) {
		this.debugAnswers = debugAnswers;
		this.guardrailText = guardrailText;
		this.health = health;
		this.integrations = integrations;
	}

	@GetMapping(AdminPaths.GRID)
	String grid(@RequestParam(required = false) String name, @RequestParam(required = false) String status,
			@RequestParam(defaultValue = "name") String sort, @RequestParam(defaultValue = "asc") String dir,
			@RequestParam(required = false) String page, @RequestParam(required = false) String limit,
			@RequestParam(required = false) String handshake, @RequestParam(required = false) String mode, Model model) {
		// not a number: the default; any whole number is clamped (IntegrationQuery) however large
		IntegrationQuery query = new IntegrationQuery(name, parseStatus(status), parseSort(sort),
				"desc".equalsIgnoreCase(dir), AdminParams.clamped(page, 1, Integer.MAX_VALUE, 1),
				AdminParams.clamped(limit, 1, Integer.MAX_VALUE, 20));
		var found = this.integrations.search(query);
		model.addAttribute("page", found);
		model.addAttribute("lastUsed", this.health.lastUsed(found.items().stream().map((row) -> row.id()).toList()));
		// issue 16: calls since creation and debug answers on, for the page's integrations in one query each
		List<Long> ids = found.items().stream().map((row) -> row.id()).toList();
		model.addAttribute("totals", this.health.totals(ids));
		model.addAttribute("debugAnswers", this.debugAnswers.onAmong(ids));
		model.addAttribute("query", query);
		model.addAttribute("expiryHints", this.guardrailText.gridHints(found.items()));
		model.addAttribute("filterName", (name != null) ? name : "");
		model.addAttribute("filterStatus", (query.status() != null) ? Integer.toString(query.status().code()) : "");
		model.addAttribute("statuses", IntegrationStatus.values());
		model.addAttribute("resetNotice", this.integrations.anyReset());
		AdminParams.id(handshake)
			.flatMap(this.integrations::find)
			.ifPresent((integration) -> handshakeOutcome(integration, mode, model));
		return AdminViews.GRID;
	}

	private static void handshakeOutcome(Integration integration, String mode, Model model) {
		if (integration.status() == IntegrationStatus.ACTIVE) {
			model.addAttribute(Flash.SUCCESS, "reauthorize".equals(mode) ? IntegrationMessages.reauthorized(integration.name())
					: IntegrationMessages.activated(integration.name()));
		}
		else {
			model.addAttribute(Flash.NOTICE, IntegrationMessages.stillWaiting(integration.name()));
			// the 3rd party page may still finish (in the popup): the page then asks again
			model.addAttribute("handshakeWaiting", integration.id());
		}
	}

	private static IntegrationStatus parseStatus(String status) {
		if (status == null || status.isBlank()) {
			return null;
		}
		try {
			return IntegrationStatus.ofCode(Integer.parseInt(status.strip()));
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	private static IntegrationQuery.Sort parseSort(String sort) {
		try {
			return IntegrationQuery.Sort.valueOf(sort.toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			return IntegrationQuery.Sort.NAME;
		}
	}

}
