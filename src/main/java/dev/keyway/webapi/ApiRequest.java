package dev.keyway.webapi;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
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
import dev.keyway.oauth.OAuthRequest;
import dev.keyway.oauth.Parameter;
import dev.keyway.oauth.RequestBody;

/**
 * One Web API call as a handler sees it: who calls, the store code, path variables, query
 * parameters as the pipeline decoded them once (order and repeats kept), and the body, read once
 * within the size limit.
 */
public final class ApiRequest {

	private static final RequestBody.Refusals BODY_REFUSALS = new RequestBody.Refusals() {

		@Override
		public RuntimeException tooLarge(long size, long max) {
			return new ApiException(413, "The request body of " + size + " bytes exceeds the limit of " + max
					+ " bytes (keyway.webapi.max-body-size).");
		}

		@Override
		public RuntimeException unreadable(IOException ex) {
			return ApiException.badRequest("The request body could not be read: " + ex.getMessage());
		}

	};

	private final HttpServletRequest servlet;

	private final String storeCode;

	private final boolean storeCodeInPath;

	private final Map<String, String> variables;

	private final Caller caller;

	private final JsonMapper json;

	private final long maxBodyBytes;

	private final List<Parameter> parameters;

	private final String rawQuery;

	private byte[] bytes;

	private Map<String, List<String>> query;

	private JsonNode body;

	/**
	 * @param parameters the query, decoded once by the pipeline
	 * @param rawQuery the query as sent (named in the message of a malformed escape)
	 * @param bytes the body when the pipeline read it already (a form body), else null
	 */
	ApiRequest(HttpServletRequest servlet, String storeCode, boolean storeCodeInPath, Map<String, String> variables,
			Caller caller, List<Parameter> parameters, String rawQuery, byte[] bytes, JsonMapper json, long maxBodyBytes) {
		this.servlet = servlet;
		this.storeCode = storeCode;
		this.storeCodeInPath = storeCodeInPath;
		this.variables = variables;
		this.caller = caller;
		this.parameters = parameters;
		this.rawQuery = rawQuery;
		this.bytes = bytes;
		this.json = json;
		this.maxBodyBytes = maxBodyBytes;
	}

	public Caller caller() {
		return this.caller;
	}

	public Actor actor() {
		return this.caller.actor(this.servlet.getRemoteAddr());
	}

	/** The caller's address as the servlet sees it: forwarded headers count only from trusted proxies. */
	public String remoteAddress() {
		return this.servlet.getRemoteAddr();
	}

	public String storeCode() {
		return this.storeCode;
	}

	/**
	 * Whether the path named the store code ({@code /rest/<code>/V1/...}), as the router read it: it decodes each
	 * segment, so {@code /rest/%561/...} is {@code /rest/V1/...}, without one.
	 */
	public boolean storeCodeInPath() {
		return this.storeCodeInPath;
	}

	public String variable(String name) {
		return this.variables.get(name);
	}

