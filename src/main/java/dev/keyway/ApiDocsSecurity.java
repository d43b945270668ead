package dev.keyway;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The OpenAPI document and Swagger UI (springdoc), on every node, with the admin or without it (an API node):
 * open to everyone, like the reference they show. Swagger UI (served from the jar) sets inline styles, so its
 * pages alone allow them; it runs no inline script and changes nothing.
 */
@Configuration(proxyBeanMethods = false)
class ApiDocsSecurity {

	static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
			+ "img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; "
			+ "form-action 'self'; frame-ancestors 'none'";

	@Bean
	@Order(Ordered.LOWEST_PRECEDENCE - 1)
	SecurityFilterChain apiDocsFilterChain(HttpSecurity http) throws Exception {
		http.securityMatcher("/swagger-ui.html", "/swagger-ui/**", "/v3/api-docs", "/v3/api-docs/**")
			.csrf((csrf) -> csrf.disable())
			.requestCache((cache) -> cache.disable())
			.authorizeHttpRequests((authorize) -> authorize.anyRequest().permitAll())
			.headers((headers) -> headers.contentSecurityPolicy((csp) -> csp.policyDirectives(CSP))
				.frameOptions((frame) -> frame.deny()));
		return http.build();
	}

}
