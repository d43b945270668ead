package dev.keyway.webapi;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.keyway.acl.Grant;
import dev.keyway.oauth.OAuthRequest;
import dev.keyway.oauth.Parameter;
import dev.keyway.oauth.Refusal;
import dev.keyway.oauth.RefusalFacts;
import dev.keyway.oauth.RefusalObserver;
import dev.keyway.oauth.RefusalReason;
import dev.keyway.oauth.RequestBody;
import dev.keyway.settings.RuntimeSettings;
import dev.keyway.settings.Setting;


/**
 * The pipeline's parse → verify → authorize steps (SPEC 5), for the Web API servlet and for
 * verify-only endpoints that authorize a call a proxy describes (issue 15.3): the store code and the
 * route (404 first, Magento's order), the query decoded once, a form body read once (it is signed),
 * the caller ({@link CallerResolver}: 401 for refused credentials), the route's resources (SPEC 5.3)
 * or the guest switch (5.4): 401, and the {@code all} + GET rule: 400. Its failures are answered by
 * {@link #answerError}, the one error step.
 */
public final class CallAuthorizer {

	/**
	 * A call that passed: its route, caller, store code (and whether the path named it, {@code /rest/<code>/V1/...}),
	 * path variables, decoded query, form body (or null).
	 */
	public record Authorized(Route route, Caller caller, String storeCode, boolean storeCodeInPath,
			Map<String, String> variables, List<Parameter> query, byte[] formBody) {
	}

	/** The refusal of an encoded slash or percent sign where the path is passed on (docs/SPEC.md 5.1). */
	static final String ENCODED_SLASH = "An encoded slash (%2F) or percent sign (%25) in the path is accepted only "
			+ "by the routes Keyway answers itself and by upstreams whose gateway entry allows it (encoded_slashes: "
			+ "true); got ";

	/** The Web API's prefix under the context path. */
	private static final String REST = "/rest";

	private final RouteTable routes;

	private final StoreCodes storeCodes;

	private final CallerResolver resolver;

	private final RuntimeSettings settings;

	private final long maxBodyBytes;

	private final List<AuthorizationRefusals> refusals;

	private final ApiErrors errors;

	private final List<RefusalObserver> observers;

	private final List<CallUsage> usages;

	/** {@code /rest/V1/products/{sku}} per route, for {@code http.server.requests}; built once, read only. */
	CallAuthorizer(RouteTable routes, StoreCodes storeCodes, CallerResolver resolver, RuntimeSettings settings,
			ResponseWriter writer, WebApiProperties properties, List<AuthorizationRefusals> refusals,
			List<ErrorTranslator<?>> translators, List<RefusalObserver> observers, List<CallUsage> usages) {
		this.observers = List.copyOf(observers);
		this.usages = List.copyOf(usages);
		this.routes = routes;
		this.storeCodes = storeCodes;
		this.resolver = resolver;
		this.settings = settings;
		this.maxBodyBytes = properties.maxBodySize().toBytes();
		this.refusals = List.copyOf(refusals);
		this.errors = new ApiErrors(translators, writer, properties.developerMode());
	}

	/**
	 * Authorizes the call the request itself makes (the Web API servlet).
	 * @throws ApiException (or a module's exception) for any refusal
	 */
	public Authorized authorize(HttpServletRequest request) {
		return authorize(request, request.getMethod(), request.getRequestURI(), request.getQueryString(), true, null);
	}

	/**
	 * Authorizes a call described by a method and a raw path and query (a proxy's original request),
	 * with the credentials of the request's headers; the body is not there, so nothing is read. The
	 * caller's own refusals of the described call run once its route is known: such a refusal is counted
	 * under the route the call named (not as unmatched), and a path matching no route is a 404 first,
	 * whatever else is wrong with the call (Magento's order).
	 * @param rawPath the path as sent, starting with the context path and {@code /rest}
	 * @param described throws an {@link ApiException} to refuse the call
	 */
	public Authorized authorize(HttpServletRequest request, String method, String rawPath, String rawQuery,
			Runnable described) {
		return authorize(request, method, rawPath, rawQuery, false, described);
	}

