package dev.keyway.webapi;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;

import dev.keyway.account.AdminAccounts;
import dev.keyway.acl.GrantService;
import dev.keyway.integration.IntegrationDirectory;
import dev.keyway.integration.IpAllowList;
import dev.keyway.oauth.BearerAccessTokens;
import dev.keyway.oauth.OAuthProblem;
import dev.keyway.oauth.OAuthRequest;
import dev.keyway.oauth.Parameter;
import dev.keyway.oauth.RefusalFacts;
import dev.keyway.oauth.RefusalReason;
import dev.keyway.oauth.ResourceRequestVerifier;
import dev.keyway.oauth.TokenGenerator;

import org.springframework.stereotype.Component;

/**
 * Finds out who makes a Web API call (SPEC 5.2): an OAuth-signed request authenticates its
 * integration; a Bearer token is an admin token, or an access token when the setting allows it; no
 * usable credentials make a guest. Like Magento, a verified consumer whose integration is not Active
 * calls as a guest. The pipeline's verify step: it answers with a caller or throws, never stores one.
 */
@Component
class CallerResolver {

	private final AdminAccounts admins;

	private final IntegrationDirectory integrations;

	private final GrantService grants;

	private final ResourceRequestVerifier verifier;

	private final BearerAccessTokens bearerAccessTokens;

	private final Clock clock;

	private final RateLimiter rateLimiter;

	CallerResolver(AdminAccounts admins, IntegrationDirectory integrations, GrantService grants,
			ResourceRequestVerifier verifier, BearerAccessTokens bearerAccessTokens, Clock clock,
			RateLimiter rateLimiter) {
		this.clock = clock;
		this.rateLimiter = rateLimiter;
		this.admins = admins;
		this.integrations = integrations;
		this.grants = grants;
		this.verifier = verifier;
		this.bearerAccessTokens = bearerAccessTokens;
	}

	/**
	 * @param query the query's parameters as the pipeline decoded them (they are signed)
	 * @param formBody the raw body when it is form-encoded (it is signed), else null
	 * @throws ApiException when the request carries credentials that are refused
	 */
	Caller resolve(HttpServletRequest request, List<Parameter> query, byte[] formBody) {
		return resolve(request, request.getMethod(), request.getRequestURI(), query, formBody);
	}

	/**
	 * @param method the call's method (the request's own, or the original one a proxy names)
	 * @param rawPath the call's path as sent (signed)
	 */
	Caller resolve(HttpServletRequest request, String method, String rawPath, List<Parameter> query, byte[] formBody) {
		String authorization = request.getHeader("Authorization");
		if (authorization != null) {
			String header = authorization.strip();
			if (header.regionMatches(true, 0, "Bearer ", 0, 7)) {
				return bearer(request, header.substring(7).strip());
			}
		}
		OAuthRequest oauth;
		try {
			oauth = OAuthRequest.of(request, method, rawPath, authorization, query, formBody);
			if (!oauth.hasProtocolParameters()) {
				return Caller.Guest.INSTANCE;
			}
			return integration(request, this.verifier.verify(oauth));
		}
		catch (OAuthProblem problem) {
			throw explained(new ApiException(problem.status(), problem.template(),
					problem.parameters().isEmpty() ? null : problem.parameters())
				.refusedBecause(problem.reason(), problem.facts()));
		}
	}

	/**
	 * A signature failure of a consumer whose Active integration has its debug answer on (issue 16)
	 * explains itself in the 401's body: reason, hint, the base string as stored in the refusal record
	 * (oauth_token's value masked, no signature, no secret) and the method. The integration comes from
	 * the directory's cache: no query on this path; the debug answer ends by the clock.
	 */
	private ApiException explained(ApiException refused) {
		RefusalFacts facts = refused.facts();
		if (refused.status() != 401 || !facts.hasBaseString() || facts.consumerId() == 0) {
			return refused;
		}
		Optional<IntegrationDirectory.ActiveIntegration> active = this.integrations.activeByConsumer(facts.consumerId());
		if (active.isEmpty() || !active.get().explainsRefusalsAt(this.clock.instant())) {
			return refused;
		}
		Map<String, String> fields = new java.util.LinkedHashMap<>();
		fields.put("reason", refused.reason().wireName());
		// the refusal record's hint: the known mistake, else what to compare (SPEC 5.9)
		String hint = (facts.hint() != null) ? facts.hint() : refused.reason().generalHint();
		if (hint != null) {
			fields.put("hint", hint);
		}
		fields.put("base_string", facts.baseString());
		if (facts.signatureMethod() != null) {
			fields.put("signature_method", facts.signatureMethod());
		}
		return refused.explainedBy(fields);
	}

