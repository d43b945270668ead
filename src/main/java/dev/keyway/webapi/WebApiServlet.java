package dev.keyway.webapi;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import tools.jackson.databind.json.JsonMapper;

import dev.keyway.acl.Grant;
import dev.keyway.settings.RuntimeSettings;
import dev.keyway.settings.Setting;

/**
 * The Web API front controller on {@code /rest/*} (SPEC 5): store code, route match (404),
 * authorization (401, SPEC 5.3 and the guest switch of 5.4), the {@code all} + GET rule (400),
 * handler, answer. Errors never carry a stack trace outside developer mode; unexpected ones are
 * logged with a report id that the answer names.
 */
class WebApiServlet extends HttpServlet {

	private static final Logger log = LoggerFactory.getLogger(WebApiServlet.class);

	static final String INTERNAL_ERROR = "Internal Error. Details are available in the log file. Report ID: ";

	private final transient RouteTable routes;

	private final transient StoreCodes storeCodes;

	private final transient RuntimeSettings settings;

	private final transient ResponseWriter writer;

	private final transient JsonMapper json;

	private final transient WebApiProperties properties;

	private final transient AuthorizationRefusals refusals;

	WebApiServlet(RouteTable routes, StoreCodes storeCodes, RuntimeSettings settings, ResponseWriter writer,
			JsonMapper json, WebApiProperties properties) {
		this(routes, storeCodes, settings, writer, json, properties, AuthorizationRefusals.NONE);
	}

	WebApiServlet(RouteTable routes, StoreCodes storeCodes, RuntimeSettings settings, ResponseWriter writer,
			JsonMapper json, WebApiProperties properties, AuthorizationRefusals refusals) {
		this.routes = routes;
		this.storeCodes = storeCodes;
		this.settings = settings;
		this.writer = writer;
		this.json = json;
		this.properties = properties;
		this.refusals = refusals;
	}

	@Override
	protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
		try {
			dispatch(request, response);
		}
		catch (ApiException ex) {
			if (ex.status() == 503) {
				response.setHeader("Retry-After", "5");
			}
			this.writer.writeError(request, response, ex, null);
		}
		catch (Exception ex) {
			if (Unavailability.is(ex) && !response.isCommitted()) {
				log.warn("Web API call {} {}: the database is unavailable ({})", request.getMethod(),
						request.getRequestURI(), ex.toString());
				response.reset();
				response.setHeader("Retry-After", "5");
				this.writer.writeError(request, response, ApiException.unavailable(), null);
				return;
			}
			String report = "webapi-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()).substring(3);
			log.error("Web API call {} {} failed (Report ID: {})", request.getMethod(), request.getRequestURI(), report,
					ex);
			if (!response.isCommitted()) {
				response.reset();
				this.writer.writeError(request, response,
						new ApiException(500, INTERNAL_ERROR + report),
						this.properties.developerMode() ? trace(ex) : null);
			}
		}
	}

	private void dispatch(HttpServletRequest request, HttpServletResponse response) throws Exception {
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
		ApiException refused = (ApiException) request.getAttribute(WebApiAuthenticationFilter.FAILURE);
		if (refused != null) {
			throw refused;
		}
		Caller caller = (Caller) request.getAttribute(WebApiAuthenticationFilter.CALLER);
		if (caller == null) {
			caller = Caller.Guest.INSTANCE;
		}
		Route route = match.route();
		List<String> required = route.resources();
		if (route.guestReadable() && this.settings.enabled(Setting.GUEST_ACCESS)) {
			required = List.of(Grant.ANONYMOUS);
		}
		if (!caller.allows(required)) {
			this.refusals.refused(route, match.variables(), caller, request.getRemoteAddr());
			throw ApiException.unauthorized(route.resources());
		}
		if (StoreCodes.ALL.equals(storeCode) && "GET".equals(method)) {
			throw ApiException.badRequest("Cannot perform GET operation with store code 'all'");
		}
		ApiRequest apiRequest = new ApiRequest(request, storeCode, match.variables(), caller, this.json,
				this.properties.maxBodySize().toBytes());
		Object body = route.handler().handle(apiRequest);
		this.writer.write(request, response, route.successStatus(), body);
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

	private static String trace(Exception ex) {
		StringWriter out = new StringWriter();
		ex.printStackTrace(new PrintWriter(out));
		return out.toString();
	}

}
