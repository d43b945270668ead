package dev.keyway.admin;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import dev.keyway.webhooks.DeliveryFilter;
import dev.keyway.webhooks.WebhookDeliveries;
import dev.keyway.webhooks.WebhookDelivery;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * System › Action Logs › Webhook Deliveries (issue 17.5): the outbox newest first, filterable by
 * status, event type and integration, and Resend (POST → redirect → GET, audited). Shows the
 * target as scheme, host and port only; never the secret.
 */
@AdminUi
@Controller
class WebhookController {

	/** One delivery as the page shows it: times in UTC. */
	record Row(WebhookDelivery delivery, String created, String nextAttempt, String delivered) {
	}

	private final WebhookDeliveries deliveries;

	private final AdminText text;

	WebhookController(WebhookDeliveries deliveries, AdminText text) {
		this.deliveries = deliveries;
		this.text = text;
	}

	@GetMapping(AdminPaths.WEBHOOKS)
	String list(@RequestParam(required = false) String status, @RequestParam(required = false) String type,
			@RequestParam(required = false) String integration, @RequestParam(defaultValue = "1") String page,
			Model model) {
		int current = AuditController.page(page);
		int size = AuditController.PAGE_SIZE;
		// an integration that is not a number is no filter, as unknown statuses and types are
		DeliveryFilter filter = new DeliveryFilter(status, type, AdminParams.idOrNull(integration));
		List<WebhookDelivery> found = this.deliveries.list(filter, size + 1, (current - 1) * size);
		model.addAttribute("rows", found.subList(0, Math.min(size, found.size())).stream().map(WebhookController::row).toList());
		model.addAttribute("hasNext", found.size() > size);
		model.addAttribute("page", current);
		model.addAttribute("filter", filter);
		model.addAttribute("statuses", DeliveryFilter.STATUSES);
		model.addAttribute("types", DeliveryFilter.TYPES);
		model.addAttribute("target", this.deliveries.operatorTarget());
		return AdminViews.WEBHOOKS;
	}

	@PostMapping(AdminPaths.WEBHOOKS + "/{id}/resend")
	String resend(@PathVariable long id, @RequestParam(required = false) String status,
			@RequestParam(required = false) String type, @RequestParam(required = false) Long integration,
			HttpServletRequest request, RedirectAttributes redirect) {
		WebhookDelivery delivery = this.deliveries.find(id).orElse(null);
		if (delivery != null && this.deliveries.resend(id, CurrentAdmin.actor(request))) {
			Flash.success(redirect, this.text.get("webhooks.resent", delivery.eventId().toString(), delivery.type()));
		}
		else {
			Flash.error(redirect, this.text.get("webhooks.missing", Long.toString(id)));
		}
		DeliveryFilter filter = new DeliveryFilter(status, type, integration);
		String back = UriComponentsBuilder.fromPath(AdminPaths.WEBHOOKS)
			.queryParamIfPresent("status", java.util.Optional.ofNullable(filter.status()))
			.queryParamIfPresent("type", java.util.Optional.ofNullable(filter.type()))
			.queryParamIfPresent("integration", java.util.Optional.ofNullable(filter.integrationId()))
			.build()
			.toUriString();
		return AdminPaths.redirect(back);
	}

	private static Row row(WebhookDelivery delivery) {
		return new Row(delivery, AdminTime.FORMAT.format(delivery.createdAt()),
				delivery.pending() ? AdminTime.FORMAT.format(delivery.nextAttemptAt()) : null,
				(delivery.deliveredAt() != null) ? AdminTime.FORMAT.format(delivery.deliveredAt()) : null);
	}

}
