package dev.keyway.webapi;

import java.io.IOException;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.web.servlet.HandlerMapping;

/**
 * Counts every call to the Web API and the token endpoints once, when its answer is written
 * (issue 16.4): {@code keyway.requests} tagged by {@code route} (the route table's template, such as
 * {@code GET /V1/products/{sku}}; gateway routes likewise; {@code POST /oauth/token/request} and
 * {@code POST /oauth/token/access}; {@code unmatched} for a 404 without route), {@code status} (the
 * code) and {@code caller} ({@code guest}, {@code integration}, {@code admin}, or {@code anonymous}
 * when the call was refused before a caller was known), and {@code keyway.request.duration} per
 * route. Every label comes from a closed set (the route table, four callers, HTTP codes): no
 * integration id, consumer key or raw path is ever a label.
 *
 * <p>For the calls the {@link FrontDoor} answers, which skip Spring's observation filter, it also
 * records {@code http.server.requests} with that filter's tags ({@code uri} the route's template
 * under {@code /rest}, {@code NOT_FOUND}, {@code REDIRECTION} or {@code UNKNOWN}; {@code method},
 * {@code status}, {@code outcome}, {@code exception} and {@code error}), so dashboards see one metric.
 *
 * <p>The request thread does no tag building: the meters of a route are found through an identity
 * map built once from the route table, and its counters are cached per (caller, status).
 */
final class CallMetrics {

	static final String HTTP_REQUESTS = "http.server.requests";

	/** Request attribute: the matched {@link Route}. */
	static final String ROUTE = CallMetrics.class.getName() + ".route";

	/** Request attribute: the {@link Route} a verify-only check matched (the call a proxy describes). */
	static final String VERIFIED_ROUTE = CallMetrics.class.getName() + ".verifiedRoute";

	static final String VERIFICATIONS = "keyway.verifications";

	/** Request attribute: the resolved {@link Caller}. */
	static final String CALLER = CallMetrics.class.getName() + ".caller";

	static final String REQUESTS = "keyway.requests";

	static final String DURATION = "keyway.request.duration";

	static final String UNMATCHED = "unmatched";

	/** The token endpoints (SPEC 4.1, 4.7), owned by {@code oauth}; their two paths are fixed. */
	static final List<String> TOKEN_PATHS = List.of("/oauth/token/request", "/oauth/token/access");

	private static final String[] CALLERS = { "anonymous", "guest", "integration", "admin" };

	private final MeterRegistry registry;

	private final Map<Route, RouteMeters> byRoute;

	private final Map<String, RouteMeters> tokenEndpoints = new ConcurrentHashMap<>();

	private final Map<HttpKey, Timer> http = new ConcurrentHashMap<>();

	private final Map<VerifyKey, Counter> verifications = new ConcurrentHashMap<>();

	private final RouteMeters unmatched;

	CallMetrics(RouteTable routes, MeterRegistry registry) {
		this.registry = registry;
		Map<Route, RouteMeters> meters = new IdentityHashMap<>();
		for (Route route : routes.routes()) {
			String name = routeName(route);
			meters.put(route, new RouteMeters(name, "/rest" + name.substring(route.method().length() + 1)));
		}
		// built once, never changed: safe to read from any thread
		this.byRoute = meters;
		for (String path : TOKEN_PATHS) {
			this.tokenEndpoints.put(path, new RouteMeters("POST " + path, null));
		}
		this.unmatched = new RouteMeters(UNMATCHED, null);
	}

	/** {@code GET /V1/products/{sku}} for the template {@code /V1/products/:sku}. */
	static String routeName(Route route) {
		return route.method() + " " + route.path().text().replaceAll(":([A-Za-z_][A-Za-z0-9_]*)", "{$1}");
	}

	/** The token endpoints' filter (Spring MVC answers them; {@code http.server.requests} is the observation's). */
	void timed(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		long start = System.nanoTime();
		boolean failed = true;
		try {
			chain.doFilter(request, response);
			failed = false;
		}
		finally {
			record(request, failed ? 500 : response.getStatus(), System.nanoTime() - start);
		}
	}

	/**
	 * A call the {@link FrontDoor} answered: {@code keyway.requests} when {@code counted} (the Web API's
	 * own calls), and {@code http.server.requests} always.
	 */
	void served(HttpServletRequest request, int status, long nanos, boolean counted, String verifier,
			Throwable failure) {
		Object route = request.getAttribute(ROUTE);
		RouteMeters meters = (route != null) ? this.byRoute.get(route) : null;
		if (counted) {
			if (meters != null) {
				count(meters, callerIndex(request.getAttribute(CALLER)), status, nanos);
			}
			else {
				record(request, status, nanos);
			}
		}
		String uri;
		if (verifier != null) {
			verified(request, verifier, status);
			// the endpoint's own path: the route a check names is keyway.verifications' label
			uri = request.getServletPath() + ((request.getPathInfo() != null) ? "/**" : "");
		}
		else {
			Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
			uri = (meters != null) ? meters.uri : (pattern instanceof String matched) ? matched
					: (status == 404) ? "NOT_FOUND" : (status >= 300 && status < 400) ? "REDIRECTION" : "UNKNOWN";
		}
		String exception = (failure == null) ? "none" : exceptionName(failure);
		HttpKey key = new HttpKey(uri, method(request.getMethod()), status, exception);
		Timer timer = this.http.get(key);
		if (timer == null) {
			timer = this.http.computeIfAbsent(key, this::httpTimer);
		}
		timer.record(nanos, TimeUnit.NANOSECONDS);
	}

