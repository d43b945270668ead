package dev.keyway.webapi;

/**
 * Marks a servlet of the machine-facing paths — the Web API on {@code /rest/*}, the gateway's
 * verify-only endpoints — that is answered through the {@link FrontDoor}: Spring Security's stateless
 * chain (firewall, security headers) and the request metrics, without the servlet filters the admin
 * needs (docs/ARCHITECTURE.md, step 1). A module registers such a servlet with a
 * {@code ServletRegistrationBean} as usual; {@code FrontDoors} finds it by this interface.
 */
public interface ApiEndpoint {

	/**
	 * The name of the {@code SecurityFilterChain} bean the front door runs for these servlets
	 * ({@code StatelessApiSecurity}: the security headers), named rather than matched per request
	 * ({@link SecurityStep}).
	 */
	String SECURITY_CHAIN = "statelessApiFilterChain";

	/**
	 * For an endpoint that checks a call a proxy describes rather than serving it (nginx's
	 * {@code auth_request}, Envoy's {@code ext_authz}): the {@code endpoint} label of
	 * {@code keyway.verifications}. Null for an endpoint that serves calls itself.
	 */
	default String verifier() {
		return null;
	}

}
