package dev.keyway.management;

import java.util.Set;

import tools.jackson.databind.JsonNode;

import dev.keyway.integration.RateLimit;
import dev.keyway.webapi.ApiException;
import dev.keyway.webapi.JsonFields;

/**
 * An integration's {@code rate_limit} in the management API (issue 17.2, SPEC 5.12):
 * {@code {"per_second":N,"per_minute":M,"burst":B}}, a field left out being 0 (no limit in that
 * window; a burst of one second's worth); {@code null} for the default of the runtime settings;
 * {@code {"per_second":0,"per_minute":0}} (or {@code {}}) for unlimited.
 */
record RateLimitJson(int perSecond, int perMinute, int burst) {

	private static final Set<String> FIELDS = Set.of("per_second", "per_minute", "burst");

	static RateLimitJson of(RateLimit limit) {
		return (limit != null) ? new RateLimitJson(limit.perSecond(), limit.perMinute(), limit.burst()) : null;
	}

	/** The {@code rate_limit} of a request's object: null when absent or null. */
	static RateLimit read(JsonNode json) {
		JsonNode value = json.get("rate_limit");
		if (value == null || value.isNull()) {
			return null;
		}
		if (!value.isObject()) {
			throw ApiException.badRequest("\"rate_limit\" must be null or an object such as {\"per_second\":10,"
					+ "\"per_minute\":300,\"burst\":20}; got " + JsonFields.describe(value) + ".");
		}
		JsonFields.checkKnown(value, FIELDS, Set.of());
		return new RateLimit(number(value, "per_second"), number(value, "per_minute"), number(value, "burst"));
	}

	private static int number(JsonNode value, String name) {
		Integer number = JsonFields.integer(value, name);
		return (number != null) ? number : 0;
	}

}
