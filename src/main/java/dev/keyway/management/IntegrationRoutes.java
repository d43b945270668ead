package dev.keyway.management;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.JsonNode;

import dev.keyway.health.IntegrationHealth;
import dev.keyway.integration.AccessLifetime;
import dev.keyway.integration.Activation;
import dev.keyway.integration.DebugAnswers;
import dev.keyway.integration.GracePeriod;
import dev.keyway.integration.CredentialsDeliveries;
import dev.keyway.integration.CredentialsDelivery;
import dev.keyway.integration.Integration;
import dev.keyway.integration.IntegrationDraft;
import dev.keyway.integration.IntegrationManagement;
import dev.keyway.integration.IntegrationMessages;
import dev.keyway.integration.IntegrationPage;
import dev.keyway.integration.IntegrationQuery;
import dev.keyway.integration.IntegrationService;
import dev.keyway.integration.IpAllowList;
import dev.keyway.integration.LifecycleCallbacks;
import dev.keyway.integration.Manager;
import dev.keyway.integration.RateLimit;
import dev.keyway.webapi.ApiException;
import dev.keyway.webapi.ApiRequest;
import dev.keyway.webapi.Caller;
import dev.keyway.webapi.JsonFields;
import dev.keyway.webapi.MagentoTime;
import dev.keyway.webapi.Shown;

import org.springframework.stereotype.Component;

/**
 * The management API for automation (infrastructure as code): integrations as JSON with Magento's
 * field names. Errors keep the lifecycle's messages ({@link ManagementErrors}). An admin manages every integration; an
 * integration (holding {@code Keyway_Integration::manage}) only those it created (issue 11.1,
 * {@link IntegrationManagement}).
 */
@Component
class IntegrationRoutes {

	private static final Set<String> WRITABLE = Set.of("name", "email", "endpoint", "identity_link_url",
			"all_resources", "resources", "ip_allowlist", "expires_at", "rate_limit", "lifecycle_webhooks");

	/** What a GET shows and a write ignores, so that a GET result can be sent back as it is. */
	private static final Set<String> READ_ONLY = Set.of("id", "integration_id", "status", "setup_type", "consumer_id",
			"consumer_key", "created_at", "updated_at", "previous_token_valid_until");

	/** An integration as the API shows it: no secret. */
	record IntegrationJson(long id, String name, String email, String endpoint, String identityLinkUrl, int status,
			int setupType, boolean allResources, List<String> resources, long consumerId, String consumerKey,
			String createdAt, String updatedAt, List<String> ipAllowlist, String expiresAt, RateLimitJson rateLimit,
			String previousTokenValidUntil, boolean lifecycleWebhooks) {

		static IntegrationJson of(Integration integration, boolean lifecycleWebhooks) {
			return of(integration, null, lifecycleWebhooks);
		}

		/**
		 * With the end of the previous access token's grace (issue 17.4), null when there is none, and
		 * the opt-in to lifecycle webhooks at the integration's callback (issue 17.5).
		 */
		static IntegrationJson of(Integration integration, Instant previousTokenValidUntil, boolean lifecycleWebhooks) {
			return new IntegrationJson(integration.id(), integration.name(), integration.email(), integration.endpoint(),
					integration.identityLinkUrl(), integration.status().code(), integration.setupType().code(),
					integration.grant().all(), List.copyOf(integration.grant().sortedResources()),
					integration.consumerId(), integration.consumerKey(), MagentoTime.format(integration.createdAt()),
					MagentoTime.format(integration.updatedAt()), integration.ipAllowList().entries(),
					(integration.accessExpiresAt() != null) ? integration.accessExpiresAt().toString() : null,
					RateLimitJson.of(integration.rateLimit()),
					(previousTokenValidUntil != null) ? previousTokenValidUntil.toString() : null, lifecycleWebhooks);
		}

	}

	private final IntegrationService integrations;

	private final IntegrationManagement management;

	private final IntegrationHealth health;

	private final CredentialsDeliveries deliveries;

	private final LifecycleCallbacks callbacks;

	IntegrationRoutes(IntegrationService integrations, IntegrationManagement management, IntegrationHealth health,
			CredentialsDeliveries deliveries, LifecycleCallbacks callbacks) {
		this.integrations = integrations;
		this.management = management;
		this.health = health;
		this.deliveries = deliveries;
		this.callbacks = callbacks;
	}

