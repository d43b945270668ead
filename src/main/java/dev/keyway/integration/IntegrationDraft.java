package dev.keyway.integration;

import java.util.List;

/**
 * What an admin or an automation submits for a new or edited integration.
 *
 * @param allResources true for Resource Access "All"
 * @param resources the checked resource ids for "Custom"
 * @param exactResources true when {@code resources} is the exact set to grant (the admin form: what
 * the admin sees checked, issue 12.1); false when each id brings its descendants (the management API
 * and declared integrations, SPEC 6)
 */
public record IntegrationDraft(String name, String email, String endpoint, String identityLinkUrl,
		boolean allResources, List<String> resources, boolean exactResources) {

	public IntegrationDraft {
		resources = (resources != null) ? List.copyOf(resources) : List.of();
	}

	/** A draft whose resources each bring their descendants (management API, declared integrations). */
	public IntegrationDraft(String name, String email, String endpoint, String identityLinkUrl, boolean allResources,
			List<String> resources) {
		this(name, email, endpoint, identityLinkUrl, allResources, resources, false);
	}

}
