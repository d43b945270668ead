package dev.keyway.gateway;

import dev.keyway.webapi.CallAuthorizer;
import dev.keyway.webapi.RequestTarget;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * Verify-only endpoints for proxies in front of an API (issue 15.3): the pipeline's parse, verify and
 * authorize steps against the route table (declared and built-in routes), no handler. {@code
 * /auth/verify} for nginx's {@code auth_request} reads the original call from {@code
 * X-Original-Method} and {@code X-Original-URI}; {@code /auth/envoy/...} for Envoy's {@code ext_authz}
 * HTTP service receives the original method and path under its prefix; {@code /auth/forward} for Caddy's
 * {@code forward_auth} and Traefik's {@code ForwardAuth} reads {@code X-Forwarded-Method} and {@code
 * X-Forwarded-Uri}. A 200 carries the identity headers; a refusal Magento's error body. An original URI
 * read from a header goes through the same firewall as a request line: the proxy forwards what it makes
 * of the URI, so one it could decode or resolve into another path ({@code %2F}, {@code ..}) is refused
 * rather than verified as written (Envoy's arrives in the request line, which the firewall has already
 * checked).
 */
@Configuration(proxyBeanMethods = false)
class VerifyEndpoints {

	static final String NGINX = "/auth/verify";

	static final String ENVOY = "/auth/envoy";

	static final String FORWARD = "/auth/forward";

	/** Envoy's ext_authz HTTP service: the request headers its answer asks Envoy to remove. */
	static final String ENVOY_REMOVE = "x-envoy-auth-headers-to-remove";

	/** The refusal of a signed form body, which the proxy does not pass, so its signature cannot be checked. */
	static final String FORM_BODY = "A form-encoded body is part of the OAuth signature (RFC 5849 3.4.1.3), and a "
			+ "verify-only endpoint does not receive the body, so the signature cannot be checked; send this call "
			+ "through Keyway's reverse proxy, or with a JSON body.";

	/**
	 * The refusal of OAuth parameters in the query: the proxy forwards the query as the client sent it, so the
	 * upstream would receive the client's consumer key, access token and signature (Keyway's reverse proxy removes them).
	 */
	static final String QUERY_CREDENTIALS = "OAuth parameters (oauth_*) in the query would reach the upstream, as the "
			+ "proxy in front forwards the query as sent; sign it in the Authorization header, or send this call "
			+ "through Keyway's reverse proxy.";

	@Bean
	ServletRegistrationBean<VerifyServlet> nginxVerify(CallAuthorizer authorizer, ObjectProvider<HttpFirewall> firewall,
			Environment environment) {
		return fromHeaders(VerifyFlavour.NGINX, authorizer, firewall, environment, NGINX, "gatewayNginxVerify");
	}

	@Bean
	ServletRegistrationBean<VerifyServlet> envoyVerify(CallAuthorizer authorizer) {
		ServletRegistrationBean<VerifyServlet> registration = new ServletRegistrationBean<>(
				new VerifyServlet(VerifyFlavour.ENVOY, authorizer, null, null), ENVOY + "/*");
		registration.setName("gatewayEnvoyVerify");
		return registration;
	}

	@Bean
	ServletRegistrationBean<VerifyServlet> forwardVerify(CallAuthorizer authorizer, ObjectProvider<HttpFirewall> firewall,
			Environment environment) {
		return fromHeaders(VerifyFlavour.FORWARD, authorizer, firewall, environment, FORWARD, "gatewayForwardVerify");
	}

	/** A flavour that reads the original call from headers: the firewall and a request line's rules apply to it. */
	private static ServletRegistrationBean<VerifyServlet> fromHeaders(VerifyFlavour flavour, CallAuthorizer authorizer,
			ObjectProvider<HttpFirewall> firewall, Environment environment, String mapping, String name) {
		ServletRegistrationBean<VerifyServlet> registration = new ServletRegistrationBean<>(new VerifyServlet(flavour,
				authorizer, firewall.getIfAvailable(StrictHttpFirewall::new), RequestTarget.of(environment)), mapping);
		registration.setName(name);
		return registration;
	}

}