	Object list(ApiRequest request) {
		int pageSize = positive(request, "searchCriteria[pageSize]", 20, 200);
		int currentPage = positive(request, "searchCriteria[currentPage]", 1, Integer.MAX_VALUE);
		ListFilters filters = ListFilters.of(request.query());
		IntegrationPage page = this.management.search(new IntegrationQuery(filters.name(), filters.status(),
				IntegrationQuery.Sort.ID, false, currentPage, pageSize, filters.exactName()), manager(request));
		Map<Long, Instant> previous = this.management.previousTokensValidUntil(page.items());
		Set<Long> lifecycleWebhooks = this.callbacks.onAmong(page.items().stream().map(Integration::id).toList());
		List<IntegrationJson> items = page.items()
			.stream()
			.map((integration) -> IntegrationJson.of(integration, previous.get(integration.id()),
					lifecycleWebhooks.contains(integration.id())))
			.toList();
		Map<String, Object> criteria = new LinkedHashMap<>();
		criteria.put("filter_groups", filters.groups());
		criteria.put("page_size", pageSize);
		criteria.put("current_page", currentPage);
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("items", items);
		body.put("search_criteria", criteria);
		body.put("total_count", page.total());
		return body;
	}

	Object get(ApiRequest request) {
		long id = request.idVariable("id");
		Integration integration = this.management.get(id, manager(request), request.actor());
		return IntegrationJson.of(integration, this.management.previousTokenValidUntil(id).orElse(null),
				this.callbacks.isOn(id));
	}

	/** Same rights as reading the integration (SPEC 5.9): the read runs first and refuses as it does. */
	Object health(ApiRequest request) {
		long id = request.idVariable("id");
		this.management.get(id, manager(request), request.actor());
		return this.health.of(id);
	}

	/** {@code {"minutes": N}} (1 to 60, default 60): the debug answer's end (issue 16). */
	Object debugAnswerOn(ApiRequest request) {
		long id = request.idVariable("id");
		JsonNode body = request.optionalBody();
		JsonNode json = (body != null) ? JsonFields.unwrap(body, "debug_answer") : null;
		Integer minutes = null;
		if (json != null) {
			JsonFields.checkKnown(json, Set.of("minutes"), Set.of());
			minutes = JsonFields.integer(json, "minutes");
		}
		Instant until = this.management.switchDebugAnswerOn(id,
				(minutes != null) ? minutes : DebugAnswers.MAX.toMinutes(), request.actor(), manager(request));
		return Map.of("debug_answer_until", until.toString());
	}

	Object debugAnswerOff(ApiRequest request) {
		long id = request.idVariable("id");
		this.management.switchDebugAnswerOff(id, request.actor(), manager(request));
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("debug_answer_until", null);
		return body;
	}

	/** The recorded credentials POSTs (SPEC 5.13), newest first; same rights as reading the integration. */
	Object credentialsDeliveries(ApiRequest request) {
		long id = request.idVariable("id");
		this.management.get(id, manager(request), request.actor());
		List<Map<String, Object>> items = new ArrayList<>();
		for (CredentialsDelivery delivery : this.deliveries.recent(id)) {
			Map<String, Object> item = new LinkedHashMap<>();
			item.put("time", delivery.attemptedAt().toString());
			item.put("outcome", delivery.outcomeName());
			item.put("http_status", delivery.httpStatus());
			item.put("error", delivery.error());
			item.put("duration_ms", delivery.durationMillis());
			// the form may have reached the third party all the same (the Edit page says so too)
			item.put("timed_out", delivery.timedOut());
			items.add(item);
		}
		return Map.of("items", items);
	}

	Object create(ApiRequest request) {
		JsonNode json = JsonFields.unwrap(request.body(), "integration");
		JsonFields.checkKnown(json, WRITABLE, READ_ONLY);
		IntegrationDraft draft = new IntegrationDraft(JsonFields.text(json, "name"), JsonFields.text(json, "email"),
				JsonFields.text(json, "endpoint"), JsonFields.text(json, "identity_link_url"),
				JsonFields.bool(json, "all_resources", false), JsonFields.strings(json, "resources"));
		// read before anything is saved: a bad entry is a 400 and no integration
		IpAllowList allowList = IpAllowList.of(JsonFields.strings(json, "ip_allowlist"));
		Instant expiresAt = instant(json, "expires_at");
		RateLimit rateLimit = RateLimitJson.read(json);
		boolean lifecycleWebhooks = JsonFields.bool(json, "lifecycle_webhooks", false);
		Integration created = this.management.create(draft, request.actor(), manager(request));
		if (!allowList.isAnywhere() || expiresAt != null || rateLimit != null) {
			created = this.management.setGuardrails(created.id(), allowList, expiresAt, rateLimit, request.actor(),
					manager(request));
		}
		this.callbacks.set(created.id(), lifecycleWebhooks, request.actor());
		return IntegrationJson.of(created, lifecycleWebhooks);
	}

