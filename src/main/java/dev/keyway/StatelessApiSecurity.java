package dev.keyway;

import java.util.List;

import jakarta.servlet.Filter;

import dev.keyway.webapi.ApiEndpoint;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.DefaultSecurityFilterChain;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.context.request.async.WebAsyncManagerIntegrationFilter;

/**
 * Spring Security for the machine-facing paths: the Web API ({@code /rest/**}), the token endpoints
 * ({@code /oauth/**}, RFC 5849 2) and the gateway's verify-only endpoints ({@code /auth/verify},
 * {@code /auth/envoy/**}, {@code /auth/forward}). Each authenticates by itself, as a step of its own pipeline (OAuth
 * signature, Bearer token, SPEC 5.2), so Spring Security keeps only the security headers: no session,
 * no CSRF token (third parties hold no cookie), no request cache, no servlet API wrapping, no
 * URL-level authorization, no hand-over of a security context to Spring MVC's asynchronous handlers.
 * The front door of the Web API's servlets runs this chain by its name ({@link ApiEndpoint#SECURITY_CHAIN}).
 * One chain, so the five paths cannot drift apart.
 */
@Configuration(proxyBeanMethods = false)
class StatelessApiSecurity {

	static final String[] PATHS = { "/rest/**", "/oauth/**", "/auth/verify", "/auth/envoy/**", "/auth/forward" };

	@Bean(ApiEndpoint.SECURITY_CHAIN)
	@Order(1)
	SecurityFilterChain statelessApiFilterChain(HttpSecurity http) throws Exception {
		http.securityMatcher(PATHS)
			.csrf((csrf) -> csrf.disable())
			.sessionManagement((session) -> session.disable())
			.requestCache((cache) -> cache.disable())
			.securityContext((context) -> context.disable())
			.anonymous((anonymous) -> anonymous.disable())
			.servletApi((api) -> api.disable())
			.exceptionHandling((exceptions) -> exceptions.disable())
			.formLogin((form) -> form.disable())
			.httpBasic((basic) -> basic.disable())
			.logout((logout) -> logout.disable());
		DefaultSecurityFilterChain built = http.build();
		// Spring Security adds WebAsyncManagerIntegrationFilter to every chain; it hands the security
		// context to Spring MVC's Callable handlers. These paths keep no security context and have no
		// Callable or DeferredResult handler (the Web API's servlets go asynchronous through the servlet
		// API; the token endpoints answer at once), so it only cost time: ~1 µs of a call
		// (docs/BENCHMARKS.md, "Wave 2, thirteenth session").
		List<Filter> filters = built.getFilters()
			.stream()
			.filter((filter) -> !(filter instanceof WebAsyncManagerIntegrationFilter))
			.toList();
		return new DefaultSecurityFilterChain(built.getRequestMatcher(), filters);
	}

}
