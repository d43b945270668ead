package dev.keyway.admin;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.regex.Pattern;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.http.HttpHeaders;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.AccessDeniedHandlerImpl;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.session.InvalidSessionStrategy;

/**
 * A request whose session is gone: expired, or ended by Sign Out in another tab (whose login page then
 * started a fresh session, so a form sent from the first tab carries a CSRF token that session never
 * issued). Either way the admin reads "Your session expired" on the sign-in page, and is sent back
 * after signing in to the page they were on: the page itself for a GET, the page the form was on (its
 * same-origin Referer, or the form's own page when that Referer is the form sent back after a refusal)
 * for a POST. Only that path is kept in the new session, never what the form held (it may hold a
 * password): the browser keeps what was typed, in the tab, and offers it again (keyway-draft.js). A CSRF refusal while signed in stays a 403: that is a forged request,
 * not an ended session.
 */
final class SessionEnded implements InvalidSessionStrategy, AccessDeniedHandler {

	/** The session attribute holding the path to go back to after signing in. */
	static final String RETURN_TO = SessionEnded.class.getName() + ".returnTo";

	private static final int MAX_PATH = 2000;

	/** An integration's update, the URL of its Edit form after a refused Save. */
	private static final Pattern EDITED = Pattern
		.compile(Pattern.quote(AdminPaths.GRID) + "/\\d{1,18}");

	private final AuthenticationTrustResolver trust = new AuthenticationTrustResolverImpl();

	private final AccessDeniedHandler forbidden = new AccessDeniedHandlerImpl();

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
			throws IOException, ServletException {
		if (denied instanceof CsrfException && !signedIn()) {
			onInvalidSessionDetected(request, response);
			return;
		}
		this.forbidden.handle(request, response, denied);
	}

	@Override
	public void onInvalidSessionDetected(HttpServletRequest request, HttpServletResponse response) throws IOException {
		boolean read = "GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod());
		String returnTo = read ? pathOf(request) : formPage(request, refererPath(request));
		HttpSession session = request.getSession(true);
		if (returnTo != null) {
			session.setAttribute(RETURN_TO, returnTo);
		}
		else {
			session.removeAttribute(RETURN_TO);
		}
		// a sign-in page left open past its session: nothing to send again but the sign-in itself
		boolean signIn = (request.getContextPath() + AdminPaths.LOGIN).equals(request.getRequestURI());
		String query = (read || signIn) ? "?expired" : "?expired&notSaved";
		response.sendRedirect(request.getContextPath() + AdminPaths.LOGIN + query);
	}

	/**
	 * The path kept after a session ended, once: null when there is none (the grid is the default).
	 */
	static String takeReturnPath(HttpServletRequest request) {
		HttpSession session = request.getSession(false);
		if (session == null || !(session.getAttribute(RETURN_TO) instanceof String path)) {
			return null;
		}
		session.removeAttribute(RETURN_TO);
		return path;
	}

	private boolean signedIn() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		return authentication != null && authentication.isAuthenticated() && !this.trust.isAnonymous(authentication);
	}

	private static String pathOf(HttpServletRequest request) {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		return adminPage(request, path + ((request.getQueryString() != null) ? "?" + request.getQueryString() : ""));
	}

	/**
	 * The page that shows the form again: a form the server sent back after refusing it (a wrong
	 * password, a field error) has the URL it was posted to, which answers no GET (New: the grid's;
	 * Edit: none), so its own page instead. The browser restores what was typed there (keyway-draft.js).
	 */
	private static String formPage(HttpServletRequest request, String referer) {
		if (referer == null || !referer.equals(request.getRequestURI())) {
			return referer;
		}
		String path = referer.substring(request.getContextPath().length());
		if (path.equals(AdminPaths.GRID)) {
			return request.getContextPath() + AdminPaths.NEW;
		}
		if (EDITED.matcher(path).matches()) {
			return request.getContextPath() + path + "/edit";
		}
		return referer;
	}

	/** The same-origin page a form was sent from, as a path; null for anything else. */
	private static String refererPath(HttpServletRequest request) {
		String referer = request.getHeader(HttpHeaders.REFERER);
		if (referer == null) {
			return null;
		}
		try {
			URI uri = new URI(referer);
			if (uri.getHost() == null || !uri.getHost().equalsIgnoreCase(request.getServerName())
					|| uri.getRawPath() == null || !uri.getRawPath().startsWith(request.getContextPath() + "/")) {
				return null;
			}
			String path = uri.getRawPath().substring(request.getContextPath().length());
			return adminPage(request, path + ((uri.getRawQuery() != null) ? "?" + uri.getRawQuery() : ""));
		}
		catch (URISyntaxException ex) {
			return null;
		}
	}

	/** An admin page other than sign-in, as a path that cannot lead off this site; else null. */
	private static String adminPage(HttpServletRequest request, String path) {
		if (path.length() > MAX_PATH || !path.startsWith(AdminPaths.HOME + "/") || path.startsWith(AdminPaths.LOGIN)
				|| path.startsWith(AdminPaths.LOGOUT) || path.contains("//") || path.contains("\\")
				|| path.chars().anyMatch(Character::isISOControl)) {
			return null;
		}
		return request.getContextPath() + path;
	}

}
