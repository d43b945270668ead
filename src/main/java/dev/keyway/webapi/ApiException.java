package dev.keyway.webapi;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.keyway.oauth.RefusalFacts;
import dev.keyway.oauth.RefusalReason;

/**
 * An error answer of the Web API (SPEC 5.5): status, Magento-style message (placeholders such as
 * {@code %resources} left in), parameters, and for aggregated input errors the list of errors.
 */
public class ApiException extends RuntimeException {

	/** One of several input errors. */
	public record Item(String message, Object parameters) {
	}

	public static final String NO_ROUTE = "Request does not match any route.";

	public static final String UNAUTHORIZED = "The consumer isn't authorized to access %resources.";

	public static final String AGGREGATE = "One or more input exceptions have occurred.";

	private final int status;

	private final transient Object parameters;

	private final transient List<Item> errors;

	private transient RefusalReason reason;

	private transient RefusalFacts facts = RefusalFacts.NONE;

	private transient Map<String, String> explanation;

	private transient Map<String, String> headers = Map.of();

	public ApiException(int status, String message) {
		this(status, message, null, List.of());
	}

	public ApiException(int status, String message, Object parameters) {
		this(status, message, parameters, List.of());
	}

	public ApiException(int status, String message, Object parameters, List<Item> errors) {
		super(message, null, false, false);
		this.status = status;
		this.parameters = parameters;
		this.errors = List.copyOf(errors);
	}

	public static ApiException notFound(String message) {
		return new ApiException(404, message);
	}

	public static ApiException unavailable() {
		return new ApiException(503, "The service is temporarily unavailable: its database cannot be reached. "
				+ "Try again later.");
	}

	public static ApiException badRequest(String message) {
		return new ApiException(400, message);
	}

	public static ApiException unauthorized(List<String> resources) {
		return new ApiException(401, UNAUTHORIZED, Map.of("resources", String.join(", ", resources)));
	}

	/**
	 * Magento's aggregation: one error is answered as itself, several as "One or more input
	 * exceptions have occurred." with the list.
	 */
	public static ApiException inputErrors(List<Item> items) {
		if (items.size() == 1) {
			return new ApiException(400, items.get(0).message(), items.get(0).parameters());
		}
		return new ApiException(400, AGGREGATE, null, items);
	}

	/** Marks this answer as a refused call (issue 16.1); the wire answer does not change. */
	public ApiException refusedBecause(RefusalReason why, RefusalFacts known) {
		this.reason = why;
		this.facts = known;
		return this;
	}

	/** Adds a response header to this answer (e.g. Retry-After of a 429). */
	public ApiException withHeader(String name, String value) {
		Map<String, String> more = new LinkedHashMap<>(this.headers);
		more.put(name, value);
		this.headers = Map.copyOf(more);
		return this;
	}

	/** Adds response headers to this answer at once (one copy, where {@link #withHeader} makes one per header). */
	public ApiException withHeaders(Map<String, String> more) {
		if (this.headers.isEmpty()) {
			this.headers = Map.copyOf(more);
			return this;
		}
		Map<String, String> all = new LinkedHashMap<>(this.headers);
		all.putAll(more);
		this.headers = Map.copyOf(all);
		return this;
	}

	/** The response headers this answer adds. */
	public Map<String, String> headers() {
		return this.headers;
	}

	/** Why the call was refused, or null when this is no refusal (input errors, 404s). */
	public RefusalReason reason() {
		return this.reason;
	}

	/**
	 * Adds fields to the error body after Magento's (an integration's debug answer, issue 16); the
	 * body stays Magento's when this is never called.
	 */
	public ApiException explainedBy(Map<String, String> fields) {
		// in the caller's order (SPEC 5.9.1: reason, hint, base_string, signature_method)
		this.explanation = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(fields));
		return this;
	}

	/** The fields an admin's debug answer adds to the body, or null. */
	public Map<String, String> explanation() {
		return this.explanation;
	}

	public RefusalFacts facts() {
		return this.facts;
	}

	public int status() {
		return this.status;
	}

	public Object parameters() {
		return this.parameters;
	}

	public List<Item> errors() {
		return this.errors;
	}

}
