package dev.keyway;

import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Security of the operator endpoints: health, info and Prometheus metrics are open (load balancers
 * and scrapers carry no credentials); nothing else under {@code /actuator} is exposed.
 */
@Configuration(proxyBeanMethods = false)
class OperationsSecurity {

	@Bean
	@Order(3)
	SecurityFilterChain operationsFilterChain(HttpSecurity http) throws Exception {
		http.securityMatcher(EndpointRequest.toAnyEndpoint())
			.csrf((csrf) -> csrf.disable())
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.requestCache((cache) -> cache.disable())
			.authorizeHttpRequests((authorize) -> authorize.anyRequest().permitAll());
		return http.build();
	}

}
