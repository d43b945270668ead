package dev.keyway.management;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;

import dev.keyway.account.AdminAccounts;
import dev.keyway.webapi.ApiException;
import dev.keyway.webapi.ApiRequest;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * {@code POST /V1/integration/admin/token} (SPEC 5.2): an admin token for a user name and password,
 * within the sign-in limit of the caller's address (over it: the same 401 as a wrong password). An API node
 * ({@code keyway.admin.enabled=false}, docs/DEPLOYMENT.md § 9) checks no admin password: its answer is a 404 that
 * says where tokens come from (an operator trial: wrong passwords sent to the internet-facing nodes locked the admin
 * out of the internal admin node, the lock-out being shared).
 */
@Component
class AccountRoutes {

	static final String REQUIRED = "\"%fieldName\" is required. Enter and try again.";

	static final String NO_PASSWORDS_HERE = "This node takes no admin password (an API node: keyway.admin.enabled=false). "
			+ "Request the admin token from a node with the admin; it is valid on every node.";

	private final AdminAccounts accounts;

	private final boolean adminNode;

	AccountRoutes(AdminAccounts accounts, @Value("${keyway.admin.enabled:true}") boolean adminNode) {
		this.accounts = accounts;
		this.adminNode = adminNode;
	}

	Object adminToken(ApiRequest request) {
		if (!this.adminNode) {
			throw ApiException.notFound(NO_PASSWORDS_HERE);
		}
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
		// a refusal (also over the source address's limit) is answered by ManagementErrors: the same 401
		return this.accounts.issueToken(username, password, request.remoteAddress());
	}

	private static String stringOrNull(JsonNode value) {
		return (value != null && value.isString()) ? value.asString() : null;
	}

}
