package dev.keyway.webapi;

import java.util.List;

/**
 * One Web API operation (SPEC 5): method, path template, the ACL resources it requires (all of
 * them), whether the guest switch opens it (SPEC 5.4), its handler and a summary for the docs.
 */
public record Route(String method, PathTemplate path, List<String> resources, boolean guestReadable, int successStatus,
		RouteHandler handler, String summary) {

	public Route {
		resources = List.copyOf(resources);
	}

}