	/** Fields left out keep their values; {@code resources} alone implies Custom. */
	Object update(ApiRequest request) {
		long id = request.idVariable("id");
		JsonNode json = JsonFields.unwrap(request.body(), "integration");
		JsonFields.checkKnown(json, WRITABLE, READ_ONLY);
		Integration current = this.management.beforeUpdate(id, manager(request), request.actor());
		boolean all = JsonFields.has(json, "all_resources") ? JsonFields.bool(json, "all_resources", false)
				: (!JsonFields.has(json, "resources") && current.grant().all());
		List<String> resources = JsonFields.has(json, "resources") ? JsonFields.strings(json, "resources")
				: List.copyOf(current.grant().sortedResources());
		IntegrationDraft draft = new IntegrationDraft(
				JsonFields.has(json, "name") ? JsonFields.text(json, "name") : current.name(),
				JsonFields.has(json, "email") ? JsonFields.text(json, "email") : current.email(),
				JsonFields.has(json, "endpoint") ? JsonFields.text(json, "endpoint") : current.endpoint(),
				JsonFields.has(json, "identity_link_url") ? JsonFields.text(json, "identity_link_url")
						: current.identityLinkUrl(),
				all, resources);
		IpAllowList allowList = JsonFields.has(json, "ip_allowlist") ? IpAllowList.of(JsonFields.strings(json, "ip_allowlist"))
				: current.ipAllowList();
		Instant expiresAt = JsonFields.has(json, "expires_at") ? instant(json, "expires_at") : current.accessExpiresAt();
		RateLimit rateLimit = JsonFields.has(json, "rate_limit") ? RateLimitJson.read(json) : current.rateLimit();
		Boolean lifecycleWebhooks = JsonFields.has(json, "lifecycle_webhooks")
				? JsonFields.bool(json, "lifecycle_webhooks", false) : null;
		this.management.update(id, draft, request.actor(), manager(request));
		Integration updated = this.management.setGuardrails(id, allowList, expiresAt, rateLimit, request.actor(),
				manager(request));
		if (lifecycleWebhooks != null) {
			this.callbacks.set(id, lifecycleWebhooks, request.actor());
		}
		return IntegrationJson.of(updated, this.management.previousTokenValidUntil(id).orElse(null),
				this.callbacks.isOn(id));
	}

	Object delete(ApiRequest request) {
		long id = request.idVariable("id");
		Integration deleted = this.management.delete(id, request.actor(), manager(request));
		return Map.of("message", IntegrationMessages.deleted(deleted.name()));
	}

	/** Optionally {@code {"access_lifetime_seconds":N}} or {@code {"expires_at":...}} (issue 17.3). */
	Object activate(ApiRequest request) {
		long id = request.idVariable("id");
		JsonNode body = request.optionalBody();
		JsonNode json = (body != null) ? JsonFields.unwrap(body, "activation") : null;
		if (json == null || json.isEmpty()) {
			return activation(this.management.activate(id, request.actor(), manager(request)));
		}
		JsonFields.checkKnown(json, Set.of("expires_at", "access_lifetime_seconds"), Set.of());
		return activation(this.management.activate(id, expiry(json), request.actor(), manager(request)));
	}

	/**
	 * Optionally {@code {"expires_at":...}} or {@code {"access_lifetime_seconds":N}} (issue 17.3) and
	 * {@code {"grace_period_seconds":N}} (issue 17.4: the old access token stays valid that long).
	 */
	Object reauthorize(ApiRequest request) {
		long id = request.idVariable("id");
		JsonNode body = request.optionalBody();
		JsonNode json = (body != null) ? JsonFields.unwrap(body, "reauthorization") : null;
		if (json != null) {
			JsonFields.checkKnown(json, Set.of("expires_at", "access_lifetime_seconds", "grace_period_seconds"), Set.of());
		}
		// reauthorizing renews: the expiry goes unless the request sets a new one (issue 17.3)
		Instant expiresAt = (json != null) ? expiry(json) : null;
		GracePeriod grace = (json != null && JsonFields.has(json, "grace_period_seconds"))
				? GracePeriod.ofSeconds(whole(json, "grace_period_seconds")) : GracePeriod.NONE;
		return activation(this.management.reauthorize(id, expiresAt, grace, request.actor(), manager(request)));
	}

