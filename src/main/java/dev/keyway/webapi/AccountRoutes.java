package dev.keyway.webapi;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;

import dev.keyway.account.AdminAccounts;
import dev.keyway.account.SignInFailedException;

import org.springframework.stereotype.Component;

/**
 * {@code POST /V1/integration/admin/token} (SPEC 5.2): an admin token for a user name and password,
 * within the sign-in limit of the caller's address (over it: the same 401 as a wrong password).
 */
@Component
class AccountRoutes {

	static final String REQUIRED = "\"%fieldName\" is required. Enter and try again.";

	private final AdminAccounts accounts;

	AccountRoutes(AdminAccounts accounts) {
		this.accounts = accounts;
	}

	Object adminToken(ApiRequest request) {
		JsonNode body = request.body();
		if (!body.isObject()) {
			throw ApiException.badRequest("The request body must be a JSON object with \"username\" and \"password\".");
		}
		String username = stringOrNull(body.get("username"));
		String password = stringOrNull(body.get("password"));
		List<ApiException.Item> missing = new ArrayList<>();
		if (username == null || username.isEmpty()) {
			missing.add(new ApiException.Item(REQUIRED, Map.of("fieldName", "username")));
		}
		if (password == null || password.isEmpty()) {
			missing.add(new ApiException.Item(REQUIRED, Map.of("fieldName", "password")));
		}
		if (!missing.isEmpty()) {
			throw ApiException.inputErrors(missing);
		}
		try {
			return this.accounts.issueToken(username, password, request.remoteAddress());
		}
		catch (SignInFailedException ex) {
			// also when the source address made too many attempts: Magento answers its own throttling so
			throw new ApiException(401, SignInFailedException.MESSAGE);
		}
	}

	private static String stringOrNull(JsonNode value) {
		return (value != null && value.isString()) ? value.asString() : null;
	}

}
