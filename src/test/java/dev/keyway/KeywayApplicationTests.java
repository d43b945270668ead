package dev.keyway;

import org.junit.jupiter.api.Test;

import dev.keyway.testing.Http;
import dev.keyway.testing.KeywayIntegrationTest;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

@KeywayIntegrationTest
class KeywayApplicationTests {

	@LocalServerPort
	int port;

	@Test
	void healthWhenStartedThenUp() {
		Http.Response response = new Http(this.port).get("/actuator/health");
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.body()).contains("\"status\":\"UP\"");
	}

}