	/**
	 * @param readFormBody true when the request is the call itself (the servlet), false for a described call
	 * @param described the described call's own checks (null for the call itself)
	 */
	private Authorized authorize(HttpServletRequest request, String method, String rawPath, String rawQuery,
			boolean readFormBody, Runnable described) {
		// parse: store code and route first, so an unknown route is a 404 whatever the credentials (Magento's order)
		List<String> segments = segments(restPath(request, rawPath));
		String storeCode = StoreCodes.DEFAULT;
		boolean storeCodeInPath = !segments.isEmpty() && !"V1".equals(segments.get(0))
				&& this.storeCodes.exists(segments.get(0));
		RouteTable.Match match = null;
		if (!storeCodeInPath && segments.size() > 1 && !"V1".equals(segments.get(0))) {
			// a code only a gateway upstream declares (store_codes: a Magento's own store views) reaches its routes only
			RouteTable.Match declared = this.routes.match(method, segments.subList(1, segments.size()));
			if (declared != null && declared.route().storeCodes().contains(segments.get(0))) {
				storeCodeInPath = true;
				match = declared;
			}
		}
		if (storeCodeInPath) {
			storeCode = segments.get(0);
			segments = segments.subList(1, segments.size());
		}
		if (match == null) {
			match = this.routes.match(method, segments);
		}
		if (match == null) {
			throw ApiException.notFound(ApiException.NO_ROUTE);
		}
		if (readFormBody) {
			named(request, match.route());
		}
		else {
			// a call a proxy describes: counted apart (keyway.verifications), under the route it names
			request.setAttribute(CallMetrics.VERIFIED_ROUTE, match.route());
			described.run();
		}
		if (!(readFormBody && match.route().encodedSlashes()) && LoopPaths.encodedSlashOrPercent(rawPath, 0) >= 0) {
			// a forwarded path, or one a proxy forwards after a verify-only check, may be decoded (twice) into other
			// segments there
			throw ApiException.badRequest(ENCODED_SLASH + Shown.shown(pathOnly(rawPath)));
		}
		List<Parameter> query = OAuthRequest.parseForm(rawQuery);
		byte[] formBody = (readFormBody && RequestBody.isForm(request)) ? ApiRequest.readBody(request, this.maxBodyBytes)
				: null;
		// verify
		Caller caller;
		try {
			caller = this.resolver.resolve(request, method, rawPath, query, formBody);
		}
		catch (ApiException refused) {
			if (refused.reason() != null) {
				tell(new Refusal(refused.reason(), refused.facts().consumerId(), 0, method, pathOnly(rawPath),
						request.getRemoteAddr(), refused.facts()));
			}
			throw refused;
		}
		request.setAttribute(CallMetrics.CALLER, caller);
		// authorize
		Route route = match.route();
		List<String> required = route.resources();
		if (route.guestReadable() && this.settings.enabled(Setting.GUEST_ACCESS)) {
			required = List.of(Grant.ANONYMOUS);
		}
		if (!caller.allows(required)) {
			for (AuthorizationRefusals refusal : this.refusals) {
				refusal.refused(route, match.variables(), caller, request.getRemoteAddr());
			}
			tell(notAllowed(request, caller, method, rawPath, required));
			throw ApiException.unauthorized(route.resources());
		}
		if (caller instanceof Caller.Integration integration) {
			for (CallUsage usage : this.usages) {
				usage.used(integration.id(), request.getRemoteAddr());
			}
		}
		if (StoreCodes.ALL.equals(storeCode) && "GET".equals(method)) {
			throw ApiException.badRequest("Cannot perform GET operation with store code 'all'");
		}
		return new Authorized(route, caller, storeCode, storeCodeInPath, match.variables(), query, formBody);
	}

	/**
	 * Names the call's route for the metrics (issue 16.4): {@link CallMetrics} reads it for
	 * {@code keyway.requests} and for the {@code uri} of {@code http.server.requests}. Only for a
	 * request that is the call itself, not one a proxy describes.
	 */
	private void named(HttpServletRequest request, Route route) {
		request.setAttribute(CallMetrics.ROUTE, route);
	}

