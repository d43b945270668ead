package dev.keyway.integration;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.keyway.acl.Grant;
import dev.keyway.acl.GrantService;
import dev.keyway.audit.Actor;
import dev.keyway.audit.AuditTrail;
import dev.keyway.oauth.ConsumerService;
import dev.keyway.oauth.ExchangeStart;
import dev.keyway.oauth.NewConsumer;
import dev.keyway.oauth.OAuthCredentials;
import dev.keyway.oauth.TokenType;
import dev.keyway.outbound.OutboundPolicy;
import dev.keyway.outbound.OutboundRefusedException;
import dev.keyway.settings.RuntimeSettings;
import dev.keyway.settings.Setting;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The integration lifecycle (SPEC 2): create, update, activate (direct or handshake), reauthorize,
 * delete. Every rule is checked here, whatever the entry point (admin UI, management API,
 * configuration file); every action is audited in its own transaction. The handshake's HTTP post
 * runs outside any transaction.
 */
@Service
public class IntegrationService {

	/** The admin page the third party sends the browser back to (SPEC 2.4); the admin serves it. */
	public static final String LOGIN_SUCCESS_PATH = "/admin/integrations/login-success";

	private static final Logger log = LoggerFactory.getLogger(IntegrationService.class);

	private final IntegrationStore store;

	private final IntegrationRules rules;

	private final ConsumerService consumers;

	private final GrantService grants;

	private final AuditTrail audit;

	private final CredentialsPoster poster;

	private final RuntimeSettings settings;

	private final IntegrationProperties properties;

	private final ApplicationEventPublisher events;

	private final TransactionTemplate transaction;

	private final Clock clock;

	IntegrationService(IntegrationStore store, IntegrationRules rules, ConsumerService consumers, GrantService grants,
			AuditTrail audit, CredentialsPoster poster, RuntimeSettings settings, IntegrationProperties properties,
			ApplicationEventPublisher events, TransactionTemplate transaction, Clock clock) {
		this.store = store;
		this.rules = rules;
		this.consumers = consumers;
		this.grants = grants;
		this.audit = audit;
		this.poster = poster;
		this.settings = settings;
		this.properties = properties;
		this.events = events;
		this.transaction = transaction;
		this.clock = clock;
	}

	public Integration get(long id) {
		return find(id).orElseThrow(() -> IntegrationException.notFound(id));
	}

	public Optional<Integration> find(long id) {
		return this.store.findById(id).map(this::toIntegration);
	}

	public IntegrationPage search(IntegrationQuery query) {
		return search(query, null);
	}

	/** A page of the integrations {@code creator} created; every integration when it is null. */
	IntegrationPage search(IntegrationQuery query, Long creator) {
		List<Integration> items = this.store.search(query, creator).stream().map(this::toIntegrationForGrid).toList();
		return new IntegrationPage(items, this.store.count(query, creator), query);
	}

	/**
	 * As {@link #search(IntegrationQuery, Long)} with every integration complete (grant and consumer
	 * key), for a list that shows them: the page, its count and the grants not cached are three
	 * queries whatever the page size.
	 */
	IntegrationPage searchComplete(IntegrationQuery query, Long creator) {
		List<IntegrationStore.KeyedRow> rows = this.store.searchWithKeys(query, creator);
		Map<Long, Grant> grants = this.grants.grantsOf(rows.stream().map((keyed) -> keyed.row().id()).toList());
		List<Integration> items = rows.stream().map((keyed) -> {
			IntegrationStore.Row row = keyed.row();
			return new Integration(row.id(), row.name(), row.email(), row.endpoint(), row.identityLinkUrl(), row.status(),
					row.setupType(), grants.get(row.id()), row.consumerId(), keyed.consumerKey(), row.createdAt(),
					row.updatedAt(), row.ipAllowList(), row.accessExpiresAt(), row.rateLimit());
		}).toList();
		return new IntegrationPage(items, this.store.count(query, creator), query);
	}

	/** True when an integration was reset because its declaration changed (the admin shows a notice). */
	public boolean anyReset() {
		return this.store.anyWithStatus(IntegrationStatus.RESET);
	}

