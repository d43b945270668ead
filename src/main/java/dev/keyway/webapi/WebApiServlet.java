package dev.keyway.webapi;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import tools.jackson.databind.json.JsonMapper;

import dev.keyway.oauth.Parameter;

/**
 * The Web API pipeline on {@code /rest/*} (SPEC 5), one step after the other, none handing state
 * back (issue 13.2): parse, verify and authorize ({@link CallAuthorizer}: store code and route, 404;
 * the query decoded once; a form body read once, it is signed; {@link CallerResolver}: 401; the
 * route's resources and the guest switch: 401; {@code all} + GET: 400) → handler →
 * {@link ResponseWriter} (kept to the {@code fields} of the query, Magento's partial response), or the
 * handler's own {@link StreamedAnswer}. Whatever any step throws ends in {@link ApiErrors} — a 401 for
 * credentials that do not verify and a rate limit's 429 after the {@link RefusalDelay}.
 */
class WebApiServlet extends HttpServlet implements ApiEndpoint {

	private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(WebApiServlet.class);

	/**
	 * Request attribute: the call failed after its answer had begun, so the answer is incomplete; the event-loop
	 * listener then closes the connection instead of ending the answer as if it were whole.
	 */
	static final String BROKE_OFF = WebApiServlet.class.getName() + ".BROKE_OFF";

	private final transient CallAuthorizer authorizer;

	private final transient ResponseWriter writer;

	private final transient JsonMapper json;

	private final transient RefusalDelay refusalDelay;

	WebApiServlet(CallAuthorizer authorizer, ResponseWriter writer, JsonMapper json) {
		this(authorizer, writer, json, new RefusalDelay(java.time.Duration.ZERO));
	}

	WebApiServlet(CallAuthorizer authorizer, ResponseWriter writer, JsonMapper json, RefusalDelay refusalDelay) {
		this.authorizer = authorizer;
		this.writer = writer;
		this.json = json;
		this.refusalDelay = refusalDelay;
	}

	@Override
	protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
		try {
			dispatch(request, response);
		}
		catch (Exception ex) {
			if (response.isCommitted()) {
				brokeOff(request, ex);
				if (!onListener(request)) {
					// Tomcat ends an answer short of its Content-Length as if whole and keeps the connection, so the
					// client waits for the rest until the keep-alive timeout: an abort makes Tomcat close it
					throw new org.apache.catalina.connector.ClientAbortException(
							"The answer broke off after it began: " + ex.getMessage(), ex);
				}
				// the listener closes the connection instead of ending the answer as whole; nothing more can be said
				return;
			}
			if (this.refusalDelay.delays(request, ex)) {
				this.refusalDelay.later(request, response, ex, this.authorizer::answerError);
				return;
			}
			this.authorizer.answerError(request, response, ex);
		}
	}

	private void dispatch(HttpServletRequest request, HttpServletResponse response) throws Exception {
		CallAuthorizer.Authorized call = this.authorizer.authorize(request);
		// handler, then writer
		ApiRequest apiRequest = new ApiRequest(request, call.storeCode(), call.storeCodeInPath(), call.variables(), call.caller(), call.query(),
				request.getQueryString(), call.formBody(), this.json, this.authorizer.maxBodyBytes());
		Route route = call.route();
		Object body = route.handler().handle(apiRequest);
		if (body instanceof StreamedAnswer streamed) {
			Object connection = request.getAttribute(EventLoopListener.ON_EVENT_LOOP);
			if (connection instanceof io.netty.channel.Channel channel) {
				// the answer waits on the network (the gateway's upstream): without blocking the event loop, which
				// serves others, or else on a worker
				AsyncContext async = request.startAsync();
				async.setTimeout(0);
				LoopCall loopCall = new LoopCall(this, async, request, response, channel);
				boolean started;
				try {
					started = streamed.answerOnEventLoop(loopCall);
				}
				catch (RuntimeException ex) {
					// refused before it started (a target that is not a URI, a body over the limit)
					loopCall.fail(ex);
					return;
				}
				if (!started) {
					onWorker(async, request, response, streamed);
				}
				return;
			}
			streamed.answer(request, response);
			return;
		}
		this.writer.write(request, response, route.successStatus(), body, fields(call.query()));
	}

	/**
	 * A streamed answer of a call that runs on the event-loop listener (issue 14.1), or the rest of it: written by a
	 * worker, through the servlet's asynchronous start, with the same error step as {@link #service}.
	 */
	void onWorker(AsyncContext async, HttpServletRequest request, HttpServletResponse response,
			StreamedAnswer streamed) {
		async.start(() -> {
			try {
				streamed.answer(request, response);
			}
			catch (Exception ex) {
				answerFailure(request, response, ex);
			}
			catch (Error error) {
				// nothing sound can be written now: the listener closes the connection instead of a whole-looking answer
				request.setAttribute(BROKE_OFF, Boolean.TRUE);
				throw error;
			}
			finally {
				async.complete();
			}
		});
	}

	/** The error step for a streamed answer's failure, which may come after the answer began. */
	void answerFailure(HttpServletRequest request, HttpServletResponse response, Exception ex) {
		if (response.isCommitted()) {
			// the listener closes the connection instead of ending the answer as whole; nothing more can be said
			brokeOff(request, ex);
			return;
		}
		try {
			this.authorizer.answerError(request, response, ex);
		}
		catch (IOException | RuntimeException ignored) {
			// the client is gone, or the answer had begun: nothing more can be said
		}
	}

	/**
	 * Marks a call whose answer broke off after it began (counted as a 500, the connection closed) and says so once:
	 * one line for a broken exchange (an upstream or a client gone), the trace for anything else.
	 */
	private static void brokeOff(HttpServletRequest request, Exception ex) {
		StreamsPerAddress.Refused refused = StreamsPerAddress.Refused.in(ex);
		if (refused != null) {
			// the listener sent a 503 in place of the answer's head (its client address holds the most it may)
			request.setAttribute(BROKE_OFF, 503);
			log.warn("The answer to {} {} was refused: {}", request.getMethod(), Shown.shown(request.getRequestURI()),
					refused.getMessage());
			return;
		}
		request.setAttribute(BROKE_OFF, Boolean.TRUE);
		if (ex instanceof IOException) {
			log.warn("The answer to {} {} broke off after it began: {}", request.getMethod(),
					Shown.shown(request.getRequestURI()), Shown.shown(String.valueOf(ex.getMessage())));
		}
		else {
			log.error("The answer to {} {} broke off after it began", request.getMethod(),
					Shown.shown(request.getRequestURI()), ex);
		}
	}

	/** Whether the call came through the event-loop listener (which closes a broken-off answer's connection itself). */
	private static boolean onListener(jakarta.servlet.ServletRequest request) {
		jakarta.servlet.ServletRequest unwrapped = request;
		while (unwrapped instanceof jakarta.servlet.ServletRequestWrapper wrapper) {
			unwrapped = wrapper.getRequest();
		}
		return unwrapped instanceof LoopRequest;
	}

	/** The {@code fields} filter of the query (the last one, as PHP reads a repeated parameter), or null. */
	private static String fields(List<Parameter> query) {
		String fields = null;
		for (Parameter parameter : query) {
			if (FieldsFilter.PARAMETER.equals(parameter.name())) {
				fields = parameter.value();
			}
		}
		return fields;
	}

}
