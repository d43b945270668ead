package dev.keyway.webapi;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.keyway.testing.Http;
import dev.keyway.testing.KeywayIntegrationTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/** The Web API reference is generated from the route table: every route is in it, with its resources. */
@KeywayIntegrationTest
class OpenApiDocumentTests {

	@LocalServerPort
	int port;

	@Autowired
	RouteTable routes;

	@Test
	void documentWhenServedThenEveryRouteWithItsResourcesAndTheTokenEndpoints() {
		Http.Response response = new Http(this.port).get("/v3/api-docs");
		JsonNode paths = JsonMapper.shared().readTree(response.body()).get("paths");

		assertThat(response.status()).isEqualTo(200);
		for (Route route : this.routes.routes()) {
			JsonNode operation = paths.path("/rest" + OpenApiDocument.toOpenApiPath(route.path()))
				.path(route.method().toLowerCase());
			assertThat(operation.isMissingNode()).as("%s %s documented", route.method(), route.path().text()).isFalse();
			assertThat(operation.get("summary").asString()).isEqualTo(route.summary());
			if (!route.resources().contains("anonymous")) {
				assertThat(operation.get("description").asString()).contains(String.join(", ", route.resources()));
			}
			assertThat(operation.get("description").asString().contains("Open to guests"))
				.isEqualTo(route.guestReadable());
		}
		assertThat(paths.has("/oauth/token/request")).isTrue();
		assertThat(paths.has("/oauth/token/access")).isTrue();
	}

	@Test
	void swaggerUiWhenRequestedThenServedFromTheJarWithoutSignIn() {
		Http.Response response = new Http(this.port).get("/swagger-ui/index.html");

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.body()).contains("swagger-ui");
		assertThat(response.header("Content-Security-Policy")).contains("script-src 'self'")
			.doesNotContain("script-src 'self' 'unsafe-inline'");
	}

}
