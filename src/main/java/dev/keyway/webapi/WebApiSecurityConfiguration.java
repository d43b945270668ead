package dev.keyway.webapi;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Spring Security for {@code /rest/**}: stateless, no CSRF (no cookies are involved), no session,
 * only the security headers. Authentication and authorization are steps of the pipeline itself
 * ({@link WebApiServlet}), after the route is known: one place, one direction (issue 13.2).
 */
@Configuration(proxyBeanMethods = false)
class WebApiSecurityConfiguration {

	@Bean
	@Order(1)
	SecurityFilterChain webApiFilterChain(HttpSecurity http) throws Exception {
		// only what a stateless API needs: the security headers; no session, no
		// request cache, no servlet API wrapping, no URL-level authorization (routes authorize)
		http.securityMatcher("/rest/**")
			.csrf((csrf) -> csrf.disable())
			.sessionManagement((session) -> session.disable())
			.requestCache((cache) -> cache.disable())
			.securityContext((context) -> context.disable())
			.anonymous((anonymous) -> anonymous.disable())
			.servletApi((api) -> api.disable())
			.exceptionHandling((exceptions) -> exceptions.disable())
			.formLogin((form) -> form.disable())
			.httpBasic((basic) -> basic.disable())
			.logout((logout) -> logout.disable())
			.headers((headers) -> headers.cacheControl((cache) -> { }));
		return http.build();
	}

}
