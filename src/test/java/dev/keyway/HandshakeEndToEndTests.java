package dev.keyway;

import java.time.Duration;
import java.util.UUID;

import com.github.scribejava.core.model.Verb;
import org.junit.jupiter.api.Test;

import dev.keyway.audit.AuditTrail;
import dev.keyway.testing.SignedCalls;
import dev.keyway.testing.AdminApi;
import dev.keyway.testing.FakeThirdParty;
import dev.keyway.testing.GoogleOAuthClient;
import dev.keyway.testing.Http;
import dev.keyway.testing.KeywayIntegrationTest;
import dev.keyway.testing.OAuthClientCredentials;
import dev.keyway.testing.ScribeOAuthClient;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The handshake of SPEC 2.4 end to end, as a third party lives it: the credentials arrive at its
 * callback URL, it runs the token exchange and then calls the Web API, signing with independent
 * OAuth libraries (google-oauth-client with HMAC-SHA256, ScribeJava with HMAC-SHA1).
 */
@KeywayIntegrationTest
class HandshakeEndToEndTests {

	@LocalServerPort
	int port;

	@Autowired
	AuditTrail audit;

	@Test
	void handshakeWhenThirdPartyUsesGoogleClientThenActiveAndSignedCallsSucceed() throws Exception {
		Http http = new Http(this.port);
		AdminApi admin = new AdminApi(http);
		try (FakeThirdParty party = FakeThirdParty.start()) {
			long id = createHandshakeIntegration(admin, party);
			Http.Response activation = admin.post("/rest/V1/integrations/" + id + "/activate", "{}");
			assertThat(activation.status()).isEqualTo(200);
			assertThat(AdminApi.field(activation.body(), "flow")).isEqualTo("handshake");
			FakeThirdParty.Post post = party.awaitPost(Duration.ofSeconds(5));
			assertThat(post.contentType()).startsWith("application/x-www-form-urlencoded");
			assertThat(post.form()).containsOnlyKeys("oauth_consumer_key", "oauth_consumer_secret", "store_base_url",
					"oauth_verifier");
			assertThat(post.get("store_base_url")).isEqualTo("http://localhost:8080/");
			String identityLink = AdminApi.field(activation.body(), "identity_link_url");
			assertThat(identityLink).startsWith(party.identityLinkUrl() + "?oauth_consumer_key=" + post.get("oauth_consumer_key")
					+ "&success_call_back=http%3A%2F%2Flocalhost%3A8080%2Fadmin%2Fintegrations%2Flogin-success");
			assertThat(AdminApi.field(admin.get("/rest/V1/integrations/" + id).body(), "status")).isEqualTo("0");

			OAuthClientCredentials credentials = GoogleOAuthClient.exchange(http.url("/"), post.get("oauth_consumer_key"),
					post.get("oauth_consumer_secret"), post.get("oauth_verifier"));

			assertThat(credentials.accessToken()).matches("[0-9a-z]{32}");
			assertThat(credentials.accessTokenSecret()).matches("[0-9a-z]{32}");
			assertThat(AdminApi.field(admin.get("/rest/V1/integrations/" + id).body(), "status")).isEqualTo("1");
			// SPEC 2.10: the third party's address is recorded with the activation its exchange completed
			assertThat(this.audit.find("integration", Long.toString(id), 20, 0))
				.filteredOn((entry) -> entry.action().equals("integration.handshake_complete"))
				.singleElement()
				.satisfies((entry) -> assertThat(entry.sourceAddress()).isEqualTo("127.0.0.1"));
			Http.Response list = GoogleOAuthClient.call("GET",
					http.url("/rest/V1/integrations?searchCriteria[pageSize]=5&searchCriteria[currentPage]=1"),
					credentials, null);
			assertThat(list.status()).as(list.body()).isEqualTo(200);
			assertThat(list.body()).contains("\"page_size\":5");
			Http.Response created = GoogleOAuthClient.call("POST", http.url("/rest/V1/integrations"), credentials,
					"{\"integration\":{\"name\":\"child " + UUID.randomUUID()
							+ "\",\"resources\":[\"Magento_Integration::integrations\"]}}");
			assertThat(created.status()).as(created.body()).isEqualTo(200);
			Http.Response refused = GoogleOAuthClient.call("GET", http.url("/rest/V1/settings"), credentials, null);
			assertThat(refused.status()).isEqualTo(401);
			assertThat(refused.body()).isEqualTo(
					"{\"message\":\"The consumer isn't authorized to access %resources.\",\"parameters\":{\"resources\":\"Keyway_Config::manage\"}}");
		}
	}

	@Test
	void handshakeWhenThirdPartyUsesScribeJavaWithHmacSha1ThenSignedCallsSucceed() throws Exception {
		Http http = new Http(this.port);
		AdminApi admin = new AdminApi(http);
		try (FakeThirdParty party = FakeThirdParty.start()) {
			party.answerCallbackWith(500);
			long id = createHandshakeIntegration(admin, party);
			assertThat(admin.post("/rest/V1/integrations/" + id + "/activate", "{}").status()).isEqualTo(200);
			FakeThirdParty.Post post = party.awaitPost(Duration.ofSeconds(5));

			OAuthClientCredentials credentials = ScribeOAuthClient.exchange(http.url("/"), post.get("oauth_consumer_key"),
					post.get("oauth_consumer_secret"), post.get("oauth_verifier"));

			assertThat(AdminApi.field(admin.get("/rest/V1/integrations/" + id).body(), "status")).isEqualTo("1");
			Http.Response created = ScribeOAuthClient.call(Verb.POST, http.url("/rest/V1/integrations"), credentials,
					"{\"integration\":{\"name\":\"scribe child " + UUID.randomUUID() + "\"}}");
			assertThat(created.status()).as(created.body()).isEqualTo(200);
			String child = "/rest/V1/integrations/" + AdminApi.field(created.body(), "id");
			Http.Response one = ScribeOAuthClient.call(Verb.GET, http.url(child), credentials, null);
			assertThat(one.status()).as(one.body()).isEqualTo(200);
			assertThat(AdminApi.field(one.body(), "status")).isEqualTo("0");
			Http.Response update = ScribeOAuthClient.call(Verb.PUT, http.url(child), credentials,
					"{\"integration\":{\"email\":\"ops@third.example\"}}");
			assertThat(update.status()).as(update.body()).isEqualTo(200);
			assertThat(AdminApi.field(update.body(), "email")).isEqualTo("ops@third.example");
		}
	}

	private static long createHandshakeIntegration(AdminApi admin, FakeThirdParty party) {
		return admin.createIntegration("{\"name\":\"handshake " + UUID.randomUUID() + "\",\"endpoint\":\""
				+ party.callbackUrl() + "\",\"identity_link_url\":\"" + party.identityLinkUrl()
				+ "\",\"resources\":[\"Keyway_Integration::manage\",\"Magento_Integration::integrations\"]}");
	}

}
