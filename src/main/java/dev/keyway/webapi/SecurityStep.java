package dev.keyway.webapi;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.FirewalledRequest;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.HttpStatusRequestRejectedHandler;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * Spring Security for the paths behind a {@link FrontDoor}, run the way its {@code FilterChainProxy}
 * runs them, minus the two steps that only cost time here (docs/BENCHMARKS.md, "Wave 2, thirteenth
 * session": 7–9 µs of a 33–41 µs call):
 * <ul>
 * <li>the same {@link HttpFirewall} (the application's bean, else a {@link StrictHttpFirewall}) wraps
 * or rejects the request and wraps the response;</li>
 * <li>the filters of the first {@link SecurityFilterChain} (in the chains' order) that matches the
 * request run, then the servlet; the chain is chosen on the first request the firewall lets through
 * and kept, because a front door serves only its servlet's URL patterns, which one chain covers
 * ({@code StatelessApiSecurity}) — {@code FilterChainProxy} matches every request against every
 * chain, and Spring Security parses every request's path for that ({@code ServletRequestPathFilter}),
 * which the Web API servlet never reads;</li>
 * <li>a {@link RequestRejectedException} anywhere below goes to the application's
 * {@link RequestRejectedHandler} bean, else to a {@link HttpStatusRequestRejectedHandler} (a 400), as
 * {@code FilterChainProxy}'s default;</li>
 * <li>the security context is cleared afterwards.</li>
 * </ul>
 * Applications that customise Spring Security through {@code WebSecurityCustomizer} (ignored paths,
 * a debug filter) are not supported behind a front door; Keyway has none.
 */
final class SecurityStep implements Filter {

	private final HttpFirewall firewall;

	private final RequestRejectedHandler rejected;

	private final List<SecurityFilterChain> chains;

	/** The filters of the chain that matched this door's first request; null until then. */
	private volatile List<Filter> filters;

	private SecurityStep(HttpFirewall firewall, RequestRejectedHandler rejected, List<SecurityFilterChain> chains) {
		this.firewall = firewall;
		this.rejected = rejected;
		this.chains = chains;
	}

	/** The step for one front door, or an error when the application has no security filter chain at all. */
	static SecurityStep of(ListableBeanFactory beans) {
		List<SecurityFilterChain> chains = beans.getBeanProvider(SecurityFilterChain.class).orderedStream().toList();
		if (chains.isEmpty()) {
			// never answer these paths without the firewall and the security headers
			throw new IllegalStateException("The Web API needs Spring Security's filter chain: " + FrontDoor.SECURITY_FILTER);
		}
		return new SecurityStep(beans.getBeanProvider(HttpFirewall.class).getIfUnique(StrictHttpFirewall::new),
				beans.getBeanProvider(RequestRejectedHandler.class).getIfUnique(HttpStatusRequestRejectedHandler::new),
				chains);
	}

	@Override
	public void doFilter(ServletRequest servletRequest, ServletResponse servletResponse, FilterChain servlet)
			throws IOException, ServletException {
		HttpServletRequest request = (HttpServletRequest) servletRequest;
		HttpServletResponse response = (HttpServletResponse) servletResponse;
		try {
			FirewalledRequest checked = this.firewall.getFirewalledRequest(request);
			HttpServletResponse wrapped = this.firewall.getFirewalledResponse(response);
			new Walk(checked, filters(checked), servlet).doFilter(checked, wrapped);
		}
		catch (IOException | ServletException | RuntimeException ex) {
			RequestRejectedException rejection = rejection(ex);
			if (rejection == null) {
				throw ex;
			}
			this.rejected.handle(request, response, rejection);
		}
		finally {
			SecurityContextHolder.clearContext();
		}
	}

	private List<Filter> filters(HttpServletRequest request) {
		List<Filter> found = this.filters;
		if (found == null) {
			for (SecurityFilterChain chain : this.chains) {
				if (chain.matches(request)) {
					found = List.copyOf(chain.getFilters());
					this.filters = found;
					return found;
				}
			}
			throw new IllegalStateException("No Spring Security filter chain matches the Web API's path: "
					+ Shown.shown(request.getRequestURI()));
		}
		return found;
	}

	/** The first {@link RequestRejectedException} in the cause chain, as {@code FilterChainProxy} looks for it. */
	private static RequestRejectedException rejection(Throwable thrown) {
		for (Throwable cause = thrown; cause != null; cause = cause.getCause()) {
			if (cause instanceof RequestRejectedException rejection) {
				return rejection;
			}
			if (cause.getCause() == cause) {
				break;
			}
		}
		return null;
	}

	/** The chain's filters, then the servlet with the firewall's path handling undone (as {@code FilterChainProxy}). */
	private static final class Walk implements FilterChain {

		private final FirewalledRequest checked;

		private final List<Filter> filters;

		private final FilterChain servlet;

		private int next;

		Walk(FirewalledRequest checked, List<Filter> filters, FilterChain servlet) {
			this.checked = checked;
			this.filters = filters;
			this.servlet = servlet;
		}

		@Override
		public void doFilter(ServletRequest request, ServletResponse response) throws IOException, ServletException {
			if (this.next == this.filters.size()) {
				this.checked.reset();
				this.servlet.doFilter(request, response);
				return;
			}
			this.filters.get(this.next++).doFilter(request, response, this);
		}

	}

}
