package dev.keyway.gateway;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;


import dev.keyway.testing.DatabaseIndependent;
import dev.keyway.testing.KeywayNode;
import dev.keyway.testing.TestDatabases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * A node started with a bad gateway file does not start, and says which file, entry and rule (issue
 * 15.1): the checks that need the whole application (ACL tree, built-in routes) run at start-up.
 */
@DatabaseIndependent
@ExtendWith(OutputCaptureExtension.class)
class GatewayStartupTests {

	@Test
	void startWhenResourceParentUnknownThenStartUpReportSaysItWithoutATrace(CapturedOutput output) throws IOException {
		Path file = gatewayFile("""
				resources:
				  - {id: "Acme_Erp::stock", title: "Stock", parent: "Acme_Erp::nowhere"}
				upstreams:
				  - name: erp
				    url: http://127.0.0.1:9
				    routes:
				      - {method: GET, path: "/V1/erp/stock/:sku", resources: ["Acme_Erp::stock"]}
				""");

		String message = startUpFailure(file);

		String rule = file + ", resources[0] (\"Acme_Erp::stock\"): the parent \"Acme_Erp::nowhere\" of "
				+ "\"Acme_Erp::stock\" is not in the ACL tree (neither built in nor declared)";
		assertThat(message).contains(rule);
		String report = output.getOut() + output.getErr();
		assertThat(report).contains("An ACL resource was refused: " + rule)
			.contains("Correct the resource it names (in the gateway file, under \"resources\")");
		// Spring Boot's report of an analysed failure: the sentence, no stack trace of the cause
		assertThat(report.substring(report.indexOf("An ACL resource was refused"))).doesNotContain("\tat dev.keyway.acl");
	}

	@Test
	void startWhenRouteNamesUnknownResourceThenStartUpFailsNamingFileEntryAndRule() throws IOException {
		Path file = gatewayFile("""
				resources:
				  - {id: "Acme_Erp::erp", title: "ERP", parent: "Magento_Backend::admin"}
				upstreams:
				  - name: erp
				    url: http://127.0.0.1:9
				    routes:
				      - {method: GET, path: "/V1/erp/stock/:sku", resources: ["Acme_Erp::erp"]}
				      - {method: GET, path: "/V1/erp/price/:sku", resources: ["Acme_Erp::price"]}
				""");

		String message = startUpFailure(file);

		assertThat(message).contains(file.toString() + ", upstreams[0] (\"erp\"), routes[1] (GET /V1/erp/price/:sku)")
			.contains("the resource \"Acme_Erp::price\" is not in the ACL tree");
	}

	@Test
	void startWhenRouteOverlapsBuiltInRouteThenStartUpFailsNamingFileEntryAndRule() throws IOException {
		Path file = gatewayFile("""
				upstreams:
				  - name: shadow
				    url: http://127.0.0.1:9
				    routes:
				      - {method: GET, path: "/V1/orders/:id", resources: anonymous}
				""");

		String message = startUpFailure(file);

		assertThat(message).contains(file.toString() + ", upstreams[0] (\"shadow\"), routes[0] (GET /V1/orders/:id)")
			.contains("overlaps Keyway's route GET /V1/orders/:id");
	}

	@Test
	void startWhenGatewayFileRefusedThenNoFirstAdminCreatedSoTheNextStartStillPrintsItsPassword(CapturedOutput output)
			throws IOException {
		// an operator trial: the refused start created the first admin and printed its one-time password in the
		// log of the failure; the corrected start then printed none, and the password was in the old log only
		Path file = gatewayFile("""
				upstreams:
				  - name: shop
				    url: http://127.0.0.1:9
				    routes:
				      - {method: GET, path: "/V1/products/:sku", resources: ["Magento_Catalog::products"]}
				""");

		String message = startUpFailure(file);

		assertThat(message).contains("overlaps Keyway's route GET /V1/products/");
		assertThat(output.getOut() + output.getErr()).doesNotContain("Created the first admin user");
	}

	private static Path gatewayFile(String yaml) throws IOException {
		Path file = Files.createTempFile("gateway-bad-", ".yml");
		Files.writeString(file, yaml);
		return file;
	}

	/** Starts a node with the file and returns the messages of the start-up failure's causes. */
	private static String startUpFailure(Path file) {
		byte[] key = new byte[32];
		new SecureRandom().nextBytes(key);
		Throwable failure = catchThrowable(() -> {
			try (KeywayNode node = KeywayNode.start(TestDatabases.newH2Database(),
					Base64.getEncoder().encodeToString(key), Map.of("keyway.gateway.file", file.toString()))) {
				assertThat(node.port()).as("the node should not have started").isNegative();
			}
		});
		assertThat(failure).as("start-up failure").isNotNull().isNotInstanceOf(AssertionError.class);
		StringBuilder messages = new StringBuilder();
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			messages.append(cause.getMessage()).append('\n');
		}
		return messages.toString();
	}

}