	/** Every rule the draft breaks (SPEC 2.1), without saving anything; empty when it is valid. */
	public List<FieldError> check(IntegrationDraft draft) {
		return this.rules.check(this.rules.clean(draft));
	}

	/** Creates an integration (status Inactive, setup type manual) and its consumer. */
	public Integration create(IntegrationDraft draft, Actor actor) {
		return create(draft, actor, Grant.unrestricted());
	}

	/**
	 * Creates an integration for a caller that holds {@code callerGrant}: it cannot grant more than
	 * that (an integration using the management API).
	 */
	public Integration create(IntegrationDraft submitted, Actor actor, Grant callerGrant) {
		return create(submitted, actor, callerGrant, null);
	}

	/** As {@link #create(IntegrationDraft, Actor, Grant)}, recording the integration that creates it. */
	Integration create(IntegrationDraft submitted, Actor actor, Grant callerGrant, Long createdBy) {
		IntegrationDraft draft = validated(submitted);
		Grant grant = this.rules.grantOf(draft);
		checkCeiling(grant, callerGrant);
		return this.transaction.execute((status) -> {
			NewConsumer consumer = this.consumers.register();
			long id = insert(draft, IntegrationStatus.INACTIVE, SetupType.MANUAL, consumer.id(), null, createdBy);
			this.grants.replace(id, grant);
			Integration created = get(id);
			recordCreation(created, actor);
			return created;
		});
	}

	/**
	 * Takes over an integration another system registered (issue 18), with its status and the
	 * consumer already adopted from it: the same rules as {@link #create}, setup type manual, the
	 * grant exactly as given, audited as {@code integration.import}. Joins the caller's transaction,
	 * so a whole import commits or rolls back at once.
	 */
	public Integration adopt(IntegrationDraft submitted, IntegrationStatus status, long consumerId, Actor actor) {
		IntegrationDraft draft = validated(submitted);
		Grant grant = this.rules.grantOf(draft);
		return this.transaction.execute((tx) -> {
			long id = insert(draft, status, SetupType.MANUAL, consumerId, null, null);
			this.grants.replace(id, grant);
			Integration adopted = get(id);
			this.audit.record(actor, "integration.import", AuditTrail.Subject.integration(id, adopted.name()), null,
					IntegrationSnapshot.of(adopted));
			this.events.publishEvent(new IntegrationChanged(id, adopted.consumerId()));
			return adopted;
		});
	}

	/** Updates the fields and grant of a manual integration. */
	public Integration update(long id, IntegrationDraft draft, Actor actor) {
		return update(id, draft, actor, Grant.unrestricted());
	}

	public Integration update(long id, IntegrationDraft submitted, Actor actor, Grant callerGrant) {
		Integration before = get(id);
		if (before.readOnly()) {
			throw new IntegrationException(IntegrationException.Reason.READ_ONLY, IntegrationMessages.CONFIG_READ_ONLY);
		}
		IntegrationDraft draft = validated(submitted);
		Grant grant = this.rules.grantOf(draft);
		if (!grant.equals(before.grant())) {
			checkCeiling(grant, callerGrant);
		}
		if (grant.equals(before.grant()) && java.util.Objects.equals(draft.name(), before.name())
				&& java.util.Objects.equals(draft.email(), before.email())
				&& java.util.Objects.equals(draft.endpoint(), before.endpoint())
				&& java.util.Objects.equals(draft.identityLinkUrl(), before.identityLinkUrl())) {
			// nothing to change: no write, no updated_at, no audit entry (a DevOps trial's reconciler, running
			// every few minutes, filled the audit log with updates whose before was their after)
			return before;
		}
		return this.transaction.execute((status) -> {
			try {
				this.store.update(id, fields(draft), this.clock.instant());
			}
			catch (DataIntegrityViolationException ex) {
				throw translate(ex, draft.name());
			}
			if (!grant.equals(before.grant())) {
				this.grants.replace(id, grant);
			}
			Integration after = get(id);
			this.audit.record(actor, "integration.update", AuditTrail.Subject.integration(id, after.name()),
					IntegrationSnapshot.of(before), IntegrationSnapshot.of(after));
			this.events.publishEvent(new IntegrationChanged(id, after.consumerId()));
			return after;
		});
	}