	/**
	 * One check of a verify-only endpoint: {@code keyway.verifications} by {@code endpoint} ({@code nginx},
	 * {@code envoy}), the {@code route} the described call matched ({@code unmatched} when none did, or it was
	 * refused before routing), the {@code status} Keyway answered the proxy and the {@code caller}: closed sets,
	 * as {@code keyway.requests}' labels. Counted apart from the calls Keyway serves, so a call checked by nginx
	 * and one forwarded by Keyway are not added up as the same thing (an operator trial saw the verify-only
	 * traffic nowhere but in the refusals).
	 */
	private void verified(HttpServletRequest request, String verifier, int status) {
		Object route = request.getAttribute(VERIFIED_ROUTE);
		RouteMeters meters = (route != null) ? this.byRoute.get(route) : null;
		String name = (meters != null) ? meters.name : UNMATCHED;
		int caller = callerIndex(request.getAttribute(CALLER));
		Counter counter = this.verifications.get(new VerifyKey(verifier, name, status, caller));
		if (counter == null) {
			counter = this.verifications.computeIfAbsent(new VerifyKey(verifier, name, status, caller),
					(key) -> Counter.builder(VERIFICATIONS)
						.description("Checks of calls described by nginx (auth_request) or Envoy (ext_authz), by the route "
								+ "they named, Keyway's status and the caller type")
						.tag("endpoint", key.endpoint())
						.tag("route", key.route())
						.tag("status", Integer.toString(key.status()))
						.tag("caller", CALLERS[key.caller()])
						.register(this.registry));
		}
		counter.increment();
	}

	private record VerifyKey(String endpoint, String route, int status, int caller) {
	}

	/** Spring's {@code exception} tag: a servlet exception's cause, by simple name (full name if anonymous). */
	private static String exceptionName(Throwable failure) {
		Throwable shown = (failure instanceof jakarta.servlet.ServletException && failure.getCause() != null)
				? failure.getCause() : failure;
		String name = shown.getClass().getSimpleName();
		return name.isEmpty() ? shown.getClass().getName() : name;
	}

	/** Spring's {@code method} tag: a method {@code HttpMethod} knows, else {@code UNKNOWN}. */
	private static String method(String method) {
		return switch (method) {
			case "GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE" -> method;
			default -> "UNKNOWN";
		};
	}

	/** One {@code http.server.requests} timer's tags. */
	private record HttpKey(String uri, String method, int status, String exception) {
	}

	private Timer httpTimer(HttpKey key) {
		int series = key.status() / 100;
		String outcome = (series >= 1 && series <= 5) ? OUTCOMES[series - 1] : "UNKNOWN";
		return Timer.builder(HTTP_REQUESTS)
			.tag("error", key.exception())
			.tag("exception", key.exception())
			.tag("method", key.method())
			.tag("outcome", outcome)
			.tag("status", Integer.toString(key.status()))
			.tag("uri", key.uri())
			.register(this.registry);
	}

	private static final String[] OUTCOMES = { "INFORMATIONAL", "SUCCESS", "REDIRECTION", "CLIENT_ERROR",
			"SERVER_ERROR" };

	private void record(HttpServletRequest request, int status, long nanos) {
		RouteMeters meters;
		int caller;
		Object route = request.getAttribute(ROUTE);
		if (route != null) {
			meters = this.byRoute.getOrDefault(route, this.unmatched);
			caller = callerIndex(request.getAttribute(CALLER));
		}
		else {
			RouteMeters token = this.tokenEndpoints.get(request.getRequestURI().substring(request.getContextPath().length()));
			meters = (token != null) ? token : this.unmatched;
			// a token endpoint's caller is the consumer of an integration once its signature passed
			caller = (token != null && status < 400) ? 2 : 0;
		}
		count(meters, caller, status, nanos);
	}

	private static void count(RouteMeters meters, int caller, int status, long nanos) {
		meters.counter(caller, status).increment();
		meters.duration().record(nanos, TimeUnit.NANOSECONDS);
	}

	private static int callerIndex(Object caller) {
		if (caller instanceof Caller.Integration) {
			return 2;
		}
		if (caller instanceof Caller.Admin) {
			return 3;
		}
		return (caller instanceof Caller.Guest) ? 1 : 0;
	}

	/** One route's meters, registered on first use and then cached. */
	private final class RouteMeters {

		private final String name;

		private final Map<Integer, Counter> counters = new ConcurrentHashMap<>();

		private volatile Timer duration;

		/** {@code http.server.requests}' {@code uri} of a route: its template under {@code /rest}; else null. */
		private final String uri;

		RouteMeters(String name, String uri) {
			this.name = name;
			this.uri = uri;
		}

		Counter counter(int caller, int status) {
			return this.counters.computeIfAbsent(caller * 1000 + status, (key) -> Counter.builder(REQUESTS)
				.description("Web API and token endpoint calls, by route template, status and caller type")
				.tag("route", this.name)
				.tag("status", Integer.toString(status))
				.tag("caller", CALLERS[caller])
				.register(CallMetrics.this.registry));
		}

		Timer duration() {
			Timer timer = this.duration;
			if (timer == null) {
				timer = Timer.builder(DURATION)
					.description("Time to answer a Web API or token endpoint call, by route template")
					.tag("route", this.name)
					.serviceLevelObjectives(SLO)
					.register(CallMetrics.this.registry);
				this.duration = timer;
			}
			return timer;
		}

	}

	/** Histogram buckets for p50/p99 (a dozen per route, not Micrometer's ~70). */
	private static final java.time.Duration[] SLO = java.util.stream.Stream
		.of(5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000)
		.map(java.time.Duration::ofMillis)
		.toArray(java.time.Duration[]::new);

}