	private Caller bearer(HttpServletRequest request, String token) {
		if (!TokenGenerator.isWellFormed(token)) {
			// admin and access tokens are all made by TokenGenerator: anything else is unknown, no query
			return Caller.Guest.INSTANCE;
		}
		// Issue 14.2: the two in-memory answers first, so that a cached access token never pays the admin
		// look-up's keyed hashing and miss cache, and a cached admin token never the access token's.
		Optional<Long> cachedConsumer = this.bearerAccessTokens.cachedConsumerOf(token);
		if (cachedConsumer.isPresent()) {
			return integration(request, cachedConsumer.get());
		}
		Optional<Caller> admin = this.admins.findByToken(token)
			.map((user) -> new Caller.Admin(user.id(), user.username()));
		if (admin.isPresent()) {
			return admin.get();
		}
		Optional<Long> consumer = this.bearerAccessTokens.consumerOf(token);
		if (consumer.isEmpty()) {
			// not refused here (a guest may read guest routes), but explained if the route refuses it; an
			// integration's own access token sent while the setting is off is explained to that
			// integration's health (SPEC 5.9), the call staying a guest's
			if (this.bearerAccessTokens.enabled()) {
				return new Caller.Guest(RefusalReason.UNKNOWN_TOKEN, 0);
			}
			return new Caller.Guest(RefusalReason.BEARER_DISABLED, () -> this.bearerAccessTokens.ownerOf(token).orElse(0L));
		}
		return integration(request, consumer.get());
	}

	/**
	 * The Active integration behind verified credentials (OAuth-signed or Bearer), within its
	 * guardrails (issue 17): checked only now, after the signature, so that nobody learns which keys
	 * exist by calling from elsewhere.
	 */
	private Caller integration(HttpServletRequest request, long consumerId) {
		Optional<IntegrationDirectory.ActiveIntegration> found = this.integrations.activeByConsumer(consumerId);
		if (found.isEmpty()) {
			return new Caller.Guest(RefusalReason.INTEGRATION_INACTIVE, consumerId);
		}
		IntegrationDirectory.ActiveIntegration active = found.get();
		Caller.Integration caller = new Caller.Integration(active.id(), active.name(), this.grants.grantOf(active.id()));
		// verified: a guardrail's refusal below is this integration's call in keyway.requests, not an anonymous one
		// (the docs keep "anonymous" for refusals before a caller was known; an operator's trial)
		request.setAttribute(CallMetrics.CALLER, caller);
		String address = request.getRemoteAddr();
		if (!active.ipAllowList().allows(address)) {
			throw new ApiException(401, IP_NOT_ALLOWED, Map.of("address", IpAllowList.shown(address)))
				.refusedBecause(RefusalReason.IP_NOT_ALLOWED, RefusalFacts.NONE.withConsumer(consumerId)
					.withHint("The integration's IP allow-list is " + active.ipAllowList() + "."));
		}
		if (active.expiredAt(this.clock.instant())) {
			throw new ApiException(401, TOKEN_EXPIRED, Map.of("expires_at", active.accessExpiresAt().toString()))
				.refusedBecause(RefusalReason.TOKEN_EXPIRED, RefusalFacts.NONE.withConsumer(consumerId));
		}
		RateLimiter.Limited limited = this.rateLimiter.spend(active.id(), active.name(), active.rateLimit());
		if (limited != null) {
			throw RateLimitHeaders.refusal(limited)
				.refusedBecause(RefusalReason.RATE_LIMITED, RefusalFacts.NONE.withConsumer(consumerId));
		}
		return caller;
	}

	/** The refusal of a verified call from outside the allow-list (SPEC 5.10). */
	static final String IP_NOT_ALLOWED = "The consumer isn't allowed to call from %address.";

	/** The refusal of a verified call with an expired access token (SPEC 5.11). */
	static final String TOKEN_EXPIRED = "The access token expired at %expires_at; reauthorize the integration.";

}