	/**
	 * Sets the guardrails (issue 17, SPEC 5.10 and 5.11): where the integration may call from and when
	 * its access token stops working (null: never). Takes effect on every node once the change commits.
	 */
	public Integration setGuardrails(long id, IpAllowList ipAllowList, Instant accessExpiresAt, Actor actor) {
		return setGuardrails(id, ipAllowList, accessExpiresAt, get(id).rateLimit(), actor);
	}

	/**
	 * As {@link #setGuardrails(long, IpAllowList, Instant, Actor)}, with the rate limit (issue 17.2,
	 * SPEC 5.12; null: the default of the runtime settings).
	 */
	public Integration setGuardrails(long id, IpAllowList ipAllowList, Instant accessExpiresAt, RateLimit rateLimit,
			Actor actor) {
		Integration before = get(id);
		if (before.ipAllowList().equals(ipAllowList) && java.util.Objects.equals(before.accessExpiresAt(), accessExpiresAt)
				&& java.util.Objects.equals(before.rateLimit(), rateLimit)) {
			return before;
		}
		return this.transaction.execute((status) -> {
			Instant now = this.clock.instant();
			this.store.updateIpAllowList(id, ipAllowList, now);
			this.store.updateAccessExpiry(id, accessExpiresAt, now);
			this.store.updateRateLimit(id, rateLimit, now);
			this.audit.record(actor, "integration.guardrails", AuditTrail.Subject.integration(id, before.name()),
					guardrails(before.ipAllowList(), before.accessExpiresAt(), before.rateLimit()),
					guardrails(ipAllowList, accessExpiresAt, rateLimit));
			this.events.publishEvent(new IntegrationChanged(id, before.consumerId()));
			return get(id);
		});
	}

	private static Map<String, Object> guardrails(IpAllowList list, Instant expiresAt, RateLimit rateLimit) {
		Map<String, Object> state = new LinkedHashMap<>();
		state.put("ip_allowlist", list.entries());
		state.put("expires_at", (expiresAt != null) ? expiresAt.toString() : null);
		state.put("rate_limit", (rateLimit != null) ? Map.of("per_second", rateLimit.perSecond(), "per_minute",
				rateLimit.perMinute(), "burst", rateLimit.burst()) : null);
		return state;
	}

	/**
	 * As {@link #reauthorize(long, Actor)}, the new access token expiring at {@code expiresAt} (null:
	 * never): reauthorizing renews (issue 17.3).
	 */
	public Activation reauthorize(long id, Actor actor, Instant expiresAt) {
		return reauthorize(id, actor, expiresAt, GracePeriod.NONE);
	}

	/**
	 * As {@link #reauthorize(long, Actor, Instant)}, the replaced access token staying valid for
	 * {@code grace} (issue 17.4): both work until it ends, on every node. Only the direct flow can
	 * overlap: a handshake leaves the integration inactive until the third party completes it.
	 */
	public Activation reauthorize(long id, Actor actor, Instant expiresAt, GracePeriod grace) {
		Integration integration = get(id);
		if (!grace.isNone() && integration.status() != IntegrationStatus.INACTIVE && integration.usesHandshake()) {
			throw IntegrationException.invalid(List.of(new FieldError("grace_period_seconds",
					"grace_period_seconds must be 0 for an integration reauthorized by the OAuth handshake (it is inactive "
							+ "until the third party completes the exchange, so the old token cannot overlap): "
							+ grace.seconds())));
		}
		Instant now = this.clock.instant();
		refusePastExpiry(expiresAt, now);
		if (integration.accessExpiresAt() != null && !integration.accessExpiresAt().isAfter(now)) {
			// an expired token is not brought back by a grace (a store-admin trial revived one)
			grace = GracePeriod.NONE;
		}
		// the new expiry is written in the transaction that replaces the token: written before, a
		// reauthorization refused later (its callback) would have left a stopped token working again
		NewExpiry change = (integration.status() != IntegrationStatus.INACTIVE
				&& !java.util.Objects.equals(integration.accessExpiresAt(), expiresAt)) ? new NewExpiry(expiresAt) : null;
		return reauthorize(id, actor, grace, change);
	}

