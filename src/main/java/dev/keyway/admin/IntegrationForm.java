package dev.keyway.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

import dev.keyway.integration.Integration;
import dev.keyway.integration.IntegrationDraft;
import dev.keyway.integration.RateLimit;

/**
 * The New / Edit integration form (SPEC 2.3) as submitted: Integration Info, Your Password, and the
 * API tab's Resource Access ({@code all} or {@code custom}) with the checked resources; the Rate limit
 * group (issue 17.2: three numbers, all empty for the settings' default); the Guardrails group (issue
 * 17): the IP allow-list, one CIDR block per line, and the access token's expiry as a
 * {@code datetime-local} value (UTC); the Lifecycle webhooks checkbox (issue 17.5: events also go to
 * the integration's Callback URL; an unchecked box sends nothing, which reads as false). Serializable:
 * after Show secrets it is a flash attribute, and the session lives in the database (never with the
 * password: {@link #withoutPassword()}).
 */
record IntegrationForm(String name, String email, String endpoint, String identityLinkUrl, String currentPassword,
		String resourceAccess, List<String> resources, String ratePerSecond, String ratePerMinute, String rateBurst,
		String ipAllowList, String accessExpiresAt, Boolean lifecycleWebhooks) implements java.io.Serializable {

	IntegrationForm {
		lifecycleWebhooks = Boolean.TRUE.equals(lifecycleWebhooks);
		resources = (resources != null) ? List.copyOf(resources) : List.of();
		resourceAccess = "all".equals(resourceAccess) ? "all" : "custom";
		ratePerSecond = nullToEmpty(ratePerSecond).strip();
		ratePerMinute = nullToEmpty(ratePerMinute).strip();
		rateBurst = nullToEmpty(rateBurst).strip();
		ipAllowList = nullToEmpty(ipAllowList);
		accessExpiresAt = nullToEmpty(accessExpiresAt);
	}

	static IntegrationForm empty() {
		return new IntegrationForm("", "", "", "", "", "custom", List.of(), "", "", "", "", "", false);
	}

	static IntegrationForm of(Integration integration, boolean lifecycleWebhooks) {
		RateLimit limit = integration.rateLimit();
		return new IntegrationForm(integration.name(), nullToEmpty(integration.email()),
				nullToEmpty(integration.endpoint()), nullToEmpty(integration.identityLinkUrl()), "",
				integration.grant().all() ? "all" : "custom", List.copyOf(integration.grant().sortedResources()),
				(limit != null) ? Integer.toString(limit.perSecond()) : "",
				(limit != null) ? Integer.toString(limit.perMinute()) : "",
				(limit != null) ? Integer.toString(limit.burst()) : "",
				String.join("\n", integration.ipAllowList().entries()), GuardrailText.input(integration.accessExpiresAt()),
				lifecycleWebhooks);
	}

	/**
	 * The rate limit entered: null when the three fields are empty (the settings' default), an empty
	 * field being 0 (no limit in that window) otherwise.
	 * @throws dev.keyway.integration.IntegrationException (invalid, field {@code rate_limit}) naming the rule and the value
	 */
	RateLimit rateLimit() {
		return RateLimit.ofText(this.ratePerSecond, this.ratePerMinute, this.rateBurst);
	}

	/** The allow-list's lines, blank ones left out. */
	List<String> ipAllowListLines() {
		return this.ipAllowList.lines().map(String::strip).filter((line) -> !line.isEmpty()).toList();
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
				this.resources, this.ratePerSecond, this.ratePerMinute, this.rateBurst, this.ipAllowList,
				this.accessExpiresAt, this.lifecycleWebhooks);
	}

	/**
	 * A digest of the values this form holds (never the password): the Edit page carries the one of the
	 * saved values it was opened with, so a Save over what another admin saved since is noticed (a
	 * store-admin trial: the second Save put the first admin's e-mail back without a word).
	 */
	String version() {
		String text = String.join("\u0000", this.name, nullToEmpty(this.email), nullToEmpty(this.endpoint),
				nullToEmpty(this.identityLinkUrl), this.resourceAccess, String.join(",", this.resources.stream().sorted().toList()),
				this.ratePerSecond, this.ratePerMinute, this.rateBurst, this.ipAllowList, this.accessExpiresAt,
				Boolean.toString(this.lifecycleWebhooks));
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest, 0, 16);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every Java platform has SHA-256", ex);
		}
	}

	private static String nullToEmpty(String value) {
		return (value != null) ? value : "";
	}

}
