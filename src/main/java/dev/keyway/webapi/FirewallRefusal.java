package dev.keyway.webapi;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * The firewall's refusal at a Web API door answered as every other error there: 400 in Magento's shape
 * ({@code {"message": ...}}, JSON or XML as asked, SPEC 5.5) with the rule the request broke — instead of
 * Spring Boot's error page, whose body says only "Bad Request" (a developer trial: the OpenAPI document
 * promises Magento's shape, and the client learnt nothing). The firewall names the string it refused in
 * a URL ({@code "The request was rejected because the URL contained a potentially malicious String ";"}"),
 * which is shown; it also quotes a refused header's or parameter's value, which is not (it may be a
 * credential).
 */
record FirewallRefusal(CallAuthorizer authorizer) implements RequestRejectedHandler {

	static final String HEADER_OR_PARAMETER = "The request was rejected because a header or parameter holds a "
			+ "character that is not allowed (a control character, or one Unicode does not assign).";

	/** Longest firewall message shown: its URL rules are short; a refused method is the client's own text. */
	private static final int MAX_MESSAGE = 200;

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response, RequestRejectedException rejection)
			throws IOException {
		if (response.isCommitted()) {
			return;
		}
		response.reset();
		this.authorizer.answerError(request, response, ApiException.badRequest(message(rejection)));
	}

	static String message(RequestRejectedException rejection) {
		String message = String.valueOf(rejection.getMessage());
		if (message.contains("the header") || message.contains("the parameter")) {
			return HEADER_OR_PARAMETER;
		}
		return (message.length() <= MAX_MESSAGE) ? message : message.substring(0, MAX_MESSAGE) + "… ("
				+ message.length() + " characters)";
	}

}