	/** An access token expiry to write with the token it applies to (null value: never). */
	private record NewExpiry(Instant value) {
	}

	private void write(Integration integration, NewExpiry change) {
		if (change != null) {
			this.store.updateAccessExpiry(integration.id(), change.value(), this.clock.instant());
			this.events.publishEvent(new IntegrationChanged(integration.id(), integration.consumerId()));
		}
	}

	/**
	 * A new access token that would be expired when issued is refused (a trial issued one through the
	 * Reauthorize dialog without a word); the Edit page's guardrails may still set a past expiry to stop
	 * the current token at once.
	 */
	private static void refusePastExpiry(Instant expiresAt, Instant now) {
		if (expiresAt != null && !expiresAt.isAfter(now)) {
			throw IntegrationException.invalid(List.of(new FieldError("expires_at",
					"\"expires_at\" of a new access token must be in the future (now: " + now.truncatedTo(ChronoUnit.SECONDS)
							+ "); got \"" + expiresAt + "\"")));
		}
	}

	/** As {@link #activate(long, Actor)}, the access token expiring at {@code expiresAt} (issue 17.3). */
	public Activation activate(long id, Actor actor, Instant expiresAt) {
		Integration integration = get(id);
		refusePastExpiry(expiresAt, this.clock.instant());
		if (integration.status() != IntegrationStatus.ACTIVE
				&& !java.util.Objects.equals(integration.accessExpiresAt(), expiresAt)) {
			this.transaction.executeWithoutResult((status) -> {
				this.store.updateAccessExpiry(id, expiresAt, this.clock.instant());
				this.events.publishEvent(new IntegrationChanged(id, integration.consumerId()));
			});
		}
		return activate(id, actor);
	}

	/** The expiry of an access token issued now with {@code lifetime} (issue 17.3). */
	public Instant expiryAfter(AccessLifetime lifetime) {
		return lifetime.expiryFrom(this.clock.instant());
	}

	/** When the previous access token of a reauthorization stops working; empty when none is valid (issue 17.4). */
	public Optional<Instant> previousTokenValidUntil(long id) {
		return this.consumers.previousTokenValidUntil(get(id).consumerId());
	}

	/** As {@link #previousTokenValidUntil(long)} for the integrations of a list, in one query, by integration id. */
	public Map<Long, Instant> previousTokensValidUntil(List<Integration> integrations) {
		Map<Long, Instant> byConsumer = this.consumers
			.previousTokensValidUntil(integrations.stream().map(Integration::consumerId).toList());
		Map<Long, Instant> byIntegration = new LinkedHashMap<>();
		integrations.stream()
			.filter((integration) -> byConsumer.containsKey(integration.consumerId()))
			.forEach((integration) -> byIntegration.put(integration.id(), byConsumer.get(integration.consumerId())));
		return byIntegration;
	}

	/**
	 * Cuts off the previous access token of a reauthorization at once (issue 17.4): refused on every
	 * node once this commits; audited; {@link RotationGraceEnded} published.
	 * @throws IntegrationException (WRONG_STATUS) when there is no previous token in its grace
	 */
	public Integration cutOffPreviousToken(long id, Actor actor) {
		Integration integration = get(id);
		Optional<Instant> validUntil = this.consumers.previousTokenValidUntil(integration.consumerId());
		boolean removed = Boolean.TRUE.equals(this.transaction.execute((status) -> {
			if (validUntil.isEmpty() || !this.consumers.cutOffPreviousToken(integration.consumerId())) {
				return false;
			}
			Instant now = this.clock.instant();
			this.audit.record(actor, "integration.previous_token_cut_off",
					AuditTrail.Subject.integration(id, integration.name()),
					Map.of("previous_token_valid_until", validUntil.get().toString()),
					Map.of("previous_token_valid_until", now.toString()));
			this.events.publishEvent(new RotationGraceEnded(id, integration.name(), now));
			return true;
		}));
		if (!removed) {
			throw new IntegrationException(IntegrationException.Reason.WRONG_STATUS,
					IntegrationMessages.noPreviousToken(integration.name()));
		}
		return integration;
	}

