package dev.keyway.oauth;

/**
 * One refused call, as told to {@link RefusalObserver}s (issue 16): why, who (when known), what was
 * called and from where, and the facts fit to be stored (no secret, signature or token value).
 * @param consumerId the consumer whose key the request named, or 0 when unknown
 * @param integrationId the integration that called (a refused ACL check), or 0 when not known here
 * @param method the HTTP method
 * @param path the path as sent, without the query
 * @param remoteAddress the client's address as the container reports it
 */
public record Refusal(RefusalReason reason, long consumerId, long integrationId, String method, String path,
		String remoteAddress, RefusalFacts facts) {

	/**
	 * The hint to store and show: the known mistake the facts name, else the reason's
	 * {@linkplain RefusalReason#generalHint general hint}. Computes a deferred explanation.
	 */
	public String hint() {
		String known = this.facts.hint();
		return (known != null) ? known : this.reason.generalHint();
	}

}
