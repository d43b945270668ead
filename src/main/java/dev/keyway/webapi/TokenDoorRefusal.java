package dev.keyway.webapi;

import java.io.IOException;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.web.firewall.HttpStatusRequestRejectedHandler;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * The firewall's refusal of a request to the token endpoints answered as those endpoints answer every
 * refusal: 400 {@code oauth_problem=<the rule>} (SPEC 4.7), on both ports (Spring Security's filter chain
 * on Tomcat's, the listener's door of the token endpoints); elsewhere a plain 400, as Spring Security
 * answers by default. Before, a client parsing {@code oauth_problem} read Spring Boot's JSON error page
 * there. The firewall's text is shown as at the Web API's doors ({@link FirewallRefusal#message}).
 */
final class TokenDoorRefusal implements RequestRejectedHandler {

	private final RequestRejectedHandler otherwise = new HttpStatusRequestRejectedHandler();

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response, RequestRejectedException rejection)
			throws IOException, ServletException {
		String uri = request.getRequestURI();
		String path = (uri != null) ? uri.substring(Math.min(uri.length(), request.getContextPath().length())) : "";
		if (!DoorRefusals.tokenPath(path) || response.isCommitted()) {
			this.otherwise.handle(request, response, rejection);
			return;
		}
		response.reset();
		byte[] body = DoorRefusals.body(true, FirewallRefusal.message(rejection));
		response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
		response.setContentType(DoorRefusals.contentType(true));
		response.setContentLength(body.length);
		response.getOutputStream().write(body);
		response.flushBuffer();
	}

}
