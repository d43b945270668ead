package dev.keyway.webapi;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.keyway.acl.Grant;

/**
 * Every Web API route, contributed by the modules ({@link RouteContributor}) and listed together
 * (the OpenAPI document, {@code RoutesTests}), so the authorization rule of each is visible.
 * Matching picks the most specific template among those of the request's method and segment count:
 * literal segments win over variables, read left to right ({@link PathTemplate#MOST_SPECIFIC_FIRST}).
 */
public final class RouteTable {

	/** The resource of routes open to everyone. */
	public static final List<String> ANONYMOUS = List.of(Grant.ANONYMOUS);

	/** A matched route and its path variables. */
	public record Match(Route route, Map<String, String> variables) {
	}

	private final List<Route> routes;

	private final Map<String, List<Route>> byMethodAndLength = new HashMap<>();

	RouteTable(List<Route> routes) {
		this.routes = List.copyOf(routes);
		for (Route route : routes) {
			this.byMethodAndLength.computeIfAbsent(key(route.method(), route.path().segments().size()),
					(k) -> new ArrayList<>()).add(route);
		}
		this.byMethodAndLength.values()
			.forEach((list) -> list.sort(Comparator.comparing(Route::path, PathTemplate.MOST_SPECIFIC_FIRST)));
	}

	public List<Route> routes() {
		return this.routes;
	}

	/** The route for the method and decoded path segments, or null. */
	public Match match(String method, List<String> segments) {
		List<Route> candidates = this.byMethodAndLength.get(key(method, segments.size()));
		if (candidates == null) {
			return null;
		}
		for (Route route : candidates) {
			Map<String, String> variables = route.path().match(segments);
			if (variables != null) {
				return new Match(route, variables);
			}
		}
		return null;
	}

	private static String key(String method, int length) {
		return method + ' ' + length;
	}

	/** Builds the table; one line per route, each contributor adding its own. */
	public static final class Builder {

		private final List<Route> routes = new ArrayList<>();

		public Builder get(String path, List<String> resources, RouteHandler handler, String summary) {
			return add("GET", path, resources, false, 200, handler, summary);
		}

		/** A GET route that the guest switch (Allow Anonymous Guest Access) opens to everyone. */
		public Builder guestGet(String path, List<String> resources, RouteHandler handler, String summary) {
			return add("GET", path, resources, true, 200, handler, summary);
		}

		public Builder post(String path, List<String> resources, RouteHandler handler, String summary) {
			return add("POST", path, resources, false, 200, handler, summary);
		}

		public Builder put(String path, List<String> resources, RouteHandler handler, String summary) {
			return add("PUT", path, resources, false, 200, handler, summary);
		}

		public Builder delete(String path, List<String> resources, RouteHandler handler, String summary) {
			return add("DELETE", path, resources, false, 200, handler, summary);
		}

		/**
		 * A route whose call is passed on to another server (the gateway's): an encoded slash in its path
		 * reaches that server only when {@code encodedSlashes} says the server takes it as part of a segment.
		 */
		public Builder forwarded(String method, String path, List<String> resources, RouteHandler handler,
				String summary, boolean encodedSlashes) {
			return forwarded(method, path, resources, handler, summary, encodedSlashes, java.util.Set.of());
		}

		/**
		 * As {@link #forwarded(String, String, List, RouteHandler, String, boolean)}, for a server with store codes of
		 * its own: {@code /rest/<code>/...} with one of {@code storeCodes} reaches this route too.
		 */
		public Builder forwarded(String method, String path, List<String> resources, RouteHandler handler,
				String summary, boolean encodedSlashes, java.util.Set<String> storeCodes) {
			this.routes.add(new Route(method, PathTemplate.of(path), resources, false, 200, handler, summary,
					encodedSlashes, storeCodes));
			return this;
		}

		private Builder add(String method, String path, List<String> resources, boolean guestReadable, int status,
				RouteHandler handler, String summary) {
			this.routes.add(new Route(method, PathTemplate.of(path), resources, guestReadable, status, handler, summary,
					true, java.util.Set.of()));
			return this;
		}

		RouteTable build() {
			return new RouteTable(this.routes);
		}

	}

}
