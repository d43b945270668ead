package dev.keyway.webapi;

import java.util.Map;

/** Told of every call that the route's ACL check (SPEC 5.3) refuses, before the 401 is answered. */
@FunctionalInterface
public interface AuthorizationRefusals {

	/** Records nothing (unit tests of the front controller). */
	AuthorizationRefusals NONE = (route, variables, caller, sourceAddress) -> {
	};

	void refused(Route route, Map<String, String> variables, Caller caller, String sourceAddress);

}
