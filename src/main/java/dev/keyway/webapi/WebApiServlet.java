package dev.keyway.webapi;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import tools.jackson.databind.json.JsonMapper;

import dev.keyway.acl.Grant;
import dev.keyway.oauth.OAuthRequest;
import dev.keyway.oauth.Parameter;
import dev.keyway.oauth.RequestBody;
import dev.keyway.settings.RuntimeSettings;
import dev.keyway.settings.Setting;

/**
 * The Web API pipeline on {@code /rest/*} (SPEC 5), one step after the other, none handing state
 * back (issue 13.2): parse (store code, route: 404; the query decoded once; a form body read once,
 * it is signed) → verify ({@link CallerResolver}: 401 for refused credentials) → authorize (the
 * route's resources, SPEC 5.3, and the guest switch of 5.4: 401; the {@code all} + GET rule: 400) →
 * handler → {@link ResponseWriter} (kept to the {@code fields} of the query, Magento's partial
 * response). Whatever any step throws ends in {@link ApiErrors}.
 */
class WebApiServlet extends HttpServlet {

	private final transient RouteTable routes;

	private final transient StoreCodes storeCodes;

	private final transient CallerResolver resolver;

	private final transient RuntimeSettings settings;

	private final transient ResponseWriter writer;

	private final transient JsonMapper json;

	private final long maxBodyBytes;

	private final transient List<AuthorizationRefusals> refusals;

	private final transient ApiErrors errors;

	WebApiServlet(RouteTable routes, StoreCodes storeCodes, CallerResolver resolver, RuntimeSettings settings,
			ResponseWriter writer, JsonMapper json, WebApiProperties properties, List<AuthorizationRefusals> refusals,
			List<ErrorTranslator<?>> translators) {
		this.routes = routes;
		this.storeCodes = storeCodes;
		this.resolver = resolver;
		this.settings = settings;
		this.writer = writer;
		this.json = json;
		this.maxBodyBytes = properties.maxBodySize().toBytes();
		this.refusals = List.copyOf(refusals);
		this.errors = new ApiErrors(translators, writer, properties.developerMode());
	}

	@Override
	protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
		try {
			dispatch(request, response);
		}
		catch (Exception ex) {
			this.errors.answer(request, response, ex);
		}
	}

	private void dispatch(HttpServletRequest request, HttpServletResponse response) throws Exception {
		// parse: store code and route first, so an unknown route is a 404 whatever the credentials (Magento's order)
		List<String> segments = segments(request);
		String storeCode = StoreCodes.DEFAULT;
		if (!segments.isEmpty() && !"V1".equals(segments.get(0)) && this.storeCodes.exists(segments.get(0))) {
			storeCode = segments.get(0);
			segments = segments.subList(1, segments.size());
		}
		String method = request.getMethod();
		RouteTable.Match match = this.routes.match(method, segments);
		if (match == null) {
			throw ApiException.notFound(ApiException.NO_ROUTE);
		}
		String rawQuery = request.getQueryString();
		List<Parameter> query = OAuthRequest.parseForm(rawQuery);
		byte[] formBody = RequestBody.isForm(request) ? ApiRequest.readBody(request, this.maxBodyBytes) : null;
		// verify
		Caller caller = this.resolver.resolve(request, query, formBody);
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
			throw ApiException.unauthorized(route.resources());
		}
		if (StoreCodes.ALL.equals(storeCode) && "GET".equals(method)) {
			throw ApiException.badRequest("Cannot perform GET operation with store code 'all'");
		}
		// handler, then writer
		ApiRequest apiRequest = new ApiRequest(request, storeCode, match.variables(), caller, query, rawQuery, formBody,
				this.json, this.maxBodyBytes);
		Object body = route.handler().handle(apiRequest);
		this.writer.write(request, response, route.successStatus(), body, fields(query));
	}

	/** The {@code fields} filter of the query (the last one, as PHP reads a repeated parameter), or null. */
	private static String fields(List<Parameter> query) {
		String fields = null;
		for (Parameter parameter : query) {
			if (FieldsFilter.PARAMETER.equals(parameter.name())) {
				fields = parameter.value();
			}
		}
		return fields;
	}

	/** The decoded segments after {@code /rest/}. */
	static List<String> segments(HttpServletRequest request) {
		String uri = request.getRequestURI();
		String prefix = request.getContextPath() + "/rest";
		String path = uri.startsWith(prefix) ? uri.substring(prefix.length()) : uri;
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

	/** A path segment: percent-decoding only, {@code +} stays a plus (it is not a query). */
	private static String decode(String segment) {
		if (segment.indexOf('%') < 0) {
			return segment;
		}
		try {
			return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			throw ApiException.badRequest("The URL path has a malformed percent-encoding in \"" + segment + "\".");
		}
	}

}
