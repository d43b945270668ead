package dev.keyway.integration;

import java.util.Set;

import dev.keyway.outbound.OutboundPolicy;

/**
 * What the audit log keeps of an integration's state: every field an admin sets, no secret (a URL's user info is
 * the third party's: shown as {@code (user info)@}).
 */
record IntegrationSnapshot(String name, String email, String endpoint, String identityLinkUrl, String status,
		String setupType, boolean allResources, Set<String> resources) {

	static IntegrationSnapshot of(Integration integration) {
		return new IntegrationSnapshot(integration.name(), integration.email(),
				OutboundPolicy.withoutUserInfo(integration.endpoint()), OutboundPolicy.withoutUserInfo(integration.identityLinkUrl()), integration.status().label(), integration.setupType().name().toLowerCase(),
				integration.grant().all(), integration.grant().sortedResources());
	}

}
