package dev.keyway.gateway;

/**
 * How a proxy describes the call it checks, and what it makes of the answer: the {@code endpoint} label of
 * {@code keyway.verifications} ({@link #verifier}), the header naming the original method ({@link #methodHeader};
 * null: the request's own) and the one naming the original URI, path and query as the client sent them
 * ({@link #uriHeader}; null: the request line, under the endpoint's prefix).
 */
enum VerifyFlavour {

	/** nginx's {@code auth_request}: 401 and 403 only (anything else is nginx's own 500). */
	NGINX("nginx", "X-Original-Method", "X-Original-URI"),

	/** Envoy's {@code ext_authz} HTTP service: the status reaches the client as it is. */
	ENVOY("envoy", null, null),

	/**
	 * Caddy's {@code forward_auth} and Traefik's {@code ForwardAuth}: a GET with the client's headers and
	 * the original call in {@code X-Forwarded-Method} and {@code X-Forwarded-Uri}; any answer but a 2xx
	 * reaches the client as it is (status, headers, body).
	 */
	FORWARD("forward", "X-Forwarded-Method", "X-Forwarded-Uri");

	final String verifier;

	final String methodHeader;

	final String uriHeader;

	VerifyFlavour(String verifier, String methodHeader, String uriHeader) {
		this.verifier = verifier;
		this.methodHeader = methodHeader;
		this.uriHeader = uriHeader;
	}

}
