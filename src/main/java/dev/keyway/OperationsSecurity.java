package dev.keyway;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Security of the operator endpoints: health and info stay open (load balancers carry no
 * credentials); Prometheus metrics need {@code Authorization: Bearer} with the scrape token
 * ({@code keyway.metrics.token}) or an admin token, else 401. Nothing else under {@code /actuator}
 * is exposed.
 */
@Configuration(proxyBeanMethods = false)
class OperationsSecurity {

	static final String SCRAPER = "ROLE_METRICS";

	@Bean
	@Order(3)
	SecurityFilterChain operationsFilterChain(HttpSecurity http, ScrapeCredentials credentials) throws Exception {
		http.securityMatcher(EndpointRequest.toAnyEndpoint())
			.csrf((csrf) -> csrf.disable())
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.requestCache((cache) -> cache.disable())
			.anonymous((anonymous) -> anonymous.disable())
			.addFilterBefore(new BearerScrape(credentials), AuthorizationFilter.class)
			.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint((request, response, ex) -> {
				response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
				response.setHeader("WWW-Authenticate", "Bearer realm=\"keyway-metrics\"");
				response.setContentType(MediaType.TEXT_PLAIN_VALUE);
				response.getWriter()
					.write("Metrics need Authorization: Bearer with the scrape token (keyway.metrics.token) "
							+ "or an admin token.\n");
			}))
			.authorizeHttpRequests((authorize) -> authorize.requestMatchers(EndpointRequest.to("health", "info"))
				.permitAll()
				.anyRequest()
				.hasAuthority(SCRAPER));
		return http.build();
	}

	/** Authenticates a Bearer value for this request only (nothing is kept in a session). */
	static final class BearerScrape extends OncePerRequestFilter {

		private final ScrapeCredentials credentials;

		private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

		BearerScrape(ScrapeCredentials credentials) {
			this.credentials = credentials;
		}

		@Override
		protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
				throws ServletException, IOException {
			String header = request.getHeader("Authorization");
			if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
				this.credentials.principal(header.substring(7).strip()).ifPresent((name) -> {
					SecurityContext context = this.contexts.createEmptyContext();
					context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(name, null,
							List.of(new SimpleGrantedAuthority(SCRAPER))));
					this.contexts.setContext(context);
				});
			}
			chain.doFilter(request, response);
		}

	}

}
