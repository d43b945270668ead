package dev.keyway.integration;

import dev.keyway.acl.Grant;

/**
 * Who manages integrations through the management API (issue 11.1): an admin (every integration,
 * any grant) or an integration holding {@link Grant#MANAGE_INTEGRATIONS} (only the integrations it
 * created, never granting beyond its own {@code grant}).
 *
 * @param integrationId the managing integration, or null for an admin
 * @param grant what the manager holds: the ceiling of what it may grant
 */
public record Manager(Long integrationId, Grant grant) {

	public static Manager admin() {
		return new Manager(null, Grant.unrestricted());
	}

	public static Manager integration(long integrationId, Grant grant) {
		return new Manager(integrationId, grant);
	}

	public boolean isAdmin() {
		return this.integrationId == null;
	}

	/** True when this manager may manage an integration created by {@code createdBy} (null: by an admin). */
	boolean manages(Long createdBy) {
		return isAdmin() || this.integrationId.equals(createdBy);
	}

}