	/** Ends the grace of the previous access token at once (issue 17.4); same rights as reauthorizing. */
	Object cutOffPreviousToken(ApiRequest request) {
		long id = request.idVariable("id");
		Integration integration = this.management.cutOffPreviousToken(id, request.actor(), manager(request));
		return Map.of("message", IntegrationMessages.previousTokenCutOff(integration.name()));
	}

	/** {@code expires_at} or {@code access_lifetime_seconds} (from now), not both; null when neither. */
	private Instant expiry(JsonNode json) {
		boolean lifetime = JsonFields.has(json, "access_lifetime_seconds");
		if (lifetime && JsonFields.has(json, "expires_at")) {
			throw ApiException.badRequest("\"expires_at\" and \"access_lifetime_seconds\" exclude each other: give one; "
					+ "got both.");
		}
		if (lifetime) {
			return this.integrations.expiryAfter(AccessLifetime.ofSeconds(whole(json, "access_lifetime_seconds")));
		}
		return instant(json, "expires_at");
	}

	/** A whole number field; anything else is refused naming the field and the value. */
	private static long whole(JsonNode json, String name) {
		JsonNode node = json.get(name);
		if (node != null && node.isTextual() && node.asString().strip().matches("\\d{1,18}")) {
			// digits as a JSON string, as "minutes" and the rate limit's numbers are taken (a DevOps trial: "60"
			// was refused here and accepted there)
			return Long.parseLong(node.asString().strip());
		}
		if (node == null || !node.isIntegralNumber() || !node.canConvertToLong()) {
			// the JSON as sent: a string keeps its one pair of quotes (it was shown as ""60"")
			throw ApiException.badRequest("\"" + name + "\" must be a whole number of seconds; got "
					+ ((node != null) ? dev.keyway.oauth.EchoedValue.cut(node.toString()) : "nothing") + ".");
		}
		return node.asLong();
	}

	private static Map<String, Object> activation(Activation activation) {
		Map<String, Object> body = new LinkedHashMap<>();
		if (activation instanceof Activation.Direct direct) {
			body.put("flow", "direct");
			body.put("consumer_key", direct.credentials().consumerKey());
			body.put("consumer_secret", direct.credentials().consumerSecret());
			body.put("access_token", direct.credentials().accessToken());
			body.put("access_token_secret", direct.credentials().accessTokenSecret());
		}
		else if (activation instanceof Activation.Handshake handshake) {
			body.put("flow", "handshake");
			body.put("identity_link_url", handshake.identityLinkUrl());
		}
		body.put("status", activation.integration().status().code());
		body.put("message", activation.message());
		return body;
	}

	/** Who manages: an admin everything; an integration its own creations, within its grant. */
	private static Manager manager(ApiRequest request) {
		if (request.caller() instanceof Caller.Integration integration) {
			return Manager.integration(integration.id(), integration.grant());
		}
		if (request.caller() instanceof Caller.Admin) {
			return Manager.admin();
		}
		// the route table lets no guest here; refused all the same should a route ever open
		throw ApiException.unauthorized(ManagementRoutes.MANAGE_INTEGRATIONS);
	}

	/**
	 * An ISO-8601 instant ({@code 2027-01-31T00:00:00Z}, an offset allowed), or null when absent or
	 * null; kept to the second (both databases store it alike, and a token's expiry needs no finer).
	 */
	private static Instant instant(JsonNode json, String name) {
		String text = JsonFields.has(json, name) ? JsonFields.text(json, name) : null;
		if (text == null || text.isBlank()) {
			return null;
		}
		try {
			return OffsetDateTime.parse(text.strip()).toInstant().truncatedTo(ChronoUnit.SECONDS);
		}
		catch (DateTimeParseException ex) {
			throw ApiException.badRequest("\"" + name + "\" must be an ISO-8601 date and time with an offset, such as "
					+ "2027-01-31T00:00:00Z; got " + Shown.shown(text) + ".");
		}
	}

	private static int positive(ApiRequest request, String name, int fallback, int max) {
		String value = request.queryValue(name);
		if (value == null) {
			return fallback;
		}
		try {
			int number = Integer.parseInt(value.strip());
			if (number >= 1) {
				return Math.min(number, max);
			}
		}
		catch (NumberFormatException ex) {
			if (value.strip().matches("\\d+")) {
				// a whole number all the same: say what is wrong with it (a DevOps trial read "must be a whole number")
				throw ApiException.badRequest("\"" + name + "\" must be a whole number from 1 to " + Integer.MAX_VALUE
						+ "; got " + Shown.shown(value) + ".");
			}
		}
		throw ApiException.badRequest("\"" + name + "\" must be a whole number of at least 1; got "
				+ Shown.shown(value) + ".");
	}

}
