package dev.keyway.account;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.keyway.oauth.TokenGenerator;
import dev.keyway.oauth.TokenHasher;
import dev.keyway.testing.AdminApi;
import dev.keyway.testing.Http;
import dev.keyway.testing.KeywayIntegrationTest;
import dev.keyway.testing.KeywayTestContextCustomizerFactory;
import dev.keyway.testing.RestoreSettings;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bearer access tokens and admin tokens told apart without a miss on the hot path (issue 14.2): once
 * a node knows an access token, its calls never reach the admin tokens' look-up (keyed hashing, miss
 * cache, a query once a minute), and an admin token still works.
 */
@ExtendWith(RestoreSettings.class)
@KeywayIntegrationTest
class BearerTokenKindsTests {

	@LocalServerPort
	int port;

	@Autowired
	AdminTokenStore adminTokens;

	@Autowired
	AdminUserStore users;

	@Autowired
	TokenHasher hasher;

	private Http http;

	private AdminApi admin;

	@BeforeEach
	void setUp() {
		this.http = new Http(this.port);
		this.admin = new AdminApi(this.http);
		assertThat(this.admin.put("/rest/V1/settings",
				"{\"settings\":{\"oauth/consumer/enable_integration_as_bearer\":\"1\"}}").status()).isEqualTo(200);
	}

	@Test
	void bearerCallWhenAccessTokenKnownThenAdminTokensNotLookedUp() {
		String accessToken = activatedAccessToken();
		assertThat(bearerGet(accessToken)).isEqualTo(200);
		forgetUnknownAdminTokens();

		for (int i = 0; i < 10; i++) {
			assertThat(bearerGet(accessToken)).isEqualTo(200);
		}

		// the access token's calls left no trace in the admin look-up: it was never asked
		assertThat(this.adminTokens.cachedUnknown()).isZero();
	}

	@Test
	void bearerCallWhenAdminTokenThenAdminCallerAfterAccessTokensAreCached() {
		String accessToken = activatedAccessToken();
		assertThat(bearerGet(accessToken)).isEqualTo(200);

		Http.Response settings = this.http.get("/rest/V1/settings", "Authorization", "Bearer " + this.admin.token());

		assertThat(settings.status()).as(settings.body()).isEqualTo(200);
	}

	private String activatedAccessToken() {
		long id = this.admin.createIntegration("{\"name\":\"bearer kinds " + UUID.randomUUID()
				+ "\",\"resources\":[\"Magento_Sales::actions_view\"]}");
		Http.Response activation = this.admin.post("/rest/V1/integrations/" + id + "/activate", "{}");
		assertThat(activation.status()).as(activation.body()).isEqualTo(200);
		return AdminApi.field(activation.body(), "access_token");
	}

	private int bearerGet(String token) {
		return this.http.get("/rest/V1/orders/4", "Authorization", "Bearer " + token).status();
	}

	/** Issuing an admin token empties the admin look-up's miss cache (AdminTokenStore#insert). */
	private void forgetUnknownAdminTokens() {
		long adminId = this.users.findByUsername(KeywayTestContextCustomizerFactory.ADMIN_USERNAME).orElseThrow().id();
		Instant now = Instant.now();
		this.adminTokens.insert(adminId, this.hasher.hash(new TokenGenerator().next()), now, now.plus(Duration.ofHours(1)));
		assertThat(this.adminTokens.cachedUnknown()).isZero();
	}

}
