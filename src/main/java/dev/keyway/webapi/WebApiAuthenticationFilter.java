package dev.keyway.webapi;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The authentication step of {@code /rest/**} in Spring Security's chain: resolves the caller and
 * puts it in the security context and the request. A refused credential does not answer here: the
 * failure is kept for the dispatcher, which answers it after route matching, in Magento's order
 * (unknown route 404 first, then 401).
 */
class WebApiAuthenticationFilter extends OncePerRequestFilter {

	static final String CALLER = WebApiAuthenticationFilter.class.getName() + ".caller";

	static final String FAILURE = WebApiAuthenticationFilter.class.getName() + ".failure";

	private final CallerResolver resolver;

	private final long maxBodyBytes;

	WebApiAuthenticationFilter(CallerResolver resolver, long maxBodyBytes) {
		this.resolver = resolver;
		this.maxBodyBytes = maxBodyBytes;
	}

	/** Form bodies are signed (SPEC 4.2), so they are read here; JSON and XML bodies are not. */
	private static boolean isForm(HttpServletRequest request) {
		String type = request.getContentType();
		return type != null && type.regionMatches(true, 0, "application/x-www-form-urlencoded", 0, 33);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Caller caller;
		byte[] formBody = null;
		try {
			if (isForm(request)) {
				formBody = ApiRequest.readBody(request, this.maxBodyBytes);
				request = new CachedBodyRequest(request, formBody);
			}
			caller = this.resolver.resolve(request, formBody);
		}
		catch (ApiException ex) {
			request.setAttribute(FAILURE, ex);
			caller = Caller.Guest.INSTANCE;
		}
		catch (RuntimeException ex) {
			if (!Unavailability.is(ex)) {
				throw ex;
			}
			request.setAttribute(FAILURE, ApiException.unavailable());
			caller = Caller.Guest.INSTANCE;
		}
		request.setAttribute(CALLER, caller);
		SecurityContextHolder.getContext().setAuthentication(new CallerAuthentication(caller));
		try {
			chain.doFilter(request, response);
		}
		finally {
			SecurityContextHolder.clearContext();
		}
	}

	/** The caller as a Spring Security authentication. */
	static final class CallerAuthentication extends AbstractAuthenticationToken {

		private final Caller caller;

		CallerAuthentication(Caller caller) {
			super(List.of());
			this.caller = caller;
			setAuthenticated(!(caller instanceof Caller.Guest));
		}

		@Override
		public Object getCredentials() {
			return "";
		}

		@Override
		public Object getPrincipal() {
			return this.caller;
		}

	}

}
