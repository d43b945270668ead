package dev.keyway.integration;

import java.time.Instant;

import dev.keyway.acl.Grant;

/** A registered third-party application, without its secrets. */
public record Integration(long id, String name, String email, String endpoint, String identityLinkUrl,
		IntegrationStatus status, SetupType setupType, Grant grant, long consumerId, String consumerKey,
		Instant createdAt, Instant updatedAt, IpAllowList ipAllowList, Instant accessExpiresAt, RateLimit rateLimit) {

	/** Without a rate limit of its own (issue 17.2): the default of the runtime settings applies. */
	public Integration(long id, String name, String email, String endpoint, String identityLinkUrl,
			IntegrationStatus status, SetupType setupType, Grant grant, long consumerId, String consumerKey,
			Instant createdAt, Instant updatedAt, IpAllowList ipAllowList, Instant accessExpiresAt) {
		this(id, name, email, endpoint, identityLinkUrl, status, setupType, grant, consumerId, consumerKey, createdAt,
				updatedAt, ipAllowList, accessExpiresAt, null);
	}

	/** Without guardrails (issue 17): calls from anywhere, an access token that never expires. */
	public Integration(long id, String name, String email, String endpoint, String identityLinkUrl,
			IntegrationStatus status, SetupType setupType, Grant grant, long consumerId, String consumerKey,
			Instant createdAt, Instant updatedAt) {
		this(id, name, email, endpoint, identityLinkUrl, status, setupType, grant, consumerId, consumerKey, createdAt,
				updatedAt, IpAllowList.anywhere(), null);
	}

	/** True when both URLs are set: activation then runs the handshake (SPEC 2.4). */
	public boolean usesHandshake() {
		return hasText(this.endpoint) && hasText(this.identityLinkUrl);
	}

	/** The grid's "Integration not secure" notice: a URL on plain http (SPEC 2.2). */
	public boolean insecure() {
		return startsWithHttp(this.endpoint) || startsWithHttp(this.identityLinkUrl);
	}

	public boolean readOnly() {
		return this.setupType == SetupType.CONFIG;
	}

	private static boolean hasText(String value) {
		return value != null && !value.isBlank();
	}

	private static boolean startsWithHttp(String url) {
		return url != null && url.regionMatches(true, 0, "http:", 0, 5);
	}

}
