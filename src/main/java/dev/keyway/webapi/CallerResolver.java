package dev.keyway.webapi;

import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;

import dev.keyway.account.AdminAccounts;
import dev.keyway.acl.GrantService;
import dev.keyway.integration.IntegrationDirectory;

import org.springframework.stereotype.Component;

/**
 * Finds out who makes a Web API call (SPEC 5.2) from its {@code Authorization} header: an admin
 * token (Bearer), or no usable credentials (guest).
 */
@Component
class CallerResolver {

	private final AdminAccounts admins;

	private final IntegrationDirectory integrations;

	private final GrantService grants;

	CallerResolver(AdminAccounts admins, IntegrationDirectory integrations, GrantService grants) {
		this.admins = admins;
		this.integrations = integrations;
		this.grants = grants;
	}

	/**
	 * @throws ApiException when the request carries credentials that are refused (a bad OAuth
	 * signature, a replay, ...)
	 */
	Caller resolve(HttpServletRequest request) {
		String authorization = request.getHeader("Authorization");
		if (authorization == null) {
			return Caller.Guest.INSTANCE;
		}
		String header = authorization.strip();
		if (header.regionMatches(true, 0, "Bearer ", 0, 7)) {
			return bearer(header.substring(7).strip());
		}
		return Caller.Guest.INSTANCE;
	}

	private Caller bearer(String token) {
		if (token.isEmpty()) {
			return Caller.Guest.INSTANCE;
		}
		return this.admins.findByToken(token)
			.<Caller>map((admin) -> new Caller.Admin(admin.id(), admin.username()))
			.orElse(Caller.Guest.INSTANCE);
	}

	Caller integration(long consumerId) {
		return this.integrations.activeByConsumer(consumerId)
			.<Caller>map((active) -> new Caller.Integration(active.id(), active.name(),
					this.grants.grantOf(active.id())))
			.orElse(Caller.Guest.INSTANCE);
	}

	static String lower(String text) {
		return text.toLowerCase(Locale.ROOT);
	}

}
