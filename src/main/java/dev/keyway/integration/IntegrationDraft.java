package dev.keyway.integration;

import java.util.List;

/**
 * What an admin or an automation submits for a new or edited integration.
 *
 * @param allResources true for Resource Access "All"
 * @param resources the checked resource ids for "Custom"; each one brings its descendants
 */
public record IntegrationDraft(String name, String email, String endpoint, String identityLinkUrl,
		boolean allResources, List<String> resources) {

	public IntegrationDraft {
		resources = (resources != null) ? List.copyOf(resources) : List.of();
	}

}