	/**
	 * Activates an Inactive or Reset integration (SPEC 2.4): the direct flow when the callback or
	 * the identity link URL is empty, else the handshake.
	 */
	public Activation activate(long id, Actor actor) {
		Integration integration = get(id);
		if (integration.status() == IntegrationStatus.ACTIVE) {
			throw new IntegrationException(IntegrationException.Reason.WRONG_STATUS,
					IntegrationMessages.alreadyActive(integration.name()));
		}
		if (!integration.usesHandshake()) {
			return oneAtATime(integration, () -> activateDirectly(integration, actor, false, GracePeriod.NONE, null));
		}
		checkCallback(integration, actor);
		return oneAtATime(integration, () -> sendCredentials(integration, actor, false));
	}

	/**
	 * Reauthorizes an Active or Reset integration (SPEC 2.5): same consumer key and secret, a new
	 * access token and secret; the old access token stops working before this method returns.
	 */
	public Activation reauthorize(long id, Actor actor) {
		return reauthorize(id, actor, GracePeriod.NONE, null);
	}

	private Activation reauthorize(long id, Actor actor, GracePeriod grace, NewExpiry change) {
		Integration integration = get(id);
		if (integration.status() == IntegrationStatus.INACTIVE) {
			throw new IntegrationException(IntegrationException.Reason.WRONG_STATUS,
					IntegrationMessages.notActive(integration.name()));
		}
		if (!integration.usesHandshake()) {
			return oneAtATime(integration, () -> activateDirectly(integration, actor, true, grace, change));
		}
		checkCallback(integration, actor);
		return oneAtATime(integration, () -> {
			this.transaction.executeWithoutResult((status) -> {
				write(integration, change);
				this.consumers.removeToken(integration.consumerId());
				setStatus(integration, IntegrationStatus.INACTIVE, actor, "integration.token_removed");
			});
			return sendCredentials(get(id), actor, true);
		});
	}

	/**
	 * Two requests issuing tokens for one consumer at once: each deletes the token record and inserts
	 * its own, and the unique constraint on the consumer's token (or the row lock, depending on the
	 * database) refuses the later one. Its transaction is rolled back; the caller is told of the
	 * conflict instead of an internal error. The earlier request's tokens stand.
	 */
	private Activation oneAtATime(Integration integration, Supplier<Activation> issue) {
		try {
			return issue.get();
		}
		catch (DuplicateKeyException | ConcurrencyFailureException ex) {
			log.info("Concurrent token issue for integration {} ('{}') refused: {}", integration.id(),
					integration.name(), ex.getClass().getSimpleName());
			throw IntegrationException.concurrentTokenChange(integration.name(), ex);
		}
	}

	/**
	 * True while the integration's handshake waits for its third party (issue 16.5): it uses the
	 * handshake, is not Active, and its consumer holds a verifier or a request token, not an access
	 * token (the credentials were posted, the exchange of SPEC 2.4 step 4 has not happened).
	 */
	public boolean handshakePending(Integration integration) {
		return integration.usesHandshake() && integration.status() != IntegrationStatus.ACTIVE && this.consumers
			.tokenStage(integration.consumerId())
			.filter((stage) -> stage != TokenType.ACCESS)
			.isPresent();
	}

	/**
	 * Resend credentials (issue 16.5): posts the same consumer key and secret again, with what SPEC
	 * 2.4 steps 1–2 post: the pending verifier is reused; after a request token was issued, a new
	 * verifier replaces it (the request token dies). The consumer window starts again. Audited as
	 * {@code integration.credentials_resent}; a failed post fails as Activate's does.
	 */
	public Activation resendCredentials(long id, Actor actor) {
		Integration integration = get(id);
		if (!handshakePending(integration)) {
			throw new IntegrationException(IntegrationException.Reason.WRONG_STATUS,
					IntegrationMessages.notPending(integration.name(), integration.status().label()));
		}
		checkCallback(integration, actor);
		return oneAtATime(integration, () -> sendCredentials(integration, actor, "integration.credentials_resent",
				IntegrationMessages.credentialsResent(integration.name())));
	}

