package dev.keyway.oauth;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Spring Security for the token endpoints: they authenticate by OAuth signature themselves
 * (RFC 5849), so no session, no CSRF token (third parties hold no cookie), open to every caller.
 */
@Configuration(proxyBeanMethods = false)
class OAuthSecurityConfiguration {

	@Bean
	@Order(2)
	SecurityFilterChain oauthFilterChain(HttpSecurity http) throws Exception {
		http.securityMatcher("/oauth/**")
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
		return http.build();
	}

}