	/** Why a caller was refused a route (issue 16.1): a guest's credentials, or a grant without the resources. */
	private static Refusal notAllowed(HttpServletRequest request, Caller caller, String method, String rawPath,
			List<String> required) {
		String path = pathOnly(rawPath);
		if (caller instanceof Caller.Integration integration) {
			List<String> missing = required.stream().filter((resource) -> !integration.allows(List.of(resource))).toList();
			String hint = "The integration's grant lacks " + String.join(", ", missing.isEmpty() ? required : missing) + ".";
			if (integration.grant().all() && missing.stream().anyMatch(Grant.EXPLICIT_ONLY::contains)) {
				// a developer trial: an integration with All was refused a management route and was not told why
				hint += " All never includes the management resources: the admin grants each one by name (the Keyway "
						+ "management group of the integration's API tab).";
			}
			return new Refusal(RefusalReason.RESOURCE_NOT_GRANTED, 0, integration.id(), method, path,
					request.getRemoteAddr(), RefusalFacts.NONE.withHint(hint));
		}
		if (caller instanceof Caller.Guest guest && guest.because() != null) {
			long consumer = guest.consumerId();
			return new Refusal(guest.because(), consumer, 0, method, path, request.getRemoteAddr(),
					RefusalFacts.NONE.withConsumer(consumer));
		}
		return new Refusal(RefusalReason.NO_CREDENTIALS, 0, 0, method, path, request.getRemoteAddr(), RefusalFacts.NONE);
	}

	private void tell(Refusal refusal) {
		for (RefusalObserver observer : this.observers) {
			observer.refused(refusal);
		}
	}

	private static String pathOnly(String rawPath) {
		int question = rawPath.indexOf('?');
		return (question < 0) ? rawPath : rawPath.substring(0, question);
	}

	/** Answers a failure of {@link #authorize} or of a handler in Magento's error shape (the one error step). */
	public void answerError(HttpServletRequest request, HttpServletResponse response, Exception failure)
			throws IOException {
		this.errors.answer(request, response, failure);
	}

	/** The Web API error a failure means (status, message), or null when it is unexpected. */
	public ApiException translate(Exception failure) {
		return this.errors.translate(failure);
	}

	long maxBodyBytes() {
		return this.maxBodyBytes;
	}

	/** The raw path after {@code <context>/rest}; a path elsewhere has no route. */
	private static String restPath(HttpServletRequest request, String rawPath) {
		String context = request.getContextPath();
		int end = context.length() + REST.length();
		if (rawPath.startsWith(context) && rawPath.startsWith(REST, context.length())
				&& (rawPath.length() == end || rawPath.charAt(end) == '/')) {
			return rawPath.substring(end);
		}
		throw ApiException.notFound(ApiException.NO_ROUTE);
	}

	/** The decoded segments of a raw path after {@code /rest}. */
	static List<String> segments(String path) {
		List<String> segments = new ArrayList<>(6);
		int start = path.startsWith("/") ? 1 : 0;
		while (start <= path.length()) {
			int slash = path.indexOf('/', start);
			int end = (slash < 0) ? path.length() : slash;
			if (end > start || slash >= 0) {
				segments.add(decode(path.substring(start, end)));
			}
			if (slash < 0) {
				break;
			}
			start = slash + 1;
		}
		if (!segments.isEmpty() && segments.get(segments.size() - 1).isEmpty()) {
			segments.remove(segments.size() - 1);
		}
		return segments;
	}

	/**
	 * A path segment: percent-decoding only, {@code +} stays a plus (it is not a query); bytes that are not
	 * UTF-8 are refused, not replaced (an original URI a proxy describes is decoded here too).
	 */
	private static String decode(String segment) {
		if (segment.indexOf('%') < 0) {
			return segment;
		}
		try {
			return LoopPaths.percentDecoded(segment);
		}
		catch (IllegalArgumentException ex) {
			throw ApiException.badRequest("The URL path has a malformed percent-encoding in \"" + Shown.cut(segment) + "\".");
		}
	}

}
