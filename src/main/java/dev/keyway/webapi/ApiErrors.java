package dev.keyway.webapi;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.security.web.firewall.RequestRejectedException;

import dev.keyway.oauth.DatabaseUnavailability;
import dev.keyway.oauth.WarningEvery;

/**
 * The pipeline's one error step (SPEC 5.5, issue 13.3): whatever a step throws ends here. An
 * {@link ApiException} is answered as it is; a module's domain exception through the
 * {@link ErrorTranslator} registered for its class; a database that cannot be reached is a 503 with
 * Retry-After; anything else is a 500 naming a report id that the log holds too, with the trace only
 * in developer mode.
 */
final class ApiErrors {

	private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);

	static final String INTERNAL_ERROR = "Internal Error. Details are available in the log file. Report ID: ";

	private final Map<Class<?>, ErrorTranslator<?>> translators = new HashMap<>();

	private final ResponseWriter writer;

	private final boolean developerMode;

	private final WarningEvery unavailableWarnings = new WarningEvery(java.time.Duration.ofSeconds(10));

	ApiErrors(List<ErrorTranslator<?>> translators, ResponseWriter writer, boolean developerMode) {
		for (ErrorTranslator<?> translator : translators) {
			ErrorTranslator<?> before = this.translators.put(translator.type(), translator);
			if (before != null) {
				throw new IllegalStateException("Two error translators for " + translator.type().getName()
						+ "; one exception has one meaning on the Web API");
			}
		}
		this.writer = writer;
		this.developerMode = developerMode;
	}

	/** Answers the failure of one call. */
	void answer(HttpServletRequest request, HttpServletResponse response, Exception failure) throws IOException {
		ApiException error = translate(failure);
		if (error != null) {
			error.headers().forEach(response::setHeader);
			if (error.status() == 503) {
				response.setHeader("Retry-After", "5");
			}
			this.writer.writeError(request, response, error, null);
			return;
		}
		if (DatabaseUnavailability.is(failure) && !response.isCommitted()) {
			warnUnavailable(request, failure);
			response.reset();
			response.setHeader("Retry-After", "5");
			this.writer.writeError(request, response, ApiException.unavailable(), null);
			return;
		}
		String report = "webapi-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()).substring(3);
		log.error("Web API call {} {} failed (Report ID: {})", request.getMethod(), request.getRequestURI(), report,
				failure);
		if (!response.isCommitted()) {
			response.reset();
			this.writer.writeError(request, response, new ApiException(500, INTERNAL_ERROR + report),
					this.developerMode ? trace(failure) : null);
		}
	}

	/**
	 * One WARN line for a call the database's absence stopped, at most every 10 s, with the number of calls
	 * since the last line (an operator's trial with PostgreSQL stopped: every call wrote one line, 200 lines
	 * for 200 calls); the client's 503 says the rest.
	 */
	private void warnUnavailable(HttpServletRequest request, Exception failure) {
		int more = this.unavailableWarnings.due();
		if (more < 0) {
			return;
		}
		log.warn("Web API call {} {}: the database is unavailable ({}); every call answers 503 meanwhile, logged at "
				+ "most every 10 s{}", request.getMethod(), Shown.cut(request.getRequestURI()), failure.toString(),
				WarningEvery.andMore(more, "calls"));
	}

	/** The Web API error the failure means, or null when it is unexpected. */
	ApiException translate(Throwable failure) {
		if (failure instanceof ApiException error) {
			return error;
		}
		if (failure instanceof RequestRejectedException rejected) {
			// the firewall refused a header or parameter when the pipeline read it: the client's input, not a 500
			return ApiException.badRequest(FirewallRefusal.message(rejected));
		}
		for (Class<?> type = failure.getClass(); type != null && type != RuntimeException.class; type = type
			.getSuperclass()) {
			ErrorTranslator<?> translator = this.translators.get(type);
			if (translator != null) {
				return apply(translator, failure);
			}
		}
		return null;
	}

	private static <E extends RuntimeException> ApiException apply(ErrorTranslator<E> translator, Throwable failure) {
		return translator.translate(translator.type().cast(failure));
	}

	private static String trace(Exception ex) {
		StringWriter out = new StringWriter();
		ex.printStackTrace(new PrintWriter(out));
		return out.toString();
	}

}