	/**
	 * Deletes a manual integration with its consumer, token, nonces and grant; its credentials stop
	 * working before this method returns.
	 */
	public Integration delete(long id, Actor actor) {
		Integration integration = get(id);
		if (integration.readOnly()) {
			throw new IntegrationException(IntegrationException.Reason.READ_ONLY,
					IntegrationMessages.cannotDeleteConfig(integration.name()));
		}
		this.transaction.executeWithoutResult((status) -> remove(integration, actor, "integration.delete"));
		return integration;
	}

	/**
	 * The URL the admin opens for the handshake: the identity link URL with
	 * {@code oauth_consumer_key} and {@code success_call_back} added (SPEC 2.4 step 3).
	 */
	public String identityLink(Integration integration) {
		String url = integration.identityLinkUrl();
		String fragment = "";
		int hash = url.indexOf('#');
		if (hash >= 0) {
			fragment = url.substring(hash);
			url = url.substring(0, hash);
		}
		String query = "oauth_consumer_key=" + encode(integration.consumerKey()) + "&success_call_back="
				+ encode(successCallbackUrl());
		return url + (url.contains("?") ? "&" : "?") + query + fragment;
	}

	/** Where the third party sends the admin's browser back when the linking is done. */
	public String successCallbackUrl() {
		return this.properties.baseUrl() + LOGIN_SUCCESS_PATH.substring(1);
	}

	/**
	 * The four credentials a direct activation or reauthorization just issued, or an audited
	 * {@link #revealCredentials} just showed, for the one page that follows it (issue 12.9: POST,
	 * redirect, then this GET once). Not audited again: the POST was. Callers must show them once only;
	 * every later look goes through {@link #revealCredentials}.
	 */
	public Optional<OAuthCredentials> issuedCredentials(long id) {
		return this.consumers.reveal(get(id).consumerId());
	}

	/** All four credentials of an Active integration, for an audited reveal. */
	public Optional<OAuthCredentials> revealCredentials(long id, Actor actor) {
		Integration integration = get(id);
		Optional<OAuthCredentials> credentials = this.consumers.reveal(integration.consumerId());
		this.audit.record(actor, "integration.reveal_credentials",
				AuditTrail.Subject.integration(id, integration.name()), null, null);
		return credentials;
	}

	// ---- steps shared by the flows and by declared integrations ----

	private Activation activateDirectly(Integration integration, Actor actor, boolean reauthorize, GracePeriod grace,
			NewExpiry change) {
		OAuthCredentials credentials = this.transaction.execute((status) -> {
			write(integration, change);
			// the replaced token's grace never outlives that token's own expiry (issue 17.4)
			OAuthCredentials issued = this.consumers.issueDirectly(integration.consumerId(), grace.duration(),
					integration.accessExpiresAt());
			setStatus(integration, IntegrationStatus.ACTIVE, actor,
					reauthorize ? "integration.reauthorize" : "integration.activate");
			this.consumers.previousTokenValidUntil(integration.consumerId())
				.ifPresent((until) -> this.audit.record(actor, "integration.rotation_grace",
						AuditTrail.Subject.integration(integration.id(), integration.name()), null,
						Map.of("grace_period_seconds", grace.seconds(), "previous_token_valid_until", until.toString())));
			return issued;
		});
		String message = reauthorize ? IntegrationMessages.reauthorized(integration.name())
				: IntegrationMessages.activated(integration.name());
		return new Activation.Direct(get(integration.id()), credentials, message);
	}

	private Activation sendCredentials(Integration integration, Actor actor, boolean reauthorize) {
		return sendCredentials(integration, actor,
				reauthorize ? "integration.reauthorize_sent" : "integration.activation_sent",
				reauthorize ? IntegrationMessages.sentForReauthorization(integration.name())
						: IntegrationMessages.sentForActivation(integration.name()));
	}

