package dev.keyway.cluster;

import dev.keyway.acl.GrantChanged;
import dev.keyway.integration.IntegrationChanged;
import dev.keyway.oauth.CredentialsChanged;
import dev.keyway.settings.SettingsChanged;

/**
 * The text of a cache notification between nodes: {@code c:<consumer id>:<consumer key>},
 * {@code g:<integration id>}, {@code i:<integration id>:<consumer id>}, {@code s}. Ids and keys
 * only, never a secret (consumer keys are not secret).
 */
final class CachePayload {

	private CachePayload() {
	}

	static String of(Object event) {
		if (event instanceof CredentialsChanged changed) {
			return "c:" + changed.consumerId() + ":" + ((changed.consumerKey() != null) ? changed.consumerKey() : "");
		}
		if (event instanceof GrantChanged changed) {
			return "g:" + changed.integrationId();
		}
		if (event instanceof IntegrationChanged changed) {
			return "i:" + changed.integrationId() + ":" + changed.consumerId();
		}
		if (event instanceof SettingsChanged) {
			return "s";
		}
		throw new IllegalArgumentException("Not a cache event: " + event);
	}

	/** Applies one payload to this node's caches; unknown payloads are ignored (a newer node's). */
	static void apply(String payload, CacheEvictors evictors) {
		String[] parts = payload.split(":", -1);
		switch (parts[0]) {
			case "c" -> evictors.credentials(Long.parseLong(parts[1]), parts[2].isEmpty() ? null : parts[2]);
			case "g" -> evictors.grant(Long.parseLong(parts[1]));
			case "i" -> evictors.integration(Long.parseLong(parts[2]));
			case "s" -> evictors.settings();
			default -> {
				// a kind this node does not know: nothing of its caches depends on it
			}
		}
	}

}
