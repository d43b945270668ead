package dev.keyway.webapi;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.keyway.audit.Actor;
import dev.keyway.store.InputBounds;

/**
 * One Web API call as a handler sees it: who calls, the store code, path variables, query
 * parameters exactly as sent (order and repeats kept), and the body, read once within the size
 * limit.
 */
final class ApiRequest {

	private final HttpServletRequest servlet;

	private final String storeCode;

	private final Map<String, String> variables;

	private final Caller caller;

	private final JsonMapper json;

	private final long maxBodyBytes;

	private Map<String, List<String>> query;

	private JsonNode body;

	ApiRequest(HttpServletRequest servlet, String storeCode, Map<String, String> variables, Caller caller,
			JsonMapper json, long maxBodyBytes) {
		this.servlet = servlet;
		this.storeCode = storeCode;
		this.variables = variables;
		this.caller = caller;
		this.json = json;
		this.maxBodyBytes = maxBodyBytes;
	}

	Caller caller() {
		return this.caller;
	}

	Actor actor() {
		return this.caller.actor(this.servlet.getRemoteAddr());
	}

	/** The caller's address as the servlet sees it: forwarded headers count only from trusted proxies. */
	String remoteAddress() {
		return this.servlet.getRemoteAddr();
	}

	String storeCode() {
		return this.storeCode;
	}

	String variable(String name) {
		return this.variables.get(name);
	}

	/** A path variable that must be a positive whole number (an id). */
	long idVariable(String name) {
		String value = this.variables.get(name);
		try {
			long id = Long.parseLong(value);
			if (id > 0) {
				return id;
			}
		}
		catch (NumberFormatException ex) {
			// answered below
		}
		throw ApiException.badRequest("The \"" + name + "\" in the URL must be a positive whole number; got "
				+ InputBounds.shown(value) + ".");
	}

	/** Query parameters by decoded name, values in the order sent. */
	Map<String, List<String>> query() {
		if (this.query == null) {
			this.query = parseQuery(this.servlet.getQueryString());
		}
		return this.query;
	}

	String queryValue(String name) {
		List<String> values = query().get(name);
		return (values != null && !values.isEmpty()) ? values.get(0) : null;
	}

	/** The JSON body; 400 naming the problem when it is missing or malformed. */
	JsonNode body() {
		if (this.body == null) {
			byte[] bytes = readBody(this.servlet, this.maxBodyBytes);
			if (bytes.length == 0) {
				throw ApiException.badRequest("The request body is empty; this operation needs a JSON document.");
			}
			try {
				// decimals keep their digits (19.99 stays 19.99, 1e999999999 stays finite) and are bounded per field
				this.body = this.json.reader(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).readTree(bytes);
			}
			catch (StreamConstraintsException ex) {
				throw ApiException.badRequest("The request body breaks a limit of the JSON reader: " + ex.getOriginalMessage()
						+ where(ex) + ".");
			}
			catch (NumberFormatException ex) {
				// Jackson refuses exponents beyond BigDecimal's range with this exception, not a JacksonException
				throw ApiException.badRequest("The request body holds a number beyond any limit: "
						+ InputBounds.cut(ex.getMessage()));
			}
			catch (JacksonException ex) {
				throw ApiException.badRequest("The request body is not valid JSON: " + ex.getOriginalMessage() + where(ex)
						+ ".");
			}
			if (this.body == null || this.body.isMissingNode()) {
				throw ApiException.badRequest("The request body is empty; this operation needs a JSON document.");
			}
		}
		return this.body;
	}

	/** " (line L, column C)", or nothing when the reader gives no location (limits checked after a token). */
	private static String where(JacksonException ex) {
		if (ex.getLocation() == null) {
			return "";
		}
		return " (line " + ex.getLocation().getLineNr() + ", column " + ex.getLocation().getColumnNr() + ")";
	}

	static byte[] readBody(HttpServletRequest request, long max) {
		long declared = request.getContentLengthLong();
		if (declared > max) {
			throw tooLarge(declared, max);
		}
		try (InputStream in = request.getInputStream()) {
			byte[] bytes = in.readNBytes((int) Math.min(max + 1, Integer.MAX_VALUE));
			if (bytes.length > max) {
				throw tooLarge(bytes.length, max);
			}
			return bytes;
		}
		catch (IOException ex) {
			throw ApiException.badRequest("The request body could not be read: " + ex.getMessage());
		}
	}

	private static ApiException tooLarge(long size, long max) {
		return new ApiException(413, "The request body of " + size + " bytes exceeds the limit of " + max
				+ " bytes (keyway.webapi.max-body-size).");
	}

	static Map<String, List<String>> parseQuery(String raw) {
		Map<String, List<String>> params = new LinkedHashMap<>();
		if (raw == null || raw.isEmpty()) {
			return params;
		}
		for (String pair : raw.split("&")) {
			if (pair.isEmpty()) {
				continue;
			}
			int eq = pair.indexOf('=');
			String name = decode((eq >= 0) ? pair.substring(0, eq) : pair);
			String value = (eq >= 0) ? decode(pair.substring(eq + 1)) : "";
			params.computeIfAbsent(name, (k) -> new ArrayList<>(1)).add(value);
		}
		return params;
	}

	private static String decode(String text) {
		try {
			return URLDecoder.decode(text, StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			throw ApiException.badRequest("The query string has a malformed percent-encoding in " + InputBounds.shown(text)
					+ ".");
		}
	}

}
