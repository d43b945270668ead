package dev.keyway.webapi;

import java.util.List;

/**
 * One Web API operation (SPEC 5): method, path template, the ACL resources it requires (all of
 * them), whether the guest switch opens it (SPEC 5.4), its handler, a summary for the docs, and
 * whether a path variable may carry an encoded slash or percent sign ({@code %2F}, {@code %25}: SKUs such as
 * {@code A/B}, {@code 50%-OFF}): true
 * for the routes Keyway answers itself, whose handlers read the decoded segment; a forwarded route
 * passes the path on to a server that may decode it into other segments, so it says so itself.
 */
public record Route(String method, PathTemplate path, List<String> resources, boolean guestReadable, int successStatus,
		RouteHandler handler, String summary, boolean encodedSlashes, java.util.Set<String> storeCodes) {

	public Route {
		resources = List.copyOf(resources);
		storeCodes = java.util.Set.copyOf(storeCodes);
	}

}
