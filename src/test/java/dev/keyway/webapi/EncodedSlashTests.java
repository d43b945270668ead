package dev.keyway.webapi;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.keyway.store.ProductCatalog;
import dev.keyway.testing.AdminApi;
import dev.keyway.testing.Http;
import dev.keyway.testing.KeywayIntegrationTest;
import dev.keyway.testing.OAuthClientCredentials;
import dev.keyway.testing.SignedCalls;
import dev.keyway.testing.SignpostOAuthClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A SKU with a slash, sent as Magento connectors send it ({@code /V1/products/A%2FB}, magento/magento2#8615,
 * #13343, #37278): both ports serve it, signed by independent libraries, while the shapes that could move a
 * call elsewhere stay refused (docs/DECISIONS.md, "Wave 2, fourteenth session").
 */
@KeywayIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EncodedSlashTests {

	@LocalServerPort
	int tomcat;

	@Value("${" + EventLoopListener.LOCAL_PORT + "}")
	int loop;

	AdminApi admin;

	OAuthClientCredentials all;

	final String sku = "KW-" + System.nanoTime() + "/6";

	String encoded;

	@BeforeAll
	void productWithSlashInItsSku() {
		this.admin = new AdminApi(new Http(this.tomcat));
		this.all = SignedCalls.integration(this.admin, "encoded slash", null);
		Http.Response created = this.admin.post("/rest/V1/products", "{\"product\":{\"sku\":\"" + this.sku
				+ "\",\"name\":\"Slash Jacket\",\"price\":12.5,\"type_id\":\"simple\",\"attribute_set_id\":4}}");
		assertThat(created.status()).as(created.body()).isEqualTo(200);
		this.encoded = this.sku.replace("/", "%2F");
	}

	@AfterAll
	void removeProduct() {
		this.admin.delete("/rest/V1/products/" + this.encoded);
	}

	@ParameterizedTest
	@EnumSource(SignedCalls.Library.class)
	void getWhenSkuHasPercentSignThenProductOnBothPortsAndItsPathSignedAsSent(SignedCalls.Library library) {
		String percent = "KW-" + System.nanoTime() + "-50%-OFF";
		Http.Response created = this.admin.post("/rest/V1/products", "{\"product\":{\"sku\":\"" + percent
				+ "\",\"name\":\"Half Off\",\"price\":5,\"type_id\":\"simple\",\"attribute_set_id\":4}}");
		assertThat(created.status()).as(created.body()).isEqualTo(200);
		String path = "/rest/V1/products/" + percent.replace("%", "%25");
		try {
			for (int port : new int[] { this.tomcat, this.loop }) {
				Http.Response read = SignedCalls.call(library, "GET", url(port, path), this.all, null);

				assertThat(read.status()).as("port %d: %s", port, read.body()).isEqualTo(200);
				assertThat(AdminApi.field(read.body(), "sku")).isEqualTo(percent);
			}
		}
		finally {
			this.admin.delete(path);
		}
	}

	@ParameterizedTest
	@EnumSource(SignedCalls.Library.class)
	void getWhenSkuHasEncodedSlashAndSignedByIndependentLibraryThenProductOnBothPorts(SignedCalls.Library library) {
		for (int port : new int[] { this.tomcat, this.loop }) {
			Http.Response read = SignedCalls.call(library, "GET", url(port, "/rest/V1/products/" + this.encoded), this.all,
					null);

			assertThat(read.status()).as("port %d: %s", port, read.body()).isEqualTo(200);
			assertThat(AdminApi.field(read.body(), "sku")).isEqualTo(this.sku);
		}
	}

	@Test
	void getWhenSkuHasLowerCaseEncodedSlashWithStoreCodeAndSignedBySignpostThenProductOnBothPorts() throws Exception {
		for (int port : new int[] { this.tomcat, this.loop }) {
			Http.Response read = SignpostOAuthClient.call("GET",
					url(port, "/rest/default/V1/products/" + this.sku.replace("/", "%2f") + "?fields=sku,name"), this.all,
					null);

			assertThat(read.status()).as("port %d: %s", port, read.body()).isEqualTo(200);
			assertThat(read.body()).isEqualTo("{\"sku\":\"" + this.sku + "\",\"name\":\"Slash Jacket\"}");
		}
	}

	@Test
	void putWhenSkuHasEncodedSlashThenUpdatedThroughEitherPort() {
		for (int port : new int[] { this.tomcat, this.loop }) {
			String name = "Slash Jacket " + port;
			Http.Response updated = SignedCalls.call(SignedCalls.Library.SCRIBE, "PUT",
					url(port, "/rest/V1/products/" + this.encoded), this.all,
					"{\"product\":{\"name\":\"" + name + "\"}}");

			assertThat(updated.status()).as("port %d: %s", port, updated.body()).isEqualTo(200);
			assertThat(AdminApi.field(this.admin.get("/rest/V1/products/" + this.encoded).body(), "name")).isEqualTo(name);
		}
		this.admin.put("/rest/V1/products/" + this.encoded, "{\"product\":{\"name\":\"Slash Jacket\"}}");
	}

	@Test
	void getWhenEncodedSlashesSpellAnotherRouteThenStillTheProductRouteOnBothPorts() {
		// "..%2F..%2Fstore%2FstoreConfigs" is one segment: the SKU "../../store/storeConfigs", never a step up;
		// "..%252F..%252Fstore" is decoded once: the SKU "..%2F..%2Fstore"
		for (String path : List.of("/rest/V1/products/..%2F..%2Fstore%2FstoreConfigs",
				"/rest/V1/products/..%252F..%252Fstore%252FstoreConfigs", "/rest/V1/products/%252e%252e")) {
			for (int port : new int[] { this.tomcat, this.loop }) {
				Http.Response read = SignedCalls.call(SignedCalls.Library.SCRIBE, "GET", url(port, path), this.all, null);

				assertThat(read.status()).as("port %d %s: %s", port, path, read.body()).isEqualTo(404);
				assertThat(read.body()).contains(ProductCatalog.NOT_FOUND).doesNotContain("base_currency_code");
			}
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "/rest/V1/products/A%2F%2FB", "/rest/V1/products/%2e%2e%2FB",
			"/rest/V1/products/A%5CB", "/rest/V1/products/A;%2FB", "/rest/V1/store/../products/A%2FB",
			"/rest/V1/products/A%C3%2FB", "/rest/V1/products/..%C0%AF..%C0%AFstore", "/oauth/token/request%2Fx",
			"/rest/V1/products/50%25%2e%2e", "/rest/V1/products/50%25%3B", "/rest/V1/products/50%25%0a",
			"/rest/V1/products/50%25/../store", "/oauth/token/request%25",
			"/oauth/..%2Fadmin%2Fintegrations" })
	void getWhenPathCouldStillBeReadTwoWaysOrIsNotUtf8ThenBothPortsRefuseWith400(String path) {
		for (int port : new int[] { this.tomcat, this.loop }) {
			Http.Response answer = raw(port, "GET " + path + " HTTP/1.1\r\nHost: localhost:" + port
					+ "\r\nAuthorization: Bearer " + this.admin.token() + "\r\nConnection: close\r\n\r\n");

			assertThat(answer.status()).as("port %d %s: %s", port, path, answer.body()).isEqualTo(400);
		}
	}

	@Test
	void getWhenFirewallRefusesThePathThenMagentosShapeNamingTheRuleOnBothPorts() {
		for (int port : new int[] { this.tomcat, this.loop }) {
			Http.Response answer = raw(port, "GET /rest/V1/products/AB%5C12 HTTP/1.1\r\nHost: localhost:" + port
					+ "\r\nConnection: close\r\n\r\n");

			assertThat(answer.status()).as("port %d", port).isEqualTo(400);
			// (Tomcat's answer is chunked, which this reader leaves as it is)
			assertThat(answer.body()).as("port %d", port)
				.contains("{\"message\":\"The request was rejected because the URL contained a potentially malicious "
						+ "String \\\"%5C\\\"\"}")
				.doesNotContain("Bad Request");
		}
	}

	@Test
	void verifyWhenOriginalPathHasEncodedSlashThenNeverApprovedEvenForKeywaysOwnRoute() {
		// a verify-only answer lets a proxy forward the call, which may decode the slash before its own routing
		for (int port : new int[] { this.tomcat, this.loop }) {
			Http.Response envoy = new Http(port).get("/auth/envoy/rest/V1/products/" + this.encoded, "Authorization",
					"Bearer " + this.admin.token());
			Http.Response nginx = new Http(port).get("/auth/verify", "Authorization", "Bearer " + this.admin.token(),
					"X-Original-Method", "GET", "X-Original-URI", "/rest/V1/products/" + this.encoded);

			assertThat(envoy.status()).as("port %d: %s", port, envoy.body()).isEqualTo(400);
			assertThat(envoy.body()).contains("An encoded slash (%2F) or percent sign (%25) in the path is accepted only");
			assertThat(nginx.status()).as("port %d: %s", port, nginx.body()).isEqualTo(403);
			assertThat(nginx.header("X-Keyway-Error")).startsWith("400 X-Original-URI was rejected: ");
		}
	}

	private static String url(int port, String path) {
		return "http://localhost:" + port + path;
	}

	/** One request written by hand (an HTTP client would resolve dot segments before sending). */
	private static Http.Response raw(int port, String request) {
		try (Socket socket = new Socket("127.0.0.1", port)) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			out.write(request.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
			int status = Integer.parseInt(answer.substring(9, 12));
			int body = answer.indexOf("\r\n\r\n");
			return new Http.Response(status, (body < 0) ? "" : answer.substring(body + 4), java.util.Map.of());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
