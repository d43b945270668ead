package dev.keyway.cluster;

import dev.keyway.acl.GrantService;
import dev.keyway.integration.IntegrationDirectory;
import dev.keyway.oauth.OAuthCaches;
import dev.keyway.settings.RuntimeSettings;

import org.springframework.stereotype.Component;

/** Every cache of this node that another node's change can make stale, and how to empty it. */
@Component
class CacheEvictors {

	private final OAuthCaches oauth;

	private final GrantService grants;

	private final IntegrationDirectory integrations;

	private final RuntimeSettings settings;

	CacheEvictors(OAuthCaches oauth, GrantService grants, IntegrationDirectory integrations, RuntimeSettings settings) {
		this.oauth = oauth;
		this.grants = grants;
		this.integrations = integrations;
		this.settings = settings;
	}

	void credentials(long consumerId, String consumerKey) {
		this.oauth.evict(consumerId, consumerKey);
	}

	void grant(long integrationId) {
		this.grants.evict(integrationId);
	}

	void integration(long consumerId) {
		this.integrations.evict(consumerId);
	}

	void settings() {
		this.settings.reload();
	}

	/** After notifications may have been lost (the listening connection broke): forget everything. */
	void all() {
		this.oauth.evictAll();
		this.grants.evictAll();
		this.integrations.evictAll();
		this.settings.reload();
	}

}
