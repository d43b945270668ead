package dev.keyway.webapi;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;

/**
 * Tomcat's error report for the requests its connector refuses before any filter runs (a NUL or a
 * malformed escape in the path: {@code CoyoteAdapter} answers 400 itself), written for the paths of the
 * Web API, the verify-only endpoints and the token endpoints in the shape their clients parse
 * ({@link DoorRefusals}) and with the rule the request broke, as the event-loop listener answers the same
 * request (and for a request line too long to read any path from: it names the setting); Tomcat's page is HTML
 * that says only "Bad Request". Every other error keeps Tomcat's report,
 * which Spring Boot configures without the server's name or a stack trace (as here).
 * <p>
 * Public: Tomcat's host names its error valve by class ({@code StandardHost#setErrorReportValveClass}).
 */
public final class ApiErrorReportValve extends ErrorReportValve {

	/** A request line whose target Tomcat read but whose HTTP version it could not (a raw space ended the target). */
	static final String RAW_SPACE = "The request line is not \"<method> <target> HTTP/1.1\": the request target holds a "
			+ "space, which must be percent-encoded (%20)";

	/** A request line and headers over {@code server.max-http-request-header-size}, as both ports name it. */
	static final String HEAD_TOO_LONG = "The request line and headers are longer than "
			+ "server.max-http-request-header-size allows";

	/**
	 * Tomcat's words for that (Http11InputBuffer), read from Tomcat's own messages as it reads them (in the JVM's
	 * locale, when a Tomcat translation is on the class path: the embedded jar ships English only).
	 */
	private static final String TOMCAT_HEAD_TOO_LONG = org.apache.tomcat.util.res.StringManager
		.getManager("org.apache.coyote.http11")
		.getString("iib.requestheadertoolarge.error");

	/** What a request target and a Host header may hold on Tomcat's port, to name the broken rule. */
	private final RequestTarget target;

	/** With no relaxed characters (Tomcat's own default), for a host that creates its valve by class. */
	public ApiErrorReportValve() {
		this(new RequestTarget(List.of(), List.of()));
	}

	ApiErrorReportValve(RequestTarget target) {
		this.target = target;
		setShowReport(false);
		setShowServerInfo(false);
	}

	@Override
	protected void report(Request request, Response response, Throwable throwable) {
		String path = rawPath(request);
		boolean token = DoorRefusals.tokenPath(path);
		// a request line longer than the limit leaves no path to go by: Keyway's answer names the setting, where
		// Tomcat's page said "Bad Request" (an operator trial: a long SKU behind Caddy, whose check carries the URI
		// in a header, and the same URI sent to Tomcat's port directly)
		boolean lineTooLong = path.isEmpty() && headTooLong(throwable);
		if (!token && !DoorRefusals.apiPath(path) && !lineTooLong) {
			super.report(request, response, throwable);
			return;
		}
		// as Tomcat's report: only an error (sendError) not yet reported, with nothing written
		if (response.getStatus() < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
			return;
		}
		AtomicBoolean writable = new AtomicBoolean();
		response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, writable);
		if (!writable.get()) {
			return;
		}
		String message = headTooLong(throwable) ? HEAD_TOO_LONG : rule(request, path, response.getStatus());
		byte[] body = DoorRefusals.body(token, message);
		try {
			if (DoorRefusals.nginxCheck(path) && response.getStatus() < 500 && response.getStatus() != 401) {
				response.setHeader("X-Keyway-Error", DoorRefusals.nginxError(response.getStatus(), message));
				response.setStatus(403);
			}
			response.setContentType(DoorRefusals.contentType(token));
			response.setContentLength(body.length);
			OutputStream out = response.getOutputStream();
			out.write(body);
			out.flush();
		}
		catch (IOException | IllegalStateException ex) {
			// the client went away, or the response was taken over meanwhile: nothing left to tell anyone
		}
	}

	/**
	 * The rule the request broke, as the listener names it for the same request: a NUL or a malformed escape, a
	 * character a request target may not hold, a Host that is not host[:port], a transfer coding other than chunked.
	 */
	private String rule(Request request, String path, int status) {
		String rule = DoorRefusals.pathRule(path);
		if (rule == null) {
			String query = request.getQueryString();
			rule = this.target.refusal((query != null) ? path + "?" + query : path);
		}
		String host = request.getHeader("Host");
		if (rule == null && host != null) {
			rule = RequestTarget.hostRefusal(host);
		}
		String protocol = request.getProtocol();
		if (rule == null && status == 400 && (protocol == null || !protocol.startsWith("HTTP/"))) {
			// the target was read up to a space and what followed is no HTTP version: a raw space in the URL
			// (a client given an unencoded search value) is by far the usual cause
			rule = RAW_SPACE;
		}
		String codings = request.getHeader("Transfer-Encoding");
		if (rule == null && status == 501 && codings != null) {
			rule = "Transfer-Encoding must be chunked (or absent); got " + Shown.shown(codings);
		}
		return (rule != null) ? rule : "The HTTP server refused the request before Keyway read it (status " + status + ")";
	}

	/** True when Tomcat refused the request for a request line and headers over its buffer. */
	private static boolean headTooLong(Throwable throwable) {
		return throwable instanceof IllegalArgumentException && throwable.getMessage() != null
				&& throwable.getMessage().startsWith(TOMCAT_HEAD_TOO_LONG);
	}

	/** The request's path as sent, without the query; empty when Tomcat could not read one. */
	private static String rawPath(Request request) {
		String uri = request.getRequestURI();
		if (uri == null) {
			return "";
		}
		String context = (request.getContext() != null) ? request.getContext().getPath() : "";
		return (!context.isEmpty() && uri.startsWith(context)) ? uri.substring(context.length()) : uri;
	}

}
