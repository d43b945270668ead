package dev.keyway.integration;

import java.util.List;

import dev.keyway.outbound.OutboundPolicy;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Start-up configuration of the credentials POST (SPEC 2.4 step 2).
 *
 * @param allowedNetworks the non-public networks (CIDR blocks or single addresses) and host names a
 * callback URL may reach, e.g. {@code 127.0.0.0/8,::1} for callbacks on the developer's machine;
 * empty (the default): public addresses only. A malformed entry stops start-up with its value and
 * the rule.
 */
@ConfigurationProperties("keyway.callbacks")
public record CallbackProperties(List<String> allowedNetworks) {

	static final String ALLOWED_NETWORKS = "keyway.callbacks.allowed-networks";

	public CallbackProperties {
		allowedNetworks = (allowedNetworks != null) ? List.copyOf(allowedNetworks) : List.of();
		OutboundPolicy.of(ALLOWED_NETWORKS, allowedNetworks);
	}

	/** The policy every callback URL is checked against. */
	OutboundPolicy policy() {
		return OutboundPolicy.of(ALLOWED_NETWORKS, this.allowedNetworks);
	}

}