	/** A path variable that must be a positive whole number (an id). */
	public long idVariable(String name) {
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
				+ Shown.shown(value) + ".");
	}

	/** Query parameters by decoded name, values in the order sent. */
	public Map<String, List<String>> query() {
		if (this.query == null) {
			this.query = queryMap(this.parameters, this.rawQuery);
		}
		return this.query;
	}

	public String queryValue(String name) {
		List<String> values = query().get(name);
		return (values != null && !values.isEmpty()) ? values.get(0) : null;
	}

	/** The query string as sent (not decoded), or null. */
	public String rawQuery() {
		return this.rawQuery;
	}

	/** The path variables by name. */
	public Map<String, String> variables() {
		return this.variables;
	}

	/**
	 * The body as a stream, for a handler that forwards it without holding it (the gateway): the
	 * bytes the pipeline read already (a form body), else the request's stream within the limit —
	 * 413 at once for a declared length over it, an {@link IOException} once more bytes than the
	 * limit arrive ({@link #isBodyTooLarge}).
	 */
	public InputStream bodyStream() throws IOException {
		if (this.bytes != null) {
			return new ByteArrayInputStream(this.bytes);
		}
		long declared = this.servlet.getContentLengthLong();
		if (declared > this.maxBodyBytes) {
			throw BODY_REFUSALS.tooLarge(declared, this.maxBodyBytes);
		}
		return new BoundedInputStream(this.servlet.getInputStream(), this.maxBodyBytes);
	}

	/** True when the failure is (or is caused by) a streamed body going over the limit; then 413. */
	public static ApiException bodyTooLarge(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof BoundedInputStream.TooLarge tooLarge) {
				return (ApiException) BODY_REFUSALS.tooLarge(tooLarge.size, tooLarge.max);
			}
		}
		return null;
	}

	/** The JSON body, or null when the request has none (an operation whose options are all optional). */
	public JsonNode optionalBody() {
		if (this.body == null && this.bytes == null) {
			this.bytes = readBody(this.servlet, this.maxBodyBytes);
		}
		return (this.body == null && this.bytes.length == 0) ? null : body();
	}

	/** The JSON body; 400 naming the problem when it is missing or malformed. */
	public JsonNode body() {
		if (this.body == null) {
			if (this.bytes == null) {
				this.bytes = readBody(this.servlet, this.maxBodyBytes);
			}
			byte[] bytes = this.bytes;
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
						+ Shown.cut(ex.getMessage()));
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

	/** The body within the limit: 413 over it (keyway.webapi.max-body-size). */
	static byte[] readBody(HttpServletRequest request, long max) {
		return RequestBody.read(request, max, BODY_REFUSALS);
	}

	/** Query parameters by name, values in the order sent; the query as a test or a handler sees it. */
	public static Map<String, List<String>> parseQuery(String raw) {
		return queryMap(OAuthRequest.parseForm(raw), raw);
	}

	/**
	 * The decoded parameters by name. A malformed escape (kept as sent for the signature, RFC 5849)
	 * is a 400 for a handler that reads the query, naming the first broken name or value.
	 */
	private static Map<String, List<String>> queryMap(List<Parameter> parameters, String raw) {
		if (raw != null && raw.indexOf('%') >= 0) {
			checkEscapes(raw);
		}
		Map<String, List<String>> params = new LinkedHashMap<>();
		for (Parameter parameter : parameters) {
			params.computeIfAbsent(parameter.name(), (k) -> new ArrayList<>(1)).add(parameter.value());
		}
		return params;
	}

	private static void checkEscapes(String raw) {
		for (String pair : raw.split("&")) {
			int eq = pair.indexOf('=');
			checkPiece((eq >= 0) ? pair.substring(0, eq) : pair);
			if (eq >= 0) {
				checkPiece(pair.substring(eq + 1));
			}
		}
	}

	/** Every {@code %} followed by two hex digits, as URLDecoder demands. */
	private static void checkPiece(String text) {
		for (int i = text.indexOf('%'); i >= 0; i = text.indexOf('%', i + 1)) {
			if (i + 3 > text.length() || hex(text.charAt(i + 1)) < 0 || hex(text.charAt(i + 2)) < 0) {
				throw ApiException.badRequest("The query string has a malformed percent-encoding in "
						+ Shown.shown(text) + ".");
			}
			i += 2;
		}
	}

	private static int hex(char c) {
		return Character.digit(c, 16);
	}

	/**
	 * A stream that fails once more than {@code max} bytes were read. Hand-written: commons-io's
	 * BoundedInputStream stops silently at the bound, and a cut body must not be forwarded as whole.
	 */
	private static final class BoundedInputStream extends FilterInputStream {

		/** The failure of a body over the limit. */
		static final class TooLarge extends IOException {

			final long size;

			final long max;

			TooLarge(long size, long max) {
				super("The request body exceeds the limit of " + max + " bytes (keyway.webapi.max-body-size).");
				this.size = size;
				this.max = max;
			}

		}

		private final long max;

		private long count;

		BoundedInputStream(InputStream in, long max) {
			super(in);
			this.max = max;
		}

		@Override
		public int read() throws IOException {
			int b = super.read();
			if (b >= 0) {
				counted(1);
			}
			return b;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			int n = super.read(buffer, offset, length);
			if (n > 0) {
				counted(n);
			}
			return n;
		}

		private void counted(int n) throws IOException {
			this.count += n;
			if (this.count > this.max) {
				throw new TooLarge(this.count, this.max);
			}
		}

	}

}
