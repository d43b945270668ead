package dev.keyway.admin;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.keyway.settings.RuntimeSettings;
import dev.keyway.settings.Setting;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.session.web.http.SessionRepositoryFilter;
import org.springframework.util.unit.DataSize;

/**
 * Security of the admin UI (SPEC 3), the catch-all chain of a node with the admin (an API node has
 * {@code dev.keyway.ApiNodeSecurity} instead): form login at {@code /admin/login},
 * sessions that expire after the runtime setting "Admin Session Lifetime", CSRF tokens on every
 * state-changing request (Spring Security's; a refused token because the session is gone reads as an
 * expired session, {@link SessionEnded}), a Content-Security-Policy without inline scripts,
 * {@code frame-ancestors 'none'}, and {@code no-store} on every page (some show secrets).
 */
@AdminUi
@Configuration(proxyBeanMethods = false)
class AdminSecurityConfiguration {

	static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
			+ "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
			+ "frame-ancestors 'none'";

	/**
	 * Admin pages the database's absence stopped answer 503 with a page that says so ({@link DatabaseAway}): first
	 * in the admin's filters, before Spring Session's (which loads the session from the database).
	 */
	@Bean
	FilterRegistrationBean<DatabaseAway> adminDatabaseAway(AdminText text) {
		FilterRegistrationBean<DatabaseAway> registration = new FilterRegistrationBean<>(new DatabaseAway(text));
		registration.addUrlPatterns(AdminPaths.HOME, AdminPaths.HOME + "/*");
		registration.setName("keywayAdminDatabaseAway");
		registration.setOrder(SessionRepositoryFilter.DEFAULT_ORDER - 10);
		return registration;
	}

	@Bean
	@Order(Ordered.LOWEST_PRECEDENCE)
	SecurityFilterChain adminFilterChain(HttpSecurity http, RuntimeSettings settings,
			@Value("${spring.servlet.multipart.max-request-size}") DataSize maxUploadSize) throws Exception {
		SavedRequestAwareAuthenticationSuccessHandler success = new SavedRequestAwareAuthenticationSuccessHandler() {
			@Override
			public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
					org.springframework.security.core.Authentication authentication)
					throws IOException, jakarta.servlet.ServletException {
				request.getSession().setMaxInactiveInterval(settings.number(Setting.ADMIN_SESSION_LIFETIME));
				super.onAuthenticationSuccess(request, response, authentication);
			}

			@Override
			protected String determineTargetUrl(HttpServletRequest request, HttpServletResponse response) {
				// no page asked for since: back to the page where the session ended (SessionEnded)
				String returnTo = SessionEnded.takeReturnPath(request);
				return (returnTo != null) ? returnTo : super.determineTargetUrl(request, response);
			}
		};
		SessionEnded sessionEnded = new SessionEnded();
		success.setDefaultTargetUrl(AdminPaths.GRID);
		http.authorizeHttpRequests((authorize) -> authorize
			.requestMatchers("/admin/assets/**", "/favicon.ico", AdminPaths.LOGIN, AdminPaths.LOGIN_SUCCESS, "/error")
			.permitAll()
			.anyRequest()
			.authenticated())
			.formLogin((form) -> form.loginPage(AdminPaths.LOGIN)
				.loginProcessingUrl(AdminPaths.LOGIN)
				.successHandler(success)
				.failureHandler(new SignInFailureHandler()))
			.logout((logout) -> logout.logoutUrl(AdminPaths.LOGOUT)
				.logoutSuccessUrl(AdminPaths.LOGIN + "?signedOut")
				.deleteCookies("SESSION", "JSESSIONID"))
			.sessionManagement((session) -> session.invalidSessionStrategy(sessionEnded))
			.exceptionHandling((exceptions) -> exceptions.accessDeniedHandler(sessionEnded))
			.headers((headers) -> headers.contentSecurityPolicy((csp) -> csp.policyDirectives(CSP))
				.frameOptions((frame) -> frame.deny())
				.referrerPolicy((referrer) -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN)))
			// an upload over the limit from a browser without JavaScript: read before the CSRF check looks for
			// the form's token, so the page can say the limit instead of a 403
			.addFilterBefore(new UploadOverLimit(AdminPaths.MAGENTO_IMPORT, maxUploadSize), CsrfFilter.class);
		return http.build();
	}

}
