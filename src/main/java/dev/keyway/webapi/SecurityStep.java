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
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
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
 * session"):
 * <ul>
 * <li>the same {@link HttpFirewall} (the application's bean, else a {@link StrictHttpFirewall}) wraps
 * or rejects the request and wraps the response (at an {@link ApiEndpoint}'s door an encoded slash or
 * percent sign inside a path segment is let through it: {@link EncodedSlashes});</li>
 * <li>the filters of the chain named {@link ApiEndpoint#SECURITY_CHAIN} run, then the servlet —
 * {@code FilterChainProxy} matches every request against every chain, after Spring Security parsed
 * its path for that ({@code ServletRequestPathFilter}), which the Web API servlet never reads. The
 * chain is named, not matched: a front door serves only its servlets' URL patterns, which that chain
 * covers before any other ({@code StatelessApiSecurityTests} walks every pattern through the chains in
 * their order), so no client's request can choose it;</li>
 * <li>a {@link RequestRejectedException} anywhere below goes, at an {@link ApiEndpoint}'s door, to a
 * {@link FirewallRefusal} (400 in Magento's shape, naming the rule), and elsewhere to the application's
 * {@link RequestRejectedHandler} bean ({@link TokenDoorRefusal}), else to a
 * {@link HttpStatusRequestRejectedHandler} (a 400), {@code FilterChainProxy}'s default;</li>
 * <li>the security context is cleared afterwards.</li>
 * </ul>
 * Without the named chain, or with a {@code WebSecurityCustomizer} (whose ignored paths, firewall or
 * rejection handler this step would not see), the front door refuses to serve; Keyway has none.
 */
final class SecurityStep implements Filter {

	private final HttpFirewall firewall;

	private final RequestRejectedHandler rejected;

	private final List<Filter> filters;

	/**
	 * True for the doors of {@link ApiEndpoint} servlets, whose router judges an encoded slash or percent sign
	 * ({@link EncodedSlashes}).
	 */
	private final boolean apiEndpoint;

	private SecurityStep(HttpFirewall firewall, RequestRejectedHandler rejected, List<Filter> filters,
			boolean apiEndpoint) {
		this.firewall = firewall;
		this.rejected = rejected;
		this.filters = filters;
		this.apiEndpoint = apiEndpoint;
	}

	/**
	 * The step for one front door, or an error when the application lacks the chain or customises Spring Security.
	 * @param apiEndpoint true for an {@link ApiEndpoint} servlet's door (its paths are routed by
	 * {@link CallAuthorizer}, its errors are Magento's); false for the listener's door of the token endpoints,
	 * which Spring MVC routes and answers
	 */
	static SecurityStep of(ListableBeanFactory beans, boolean apiEndpoint) {
		if (!beans.containsBean(ApiEndpoint.SECURITY_CHAIN)) {
			// never answer these paths without the firewall and the security headers
			throw new IllegalStateException("The Web API needs Spring Security's filter chain: " + ApiEndpoint.SECURITY_CHAIN);
		}
		if (beans.getBeanNamesForType(WebSecurityCustomizer.class).length > 0) {
			throw new IllegalStateException("The Web API's front door does not run WebSecurityCustomizer beans: "
					+ String.join(", ", beans.getBeanNamesForType(WebSecurityCustomizer.class)));
		}
		SecurityFilterChain chain = beans.getBean(ApiEndpoint.SECURITY_CHAIN, SecurityFilterChain.class);
		return new SecurityStep(beans.getBeanProvider(HttpFirewall.class).getIfUnique(StrictHttpFirewall::new),
				rejections(beans, apiEndpoint), List.copyOf(chain.getFilters()), apiEndpoint);
	}

	/**
	 * At a Web API door, Magento's error shape with the firewall's rule ({@link FirewallRefusal}); elsewhere
	 * (the listener's door of the token endpoints) the application's handler, the one Spring Security's
	 * chain uses on Tomcat's port ({@link TokenDoorRefusal}: {@code oauth_problem}), else a 400 as
	 * {@code FilterChainProxy} answers it.
	 */
	private static RequestRejectedHandler rejections(ListableBeanFactory beans, boolean apiEndpoint) {
		CallAuthorizer authorizer = apiEndpoint ? beans.getBeanProvider(CallAuthorizer.class).getIfAvailable() : null;
		return (authorizer != null) ? new FirewallRefusal(authorizer)
				: beans.getBeanProvider(RequestRejectedHandler.class).getIfUnique(HttpStatusRequestRejectedHandler::new);
	}

	@Override
	public void doFilter(ServletRequest servletRequest, ServletResponse servletResponse, FilterChain servlet)
			throws IOException, ServletException {
		HttpServletRequest request = (HttpServletRequest) servletRequest;
		HttpServletResponse response = (HttpServletResponse) servletResponse;
		try {
			FirewalledRequest checked = this.apiEndpoint ? EncodedSlashes.firewalled(this.firewall, request)
					: this.firewall.getFirewalledRequest(request);
			HttpServletResponse wrapped = this.firewall.getFirewalledResponse(response);
			new Walk(checked, this.filters, servlet).doFilter(checked, wrapped);
		}
		catch (Exception ex) {
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

	/** The first {@link RequestRejectedException} in the cause chain, as {@code FilterChainProxy} looks for it. */
	private static RequestRejectedException rejection(Throwable thrown) {
		for (Throwable cause = thrown; cause != null; cause = cause.getCause()) {
			if (cause instanceof RequestRejectedException rejection) {
				return rejection;
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
