package dev.keyway;

import dev.keyway.admin.AdminUi;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The catch-all chain of an API node ({@code keyway.admin.enabled=false}), in place of the admin's: every path
 * the other chains do not take (the Web API's, the operations', the API documents') has nothing behind it but
 * Spring MVC's 404 and the jar's static files, so it needs no sign-in, session or CSRF token; it keeps the
 * security headers, with a policy that lets a page load nothing at all.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = AdminUi.ENABLED, havingValue = false)
class ApiNodeSecurity {

	static final String CSP = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

	@Bean
	@Order(Ordered.LOWEST_PRECEDENCE)
	SecurityFilterChain apiNodeFilterChain(HttpSecurity http) throws Exception {
		// no sign-in, so nothing to sign out of: Spring Security's default /logout would answer a redirect to a 404
		http.csrf((csrf) -> csrf.disable())
			.logout((logout) -> logout.disable())
			.sessionManagement((session) -> session.disable())
			.requestCache((cache) -> cache.disable())
			.authorizeHttpRequests((authorize) -> authorize.anyRequest().permitAll())
			.headers((headers) -> headers.contentSecurityPolicy((csp) -> csp.policyDirectives(CSP))
				.frameOptions((frame) -> frame.deny()));
		return http.build();
	}

}
