package dev.keyway.admin;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.keyway.account.AdminAccounts;
import dev.keyway.account.AdminUser;
import dev.keyway.testing.KeywayNode;
import dev.keyway.testing.TestDatabases;

import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.web.context.WebApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

/**
 * System › Extensions › Upstreams (gateway), issue 15.6: a node started with a gateway file shows its
 * upstreams and routes read-only, never a credential, and links the page from the navigation.
 */
class GatewayPageTests {

	static final String HTTP_SECRET = "page-secret-0123456789abcdef-0123456789";

	static final String MAGENTO_SECRET = "magento-consumer-secret-for-the-page";

	static final String MAGENTO_TOKEN_SECRET = "magento-token-secret-for-the-page";

	static KeywayNode node;

	static io.netty.handler.ssl.util.SelfSignedCertificate CA;

	static MockMvc mvc;

	static AdminUser admin;

	@BeforeAll
	static void start() throws Exception {
		CA = new io.netty.handler.ssl.util.SelfSignedCertificate("erp.page.test");
		Path file = Files.createTempFile("gateway-page-", ".yml");
		Files.writeString(file, """
				resources:
				  - {id: "Acme_Erp::erp", title: "ERP", parent: "Magento_Backend::admin"}
				upstreams:
				  - name: erp
				    url: http://127.0.0.1:9/base
				    prefix: /V1/erp
				    connect_timeout: 500ms
				    read_timeout: 5s
				    secret: "%s"
				    routes:
				      - {method: GET,  path: "stock/:sku", resources: ["Acme_Erp::erp"], upstream_path: "/items/:sku"}
				      - {method: GET,  path: "ping",       resources: anonymous}
				  - name: shop
				    kind: magento
				    url: http://127.0.0.1:9
				    consumer_key: page-consumer-key
				    consumer_secret: "%s"
				    access_token: page-access-token-value
				    access_token_secret: "%s"
				    encoded_slashes: true
				    forward_store_code: true
				    store_codes: [us_en, de]
				    routes:
				      - {method: POST, path: "/V1/shop/orders", resources: ["Acme_Erp::erp"]}
				  - name: secure
				    url: https://erp.page.test
				    ca_file: "%s"
				    routes:
				      - {method: GET, path: "/V1/secure/ping", resources: anonymous}
				  - name: public
				    url: https://api.page.test
				    routes:
				      - {method: GET, path: "/V1/public/ping", resources: anonymous}
				""".formatted(HTTP_SECRET, MAGENTO_SECRET, MAGENTO_TOKEN_SECRET, CA.certificate().getAbsolutePath()));
		byte[] key = new byte[32];
		new SecureRandom().nextBytes(key);
		node = KeywayNode.start(TestDatabases.newDatabase(), Base64.getEncoder().encodeToString(key),
				Map.of("keyway.gateway.file", file.toString()));
		mvc = AdminMvc.mockMvc((WebApplicationContext) node.context());
		admin = AdminMvc.newAdmin(node.bean(AdminAccounts.class), "gateway-page", "gateway-page-password-1");
	}

	@AfterAll
	static void stop() {
		if (node != null) {
			node.close();
		}
		if (CA != null) {
			CA.delete();
		}
	}

	@Test
	void listWhenGatewayFileConfiguredThenUpstreamsAndRoutesShownWithoutCredentials() throws Exception {
		MvcResult result = mvc.perform(get(AdminPaths.GATEWAY).with(AdminMvc.as(admin))).andReturn();
		String body = AdminMvc.body(result);

		assertThat(result.getResponse().getStatus()).as(body).isEqualTo(200);
		assertThat(body).contains(">erp</h2>", "http://127.0.0.1:9/base", "/V1/erp", "connect 500ms, read 5s",
				"/rest/V1/erp/stock/:sku", "/items/:sku", "Acme_Erp::erp", AdminMvc.html("anonymous (everyone)"),
				"X-Keyway-Signature (a secret is set)");
		assertThat(body).contains(">shop</h2>", "Magento (Keyway re-signs each call with OAuth 1.0a HMAC-SHA256)",
				"/rest/V1/shop/orders");
		assertThat(body).doesNotContain(HTTP_SECRET, MAGENTO_SECRET, MAGENTO_TOKEN_SECRET, "page-access-token-value",
				"page-consumer-key");
		assertThat(body).contains("id=\"gateway-link\"").doesNotContain("<script>", "style=");
		assertThat(body).contains(">secure</h2>", "only the certificates of its ca_file, host name verified:",
				"<code>CN=erp.page.test</code>", ">public</h2>", "the JVM&#39;s trust store, host name verified");
		assertThat(body.substring(body.indexOf(">erp</h2>"), body.indexOf(">shop</h2>"))).as("no TLS row for http")
			.doesNotContain("TLS trust")
			.contains("Encoded slashes and percent signs (%2F, %25)", "refused with 400, never forwarded",
					"Store code", "left out: /rest/&lt;store&gt;/V1/… reaches the upstream as /V1/…");
		assertThat(body.substring(body.indexOf(">shop</h2>"), body.indexOf(">secure</h2>")))
			.contains("forwarded as sent (encoded_slashes: true)",
					"kept: /rest/&lt;store&gt;/V1/… reaches the upstream as /&lt;store&gt;/V1/… (forward_store_code: true)",
					"Its own store codes (besides Keyway&#39;s store views)", "de, us_en");
		assertThat(body.substring(body.indexOf(">erp</h2>"), body.indexOf(">shop</h2>"))).doesNotContain("Its own store codes");
	}

	@Test
	void navigationWhenGatewayFileConfiguredThenLinksThePage() throws Exception {
		String body = AdminMvc.body(mvc.perform(get(AdminPaths.GRID).with(AdminMvc.as(admin))).andReturn());

		assertThat(body).contains("href=\"/admin/gateway\"");
	}

	@Test
	void listWhenNotSignedInThenNotShown() throws Exception {
		MvcResult result = mvc.perform(get(AdminPaths.GATEWAY)).andReturn();

		assertThat(result.getResponse().getStatus()).isIn(302, 401, 403);
		assertThat(AdminMvc.body(result)).doesNotContain("/rest/V1/erp/stock/:sku");
	}

}