	private Activation sendCredentials(Integration integration, Actor actor, String auditAction, String message) {
		ExchangeStart exchange = this.consumers.startExchange(integration.consumerId());
		Map<String, String> form = new LinkedHashMap<>();
		form.put("oauth_consumer_key", exchange.consumerKey());
		form.put("oauth_consumer_secret", exchange.consumerSecret());
		form.put("store_base_url", this.properties.baseUrl());
		form.put("oauth_verifier", exchange.verifier());
		try {
			this.poster.deliver(integration.id(), integration.endpoint(), form, this.settings.seconds(Setting.POST_TIMEOUT),
					this.settings.number(Setting.POST_MAX_REDIRECTS));
		}
		catch (OutboundRefusedException ex) {
			throw refused(integration, actor, ex);
		}
		catch (IOException | IllegalArgumentException ex) {
			String endpoint = OutboundPolicy.withoutUserInfo(integration.endpoint());
			String error = ex.toString().replace(integration.endpoint(), endpoint);
			log.warn("Posting credentials of integration {} ('{}') to {} failed: {}", integration.id(),
					integration.name(), endpoint, error);
			this.audit.record(actor, "integration.credentials_post_failed",
					AuditTrail.Subject.integration(integration.id(), integration.name()), null,
					Map.of("endpoint", endpoint, "error", error));
			throw new IntegrationException(IntegrationException.Reason.CALLBACK_FAILED,
					IntegrationMessages.CALLBACK_FAILED, List.of(), ex);
		}
		this.audit.record(actor, auditAction, AuditTrail.Subject.integration(integration.id(), integration.name()),
				null, Map.of("endpoint", OutboundPolicy.withoutUserInfo(integration.endpoint())));
		// read again: a third party may have finished the exchange before answering the post (it is Active then)
		return new Activation.Handshake(get(integration.id()), identityLink(integration), message);
	}

	/**
	 * Refuses a callback URL the outbound policy refuses before the lifecycle changes anything (a
	 * reauthorization would otherwise remove the access token first). Other failures (DNS) are left to
	 * the post, which reports them as a transport failure.
	 */
	private void checkCallback(Integration integration, Actor actor) {
		try {
			this.poster.check(integration.endpoint());
		}
		catch (OutboundRefusedException ex) {
			throw refused(integration, actor, ex);
		}
		catch (IOException | IllegalArgumentException ex) {
			// reported by the post itself
		}
	}

	/** Nothing was posted: the admin reads why, the audit log keeps it (the message holds no secret). */
	private IntegrationException refused(Integration integration, Actor actor, OutboundRefusedException ex) {
		log.warn("Credentials of integration {} ('{}') not posted: {}", integration.id(), integration.name(),
				ex.getMessage());
		this.audit.record(actor, "integration.credentials_post_refused",
				AuditTrail.Subject.integration(integration.id(), integration.name()), null,
				Map.of("endpoint", OutboundPolicy.withoutUserInfo(integration.endpoint()), "error", ex.getMessage()));
		return new IntegrationException(IntegrationException.Reason.CALLBACK_FAILED,
				IntegrationMessages.callbackRefused(integration.name(), ex.getMessage()), List.of(), ex);
	}

	void setStatus(Integration integration, IntegrationStatus status, Actor actor, String action) {
		this.store.updateStatus(integration.id(), status, this.clock.instant());
		this.audit.record(actor, action, AuditTrail.Subject.integration(integration.id(), integration.name()),
				Map.of("status", integration.status().label()), Map.of("status", status.label()));
		this.events.publishEvent(new IntegrationChanged(integration.id(), integration.consumerId()));
		if (status == IntegrationStatus.ACTIVE) {
			this.events.publishEvent(new IntegrationActivated(integration.id(), integration.name(),
					action.equals("integration.reauthorize")));
		}
	}

	long insert(IntegrationDraft draft, IntegrationStatus status, SetupType setupType, long consumerId,
			String configDigest) {
		return insert(draft, status, setupType, consumerId, configDigest, null);
	}

	long insert(IntegrationDraft draft, IntegrationStatus status, SetupType setupType, long consumerId,
			String configDigest, Long createdBy) {
		try {
			return this.store.insert(fields(draft), status, setupType, consumerId, configDigest, this.clock.instant(),
					createdBy);
		}
		catch (DataIntegrityViolationException ex) {
			throw translate(ex, draft.name());
		}
	}

