package dev.keyway.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

import dev.keyway.testing.AdminApi;
import dev.keyway.testing.KeywayNode;
import dev.keyway.testing.OAuthClientCredentials;
import dev.keyway.testing.TestDatabases;

/**
 * A Keyway node set up for a proxy in front, as docs/GATEWAY.md does it: the upstream of section 1 (with an
 * anonymous route), the proxy's {@code X-Forwarded-*} trusted (it runs on loopback, a trusted address), long URIs
 * allowed ({@code server.max-http-request-header-size=32KB}, as section 4 advises), and one
 * integration granted {@code Acme_Erp::stock}. Shared by the tests of nginx, Caddy and Envoy in front.
 */
record FrontedNode(KeywayNode node, Path file, OAuthClientCredentials stock, long stockId) implements AutoCloseable {

	static FrontedNode start(String upstreamUrl, String integrationName) throws IOException {
		Path file = Files.createTempFile("gateway-fronted-", ".yml");
		Files.writeString(file, """
				resources:
				  - {id: "Acme_Erp::erp", title: "ERP", parent: "Magento_Backend::admin"}
				  - {id: "Acme_Erp::stock", title: "Stock", parent: "Acme_Erp::erp"}
				upstreams:
				  - name: erp
				    url: %s
				    routes:
				      - {method: GET,  path: "/V1/erp/stock/:sku", resources: ["Acme_Erp::stock"]}
				      - {method: POST, path: "/V1/erp/stock",      resources: ["Acme_Erp::stock"]}
				      - {method: GET,  path: "/V1/erp/public/:id", resources: anonymous}
				""".formatted(upstreamUrl));
		byte[] key = new byte[32];
		new SecureRandom().nextBytes(key);
		KeywayNode node = KeywayNode.start(TestDatabases.newDatabase(), Base64.getEncoder().encodeToString(key),
				Map.of("keyway.gateway.file", file.toString(), "server.forward-headers-strategy", "native",
						"server.max-http-request-header-size", "32KB"));
		AdminApi admin = new AdminApi(node.http());
		long stockId = admin.createIntegration(
				"{\"name\":\"" + integrationName + "\",\"resources\":[\"Acme_Erp::stock\"]}");
		OAuthClientCredentials stock = OAuthClientCredentials
			.ofActivation(admin.post("/rest/V1/integrations/" + stockId + "/activate", "{}").body());
		return new FrontedNode(node, file, stock, stockId);
	}

	/** The event-loop listener's port. */
	int loopPort() {
		return this.node.context().getEnvironment().getRequiredProperty("local.keyway.event-loop.port", Integer.class);
	}

	@Override
	public void close() {
		try {
			this.node.close();
		}
		finally {
			try {
				Files.deleteIfExists(this.file);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
	}

}
