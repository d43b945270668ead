package dev.keyway.admin;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.keyway.account.AdminAccounts;
import dev.keyway.testing.AdminBrowser;
import dev.keyway.testing.Axe;
import dev.keyway.testing.KeywayNode;
import dev.keyway.testing.TestDatabases;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway's admin page (issue 15.6) checked by axe-core like the other admin pages
 * (AdminAccessibilityBrowserTests), on a node started with a gateway file (the shared context has none).
 */
@Tag("browser")
class GatewayPageBrowserTests {

	static KeywayNode node;

	static AdminBrowser browser;

	static String username;

	static final String PASSWORD = "gateway-axe-password-1";

	@BeforeAll
	static void start() throws Exception {
		Path file = Files.createTempFile("gateway-axe-", ".yml");
		Files.writeString(file, """
				resources:
				  - {id: "Acme_Erp::erp", title: "ERP", parent: "Magento_Backend::admin"}
				upstreams:
				  - name: erp
				    url: http://127.0.0.1:9
				    prefix: /V1/erp
				    routes:
				      - {method: GET, path: "stock/:sku", resources: ["Acme_Erp::erp"], upstream_path: "/items/:sku"}
				      - {method: GET, path: "ping",       resources: anonymous}
				  - name: shop
				    kind: magento
				    auth: bearer
				    url: http://127.0.0.1:9
				    access_token: axe-access-token
				    routes:
				      - {method: POST, path: "/V1/shop/orders", resources: ["Acme_Erp::erp"]}
				""");
		byte[] key = new byte[32];
		new SecureRandom().nextBytes(key);
		node = KeywayNode.start(TestDatabases.newDatabase(), Base64.getEncoder().encodeToString(key),
				Map.of("keyway.gateway.file", file.toString()));
		username = AdminMvc.newAdmin(node.bean(AdminAccounts.class), "gateway-axe", PASSWORD).username();
		browser = AdminBrowser.start(node.port());
	}

	@AfterAll
	static void stop() {
		if (browser != null) {
			browser.close();
		}
		if (node != null) {
			node.close();
		}
	}

	@Test
	void gatewayPageWhenCheckedByAxeThenNoWcag22AaViolation() {
		browser.signIn(username, PASSWORD);
		browser.open("/admin/gateway");

		assertThat(browser.driver().getPageSource()).contains("/rest/V1/erp/stock/:sku");
		assertThat(Axe.violations(browser)).as("axe-core violations (%s)", String.join(", ", Axe.TAGS)).isEmpty();
		browser.screenshot("gateway-upstreams");
	}

}
