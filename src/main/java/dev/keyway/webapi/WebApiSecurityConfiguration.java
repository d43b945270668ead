package dev.keyway.webapi;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.context.SecurityContextHolderFilter;

/**
 * Spring Security for {@code /rest/**}: stateless, no CSRF (no cookies are involved), no session,
 * the caller resolved by {@link WebApiAuthenticationFilter}; authorization is per route, in the
 * dispatcher.
 */
@Configuration(proxyBeanMethods = false)
class WebApiSecurityConfiguration {

	@Bean
	@Order(1)
	SecurityFilterChain webApiFilterChain(HttpSecurity http, CallerResolver resolver, WebApiProperties properties)
			throws Exception {
		// only what a stateless API needs: the security headers and the caller; no session, no
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
			.headers((headers) -> headers.cacheControl((cache) -> { }))
			.addFilterAfter(new WebApiAuthenticationFilter(resolver, properties.maxBodySize().toBytes()),
					SecurityContextHolderFilter.class);
		return http.build();
	}

}
