package dev.keyway.admin;

import java.util.List;

import dev.keyway.integration.Integration;
import dev.keyway.integration.IntegrationDraft;

/**
 * The New / Edit integration form (SPEC 2.3) as submitted: Integration Info, Your Password, and the
 * API tab's Resource Access ({@code all} or {@code custom}) with the checked resources.
 */
record IntegrationForm(String name, String email, String endpoint, String identityLinkUrl, String currentPassword,
		String resourceAccess, List<String> resources) {

	IntegrationForm {
		resources = (resources != null) ? List.copyOf(resources) : List.of();
		resourceAccess = "all".equals(resourceAccess) ? "all" : "custom";
	}

	static IntegrationForm empty() {
		return new IntegrationForm("", "", "", "", "", "custom", List.of());
	}

	static IntegrationForm of(Integration integration) {
		return new IntegrationForm(integration.name(), nullToEmpty(integration.email()),
				nullToEmpty(integration.endpoint()), nullToEmpty(integration.identityLinkUrl()), "",
				integration.grant().all() ? "all" : "custom", List.copyOf(integration.grant().sortedResources()));
	}

	public boolean all() {
		return "all".equals(this.resourceAccess);
	}

	IntegrationDraft draft() {
		return new IntegrationDraft(this.name, this.email, this.endpoint, this.identityLinkUrl, all(), this.resources, true);
	}

	/** The form to show again after an error: every value kept except the password. */
	IntegrationForm withoutPassword() {
		return new IntegrationForm(this.name, this.email, this.endpoint, this.identityLinkUrl, "", this.resourceAccess,
				this.resources);
	}

	private static String nullToEmpty(String value) {
		return (value != null) ? value : "";
	}

}
