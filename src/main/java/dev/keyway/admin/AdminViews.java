package dev.keyway.admin;

/** The admin UI's view (template) names, in one place. */
final class AdminViews {

	static final String LOGIN = "admin/login";

	static final String GRID = "admin/integrations/grid";

	static final String FORM = "admin/integrations/form";

	static final String DELETE = "admin/integrations/delete";

	static final String APPROVE = "admin/integrations/approve";

	static final String TOKENS = "admin/integrations/tokens";

	static final String HANDSHAKE = "admin/integrations/handshake";

	static final String LOGIN_SUCCESS = "admin/integrations/login-success";

	static final String IDENTITY_LINK = "admin/integrations/identity-link";

	static final String CONFIG = "admin/config";

	static final String AUDIT = "admin/audit";

	static final String GATEWAY = "admin/gateway";

	static final String WEBHOOKS = "admin/webhooks";

	static final String MAGENTO_IMPORT = "admin/import-magento";

	private AdminViews() {
	}

}
