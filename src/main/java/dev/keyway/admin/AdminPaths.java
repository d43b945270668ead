package dev.keyway.admin;

import dev.keyway.integration.IntegrationService;

/** The admin UI's paths, in one place. */
final class AdminPaths {

	static final String HOME = "/admin";

	static final String LOGIN = "/admin/login";

	static final String LOGOUT = "/admin/logout";

	static final String GRID = "/admin/integrations";

	static final String NEW = "/admin/integrations/new";

	static final String LOGIN_SUCCESS = IntegrationService.LOGIN_SUCCESS_PATH;

	static final String CONFIG_WEBAPI = "/admin/config/webapi";

	static final String CONFIG_OAUTH = "/admin/config/oauth";

	static final String AUDIT = "/admin/audit";

	static final String GATEWAY = "/admin/gateway";

	static final String WEBHOOKS = "/admin/webhooks";

	static final String MAGENTO_IMPORT = "/admin/system/import-magento";

	private AdminPaths() {
	}

	static String edit(long id) {
		return GRID + "/" + id + "/edit";
	}

	static String activate(long id) {
		return GRID + "/" + id + "/activate";
	}

	static String reauthorize(long id) {
		return GRID + "/" + id + "/reauthorize";
	}

	static String tokens(long id) {
		return GRID + "/" + id + "/tokens";
	}

	static String handshake(long id) {
		return GRID + "/" + id + "/handshake";
	}

	/** The popup window the Allow click opens; it goes on to the identity link once it is known. */
	static String identityLink(long id) {
		return GRID + "/" + id + "/identity-link";
	}

	static String redirect(String path) {
		return "redirect:" + path;
	}

}