	void recordCreation(Integration created, Actor actor) {
		this.audit.record(actor, "integration.create", AuditTrail.Subject.integration(created.id(), created.name()),
				null, IntegrationSnapshot.of(created));
		this.events.publishEvent(new IntegrationChanged(created.id(), created.consumerId()));
	}

	/**
	 * A config integration whose declaration is unchanged, brought in line with the ACL tree in place
	 * (SPEC 2.7): the tree its resources expand in changed (another Keyway version, the gateway file's
	 * resources), so its grant follows without a reset; and its digest in the current form.
	 */
	void regrantDeclared(long id, Grant grant, String configDigest, String configDeclaration, Actor actor) {
		this.transaction.executeWithoutResult((status) -> {
			Integration before = get(id);
			this.store.updateConfigDigests(id, configDigest, configDeclaration);
			if (!grant.equals(before.grant())) {
				this.grants.replace(id, grant);
				Integration after = get(id);
				this.audit.record(actor, "integration.config_regrant",
						AuditTrail.Subject.integration(id, after.name()), IntegrationSnapshot.of(before),
						IntegrationSnapshot.of(after));
				this.events.publishEvent(new IntegrationChanged(id, after.consumerId()));
			}
		});
	}

	void remove(Integration integration, Actor actor, String action) {
		this.store.delete(integration.id());
		this.consumers.remove(integration.consumerId());
		this.grants.evict(integration.id());
		this.audit.record(actor, action, AuditTrail.Subject.integration(integration.id(), integration.name()),
				IntegrationSnapshot.of(integration), null);
		this.events.publishEvent(new IntegrationChanged(integration.id(), integration.consumerId()));
		this.events.publishEvent(new IntegrationDeleted(integration.id(), integration.name()));
	}

	IntegrationDraft validated(IntegrationDraft submitted) {
		IntegrationDraft draft = this.rules.clean(submitted);
		List<FieldError> errors = this.rules.check(draft);
		if (!errors.isEmpty()) {
			throw IntegrationException.invalid(errors);
		}
		return draft;
	}

	Grant grantOf(IntegrationDraft draft) {
		return this.rules.grantOf(draft);
	}

	private static void checkCeiling(Grant requested, Grant callerGrant) {
		List<String> missing = callerGrant.beyond(requested);
		if (missing.isEmpty()) {
			return;
		}
		throw new IntegrationException(IntegrationException.Reason.FORBIDDEN,
				"An integration cannot grant resources it does not hold: " + String.join(", ", missing) + ".");
	}

	private static RuntimeException translate(DataIntegrityViolationException ex, String name) {
		String text = String.valueOf(ex.getMostSpecificCause().getMessage()).toLowerCase(Locale.ROOT);
		if (text.contains(IntegrationStore.NAME_CONSTRAINT)) {
			return IntegrationException.duplicateName(name);
		}
		return ex;
	}

	private static IntegrationStore.Fields fields(IntegrationDraft draft) {
		return new IntegrationStore.Fields(draft.name(), draft.email(), draft.endpoint(), draft.identityLinkUrl());
	}

	private Integration toIntegration(IntegrationStore.Row row) {
		return new Integration(row.id(), row.name(), row.email(), row.endpoint(), row.identityLinkUrl(), row.status(),
				row.setupType(), this.grants.grantOf(row.id()), row.consumerId(),
				this.consumers.keyOf(row.consumerId()), row.createdAt(), row.updatedAt(), row.ipAllowList(),
				row.accessExpiresAt(), row.rateLimit());
	}

	/** Grid rows need neither the grant nor the consumer key: no extra query per row. */
	private Integration toIntegrationForGrid(IntegrationStore.Row row) {
		return new Integration(row.id(), row.name(), row.email(), row.endpoint(), row.identityLinkUrl(), row.status(),
				row.setupType(), Grant.none(), row.consumerId(), null, row.createdAt(), row.updatedAt(), row.ipAllowList(),
				row.accessExpiresAt(), row.rateLimit());
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}
