package dev.keyway.webapi;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.web.filter.CharacterEncodingFilter;
import org.springframework.web.filter.ForwardedHeaderFilter;

/**
 * The way in to one {@link ApiEndpoint} servlet (issue 14.1), the first filter of its paths. It runs
 * what these paths need and answers the call itself, so the request never walks the rest of the
 * servlet filters, which cost a fifth of a signed call (docs/BENCHMARKS.md, "Wave 2, fourth
 * session"). In order:
 * <ol>
 * <li>the request's character encoding, as Spring Boot's {@link CharacterEncodingFilter} sets it;</li>
 * <li>Spring Framework's {@link ForwardedHeaderFilter}, when the operator chose
 * {@code server.forward-headers-strategy=framework} (the signed URL and the client's address depend on
 * it);</li>
 * <li>Spring Security: its firewall, then the filters of the chain for these paths
 * ({@link ApiEndpoint#SECURITY_CHAIN}: the security headers) — run by {@link SecurityStep} rather
 * than through Spring Security's {@code springSecurityFilterChain} bean, which matched and parsed
 * every request's path again;</li>
 * <li>the servlet;</li>
 * <li>the metrics: {@code keyway.requests} for Web API calls and {@code http.server.requests}, with
 * the tags Spring's observation filter gives them ({@link CallMetrics#served}).</li>
 * </ol>
 * Left out, because nothing on these paths reads them: Spring's request context (no request-scoped
 * bean, no {@code RequestContextHolder}), the session repository (no session), the WebSocket upgrade
 * filter, and the observation filter, whose only output here is the timer recorded above.
 */
final class FrontDoor implements Filter {

	private final String servletName;

	private final HttpServlet endpoint;

	private final boolean counted;

	/** The verify-only endpoints' label in keyway.verifications ({@code nginx}, {@code envoy}); else null. */
	private final String verifier;

	private final CallMetrics metrics;

	private final ListableBeanFactory beans;

	/** Found on the first call: the filters are beans made after the servlet context starts. */
	private volatile Inside inside;

	FrontDoor(String servletName, HttpServlet endpoint, CallMetrics metrics, ListableBeanFactory beans) {
		this.servletName = servletName;
		this.endpoint = endpoint;
		// keyway.requests counts the Web API's own calls, not the calls a proxy describes (issue 16.4)
		this.counted = endpoint instanceof WebApiServlet;
		this.verifier = (endpoint instanceof ApiEndpoint api && !this.counted) ? api.verifier() : null;
		this.metrics = metrics;
		this.beans = beans;
	}

	@Override
	public void doFilter(ServletRequest servletRequest, ServletResponse servletResponse, FilterChain chain)
			throws IOException, ServletException {
		HttpServletRequest request = (HttpServletRequest) servletRequest;
		HttpServletResponse response = (HttpServletResponse) servletResponse;
		if (this.servletName != null && !this.servletName.equals(request.getHttpServletMapping().getServletName())) {
			// a more specific servlet took this path: it gets the usual filters
			chain.doFilter(request, response);
			return;
		}
		Inside filters = inside();
		long start = System.nanoTime();
		Throwable failure = null;
		try {
			if (filters.encoding() != null) {
				if (filters.forceEncoding() || request.getCharacterEncoding() == null) {
					request.setCharacterEncoding(filters.encoding());
				}
				if (filters.forceResponseEncoding()) {
					response.setCharacterEncoding(filters.encoding());
				}
			}
			filters.chain().doFilter(request, response);
		}
		catch (IOException | ServletException | RuntimeException | Error ex) {
			failure = ex;
			throw ex;
		}
		finally {
			if (failure == null && request.isAsyncStarted()) {
				// answered later (RefusalDelay): counted when the answer is written
				request.getAsyncContext().addListener(new Served(request, response, start));
			}
			else {
				this.metrics.served(request, (failure != null) ? 500 : status(request, response),
						System.nanoTime() - start, this.counted, this.verifier, failure);
			}
		}
	}

	/**
	 * The status a call is counted with: a 500 for an answer that broke off after it began (its status was sent), or
	 * the status sent in its place (a 503 of the listener's per-address cap).
	 */
	private static int status(HttpServletRequest request, HttpServletResponse response) {
		Object brokeOff = request.getAttribute(WebApiServlet.BROKE_OFF);
		if (brokeOff instanceof Integer sent) {
			return sent;
		}
		return (brokeOff != null) ? 500 : response.getStatus();
	}

	/** Records an asynchronous answer once it is complete (or timed out, or failed). */
	private final class Served implements AsyncListener {

		private final HttpServletRequest request;

		private final HttpServletResponse response;

		private final long start;

		Served(HttpServletRequest request, HttpServletResponse response, long start) {
			this.request = request;
			this.response = response;
			this.start = start;
		}

		@Override
		public void onComplete(AsyncEvent event) {
			FrontDoor.this.metrics.served(this.request, status(this.request, this.response),
					System.nanoTime() - this.start, FrontDoor.this.counted, FrontDoor.this.verifier, null);
		}

		@Override
		public void onTimeout(AsyncEvent event) {
		}

		@Override
		public void onError(AsyncEvent event) {
		}

		@Override
		public void onStartAsync(AsyncEvent event) {
		}

	}

	private Inside inside() {
		Inside found = this.inside;
		if (found == null) {
			found = Inside.of(this.beans, this.endpoint);
			this.inside = found;
		}
		return found;
	}

	/** The filters the call goes through, as one chain ending in the servlet, and the request encoding. */
	record Inside(FilterChain chain, String encoding, boolean forceEncoding, boolean forceResponseEncoding) {

		static Inside of(ListableBeanFactory beans, HttpServlet endpoint) {
			SecurityStep security = SecurityStep.of(beans, endpoint instanceof ApiEndpoint);
			List<Filter> filters = new ArrayList<>();
			for (FilterRegistrationBean<?> registration : beans.getBeansOfType(FilterRegistrationBean.class).values()) {
				if (registration.isEnabled() && registration.getFilter() instanceof ForwardedHeaderFilter forwarded) {
					filters.add(forwarded);
				}
			}
			filters.add(security);
			FilterChain chain = endpoint::service;
			for (int i = filters.size() - 1; i >= 0; i--) {
				Filter filter = filters.get(i);
				FilterChain next = chain;
				chain = (request, response) -> filter.doFilter(request, response, next);
			}
			CharacterEncodingFilter encoding = beans.getBeanProvider(CharacterEncodingFilter.class).getIfUnique();
			return (encoding != null) ? new Inside(chain, encoding.getEncoding(), encoding.isForceRequestEncoding(),
					encoding.isForceResponseEncoding()) : new Inside(chain, null, false, false);
		}

	}

}
