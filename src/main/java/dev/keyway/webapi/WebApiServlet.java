package dev.keyway.webapi;

import java.io.IOException;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import tools.jackson.databind.json.JsonMapper;

/**
 * The Web API pipeline on {@code /rest/*} (SPEC 5), one step after the other, none handing state
 * back (issue 13.2): parse, verify and authorize ({@link CallAuthorizer}: 404, 401, 400) → handler →
 * {@link ResponseWriter} (or the handler's own {@link StreamedAnswer}). Whatever any step throws
 * ends in the one error step.
 */
class WebApiServlet extends HttpServlet {

	private final transient CallAuthorizer authorizer;

	private final transient ResponseWriter writer;

	private final transient JsonMapper json;

	WebApiServlet(CallAuthorizer authorizer, ResponseWriter writer, JsonMapper json) {
		this.authorizer = authorizer;
		this.writer = writer;
		this.json = json;
	}

	@Override
	protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
		try {
			dispatch(request, response);
		}
		catch (Exception ex) {
			this.authorizer.answerError(request, response, ex);
		}
	}

	private void dispatch(HttpServletRequest request, HttpServletResponse response) throws Exception {
		CallAuthorizer.Authorized call = this.authorizer.authorize(request);
		// handler, then writer
		ApiRequest apiRequest = new ApiRequest(request, call.storeCode(), call.variables(), call.caller(), call.query(),
				request.getQueryString(), call.formBody(), this.json, this.authorizer.maxBodyBytes());
		Route route = call.route();
		Object body = route.handler().handle(apiRequest);
		if (body instanceof StreamedAnswer streamed) {
			streamed.answer(request, response);
			return;
		}
		this.writer.write(request, response, route.successStatus(), body);
	}

}
