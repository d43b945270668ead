package dev.keyway.oauth;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import com.github.scribejava.core.model.OAuth1AccessToken;
import com.github.scribejava.core.model.Verb;
import com.github.scribejava.core.oauth.OAuth10aService;
import com.google.api.client.auth.oauth.OAuthParameters;
import oauth.signpost.OAuthConsumer;
import oauth.signpost.basic.DefaultOAuthConsumer;
import oauth.signpost.signature.HmacSha256MessageSigner;
import oauth.signpost.signature.QueryStringSigningStrategy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.keyway.testing.AdminApi;
import dev.keyway.testing.FakeThirdParty;
import dev.keyway.testing.Http;
import dev.keyway.testing.KeywayIntegrationTest;
import dev.keyway.testing.OAuthClientCredentials;
import dev.keyway.testing.ScribeOAuthClient;
import dev.keyway.testing.SignedRequests;
import dev.keyway.testing.TestClock;
import dev.keyway.testing.RestoreSettings;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * OAuth-signed Web API calls (SPEC 5.2) as real clients send them: accepted, replays and tampered
 * requests refused with Magento's JSON bodies, revocation in force at once, the header and query
 * shapes of common clients, guests and Bearer access tokens. Requests are signed by independent
 * libraries (google-oauth-client, ScribeJava, signpost).
 */
@ExtendWith(RestoreSettings.class)
@KeywayIntegrationTest
class ResourceRequestVerifierTests {

	private static final String SIGNATURE_INVALID = "{\"message\":\"The signature is invalid. Verify and try again.\"}";

	private static final String NONCE_FAILED = "{\"message\":\"An error occurred validating the nonce\"}";

	private static final String GUEST_REFUSED = "{\"message\":\"The consumer isn't authorized to access %resources.\","
			+ "\"parameters\":{\"resources\":\"Magento_Sales::actions_view\"}}";

	@LocalServerPort
	int port;

	@Autowired
	TestClock clock;

	private Http http;

	private AdminApi admin;

	@BeforeEach
	void setUp() {
		this.http = new Http(this.port);
		this.admin = new AdminApi(this.http);
	}

	@AfterEach
	void tearDown() {
		this.clock.reset();
	}

	// ---- accepted, replayed, out of the time window ----

	@Test
	void callWhenSignedCorrectlyThenAccepted() {
		Active active = activateDirectly();

		Http.Response response = call("GET", itemUrl(active), oauth(active));

		assertThat(response.status()).as(response.body()).isEqualTo(200);
		assertThat(AdminApi.field(response.body(), "entity_id")).isEqualTo("4");
	}

	@Test
	void callWhenReplayedThenNonceAlreadyUsed() {
		Active active = activateDirectly();
		String authorization = SignedRequests.sign(oauth(active), "GET", itemUrl(active));
		assertThat(send("GET", itemUrl(active), authorization).status()).isEqualTo(200);

		Http.Response replay = send("GET", itemUrl(active), authorization);

		assertThat(replay.status()).isEqualTo(401);
		assertThat(replay.body()).isEqualTo("{\"message\":\"The nonce is already being used by the consumer with ID %1\","
				+ "\"parameters\":[\"" + active.consumerId() + "\"]}");
	}

	@Test
	void callWhenReplayedAtTheLastSecondOfTheTimestampWindowThenStillRefused() {
		Active active = activateDirectly();
		// a test that narrowed the window before this one leaves timestamps up to its narrow horizon
		// refused for one wide window (SPEC 4.8): start past that
		this.clock.shift(Duration.ofSeconds(601));
		long start = SignedRequests.freshSecond(this.clock);
		OAuthParameters oauth = oauth(active);
		oauth.timestamp = Long.toString(start - 599);
		String authorization = SignedRequests.sign(oauth, "GET", itemUrl(active));
		assertThat(send("GET", itemUrl(active), authorization).status()).isEqualTo(200);
		// Move the server clock so that it reads exactly timestamp + 600: the timestamp is still
		// accepted (refused only when MORE than 600 s away), so the nonce must still be remembered.
		long now = SignedRequests.freshSecond(this.clock);
		this.clock.shift(Duration.ofSeconds(start - 599 + 600 - now));

		Http.Response replay = send("GET", itemUrl(active), authorization);

		assertThat(replay.status()).as(replay.body()).isEqualTo(401);
		assertThat(replay.body()).startsWith("{\"message\":\"The nonce is already being used");
	}

	@Test
	void callWhenTimestamp601SecondsAheadThenRefused() {
		Active active = activateDirectly();
		OAuthParameters oauth = oauth(active);
		oauth.timestamp = Long.toString(SignedRequests.freshSecond(this.clock) + 601);

		assertRefused(call("GET", itemUrl(active), oauth), NONCE_FAILED);
	}

	@Test
	void callWhenTimestamp601SecondsBehindThenRefused() {
		Active active = activateDirectly();
		OAuthParameters oauth = oauth(active);
		oauth.timestamp = Long.toString(this.clock.instant().getEpochSecond() - 601);

		assertRefused(call("GET", itemUrl(active), oauth), NONCE_FAILED);
	}

	@Test
	void callWhenTimestampWindowSettingNarrowedThenOlderTimestampRefused() {
		Active active = activateDirectly();
		assertThat(this.admin.put("/rest/V1/settings", "{\"settings\":{\"oauth/signature/timestamp_window\":\"60\"}}")
			.status()).isEqualTo(200);
		OAuthParameters old = oauth(active);
		old.timestamp = Long.toString(this.clock.instant().getEpochSecond() - 90);
		OAuthParameters recent = oauth(active);
		recent.timestamp = Long.toString(this.clock.instant().getEpochSecond() - 30);

		assertRefused(call("GET", itemUrl(active), old), NONCE_FAILED);
		assertAccepted(call("GET", itemUrl(active), recent));
	}

	// ---- tampering: every part of the signed request matters ----

	@Test
	void callWhenMethodChangedThenSignatureInvalid() {
		Active active = activateDirectly();
		String authorization = SignedRequests.sign(oauth(active), "POST", itemUrl(active));

		assertRefused(send("GET", itemUrl(active), authorization), SIGNATURE_INVALID);
	}

	@Test
	void callWhenPathChangedThenSignatureInvalid() {
		Active active = activateDirectly();
		String authorization = SignedRequests.sign(oauth(active), "GET", itemUrl(active));

		assertRefused(send("GET", this.http.url("/rest/default/V1/orders/4"), authorization),
				SIGNATURE_INVALID);
	}

	@Test
	void callWhenSignedWithStoreCodeThenAccepted() {
		Active active = activateDirectly();

		Http.Response response = call("GET", this.http.url("/rest/default/V1/orders/4"),
				oauth(active));

		assertThat(response.status()).as(response.body()).isEqualTo(200);
	}

	@Test
	void callWhenQueryChangedThenSignatureInvalid() {
		Active active = activateDirectly();
		String authorization = SignedRequests.sign(oauth(active), "GET",
				this.http.url("/rest/V1/integrations?searchCriteria[pageSize]=5"));

		assertRefused(send("GET", this.http.url("/rest/V1/integrations?searchCriteria[pageSize]=6"), authorization),
				SIGNATURE_INVALID);
	}

	@Test
	void callWhenHostChangedThenSignatureInvalid() {
		Active active = activateDirectly();
		String authorization = SignedRequests.sign(oauth(active), "GET",
				"http://127.0.0.1:" + this.port + "/rest/V1/orders/4");

		assertRefused(send("GET", itemUrl(active), authorization), SIGNATURE_INVALID);
	}

	@Test
	void callWhenPortChangedThenSignatureInvalid() {
		Active active = activateDirectly();
		String authorization = SignedRequests.sign(oauth(active), "GET",
				"http://localhost:" + (this.port + 1) + "/rest/V1/orders/4");

		assertRefused(send("GET", itemUrl(active), authorization), SIGNATURE_INVALID);
	}

	@Test
	void callWhenConsumerSecretWrongThenSignatureInvalid() {
		Active active = activateDirectly();
		OAuthClientCredentials c = active.credentials();
		OAuthParameters oauth = SignedRequests.sha256(c.consumerKey(), c.consumerSecret() + "x", c.accessToken(),
				c.accessTokenSecret());

		assertRefused(call("GET", itemUrl(active), oauth), SIGNATURE_INVALID);
	}

	@Test
	void callWhenTokenSecretWrongThenSignatureInvalid() {
		Active active = activateDirectly();
		OAuthClientCredentials c = active.credentials();
		OAuthParameters oauth = SignedRequests.sha256(c.consumerKey(), c.consumerSecret(), c.accessToken(),
				c.accessTokenSecret().substring(1));

		assertRefused(call("GET", itemUrl(active), oauth), SIGNATURE_INVALID);
	}

	@Test
	void callWhenFormBodySignedThenAcceptedAndTamperedBodyRefused() {
		Active active = activateDirectly();
		// google-oauth-client signs query parameters only; RFC 5849 merges query and form parameters
		// into one set, so signing "?note=a+b" and sending "note=a+b" as the form body gives the same
		// base string.
		String signedUrl = itemUrl(active) + "?note=a%20b";
		String genuine = SignedRequests.sign(oauth(active), "GET", signedUrl);
		String tampered = SignedRequests.sign(oauth(active), "GET", signedUrl);

		Http.Response accepted = this.http.send("GET", itemUrl(active), "note=a+b", "Authorization", genuine,
				"Content-Type", "application/x-www-form-urlencoded");
		Http.Response refused = this.http.send("GET", itemUrl(active), "note=a+c", "Authorization", tampered,
				"Content-Type", "application/x-www-form-urlencoded");

		assertThat(accepted.status()).as(accepted.body()).isEqualTo(200);
		assertRefused(refused, SIGNATURE_INVALID);
	}

	// ---- malformed or refused protocol parameters ----

	@Test
	void callWhenVersionIsNot10ThenBadRequest() {
		Active active = activateDirectly();
		OAuthParameters oauth = oauth(active);
		oauth.version = "2.0";

		Http.Response response = call("GET", itemUrl(active), oauth);

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.body()).isEqualTo("{\"message\":\"The \\\"2.0\\\" Oauth version isn't supported.\"}");
	}

	@Test
	void callWhenTokenMissingThenBadRequest() {
		Active active = activateDirectly();
		OAuthClientCredentials c = active.credentials();
		OAuthParameters oauth = SignedRequests.sha256(c.consumerKey(), c.consumerSecret(), null, c.accessTokenSecret());

		Http.Response response = call("GET", itemUrl(active), oauth);

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.body()).isEqualTo("{\"message\":\"\\\"oauth_token\\\" is required. Enter and try again.\"}");
	}

	@Test
	void callWhenProtocolParameterGivenTwiceThenBadRequest() {
		Active active = activateDirectly();
		OAuthParameters oauth = oauth(active);
		String authorization = SignedRequests.sign(oauth, "GET", itemUrl(active)) + ", oauth_nonce=\"other\"";

		Http.Response response = send("GET", itemUrl(active), authorization);

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.body())
			.isEqualTo("{\"message\":\"The OAuth parameter \\\"oauth_nonce\\\" is given more than once.\"}");
	}

	@Test
	void callWhenHmacSha1ByDefaultThenAcceptedAndWhenRestrictedThenNotSupported() {
		Active active = activateDirectly();
		OAuthClientCredentials c = active.credentials();
		assertAccepted(call("GET", itemUrl(active),
				SignedRequests.sha1(c.consumerKey(), c.consumerSecret(), c.accessToken(), c.accessTokenSecret())));
		assertThat(this.admin.put("/rest/V1/settings", "{\"settings\":{\"oauth/signature/allow_hmac_sha1\":\"0\"}}")
			.status()).isEqualTo(200);

		Http.Response sha1 = call("GET", itemUrl(active),
				SignedRequests.sha1(c.consumerKey(), c.consumerSecret(), c.accessToken(), c.accessTokenSecret()));
		Http.Response sha256 = call("GET", itemUrl(active), oauth(active));

		assertThat(sha1.status()).isEqualTo(400);
		assertThat(sha1.body()).isEqualTo("{\"message\":\"Signature method HMAC-SHA1 is not supported\"}");
		assertAccepted(sha256);
	}

	@Test
	void callWhenNonceOfRefusedSignatureReusedThenAccepted() {
		Active active = activateDirectly();
		OAuthClientCredentials c = active.credentials();
		OAuthParameters forged = SignedRequests.sha256(c.consumerKey(), "wrong", c.accessToken(), c.accessTokenSecret());
		assertRefused(call("GET", itemUrl(active), forged), SIGNATURE_INVALID);
		OAuthParameters genuine = oauth(active);
		genuine.nonce = forged.nonce;
		genuine.timestamp = forged.timestamp;

		assertAccepted(call("GET", itemUrl(active), genuine));
	}

	// ---- tokens ----

	@Test
	void callWhenTokenUnknownThenSpecifiedTokenDoesNotExist() {
		Active active = activateDirectly();
		OAuthClientCredentials c = active.credentials();
		OAuthParameters oauth = SignedRequests.sha256(c.consumerKey(), c.consumerSecret(),
				"0123456789abcdef0123456789abcdef", c.accessTokenSecret());

		assertRefused(call("GET", itemUrl(active), oauth), "{\"message\":\"Specified token does not exist\"}");
	}

	@Test
	void callWhenAccessTokenOfAnotherConsumerThenNotAssociated() {
		Active active = activateDirectly();
		Active other = activateDirectly();
		OAuthClientCredentials c = active.credentials();
		OAuthParameters oauth = SignedRequests.sha256(c.consumerKey(), c.consumerSecret(),
				other.credentials().accessToken(), other.credentials().accessTokenSecret());

		assertRefused(call("GET", itemUrl(active), oauth),
				"{\"message\":\"Token is not associated with the specified consumer\"}");
	}

	@Test
	void callWhenRequestTokenUsedThenTokenIsNotAnAccessToken() {
		try (FakeThirdParty party = FakeThirdParty.start()) {
			long id = this.admin.createIntegration("{\"name\":\"request token caller " + UUID.randomUUID()
					+ "\",\"endpoint\":\"" + party.callbackUrl() + "\",\"identity_link_url\":\"" + party.identityLinkUrl()
					+ "\",\"resources\":[\"Keyway_Integration::manage\",\"Magento_Sales::actions_view\"]}");
			assertThat(this.admin.post("/rest/V1/integrations/" + id + "/activate", "{}").status()).isEqualTo(200);
			FakeThirdParty.Post post = party.awaitPost(Duration.ofSeconds(5));
			String key = post.get("oauth_consumer_key");
			String secret = post.get("oauth_consumer_secret");
			String url = this.http.url("/oauth/token/request");
			Http.Response issued = this.http.post(url, null, "Authorization",
					SignedRequests.sign(SignedRequests.sha256(key, secret, null, null), "POST", url));
			assertThat(issued.status()).isEqualTo(200);
			String requestToken = issued.body().replaceAll("^oauth_token=([0-9a-z]+)&.*$", "$1");
			String requestSecret = issued.body().replaceAll("^.*oauth_token_secret=([0-9a-z]+)$", "$1");

			Http.Response response = call("GET", this.http.url("/rest/V1/integrations/" + id),
					SignedRequests.sha256(key, secret, requestToken, requestSecret));

			assertRefused(response, "{\"message\":\"Token is not an access token\"}");
		}
	}

	@Test
	void callWhenIntegrationReauthorizedThenOldTokenRefusedAtOnceAndNewOneAccepted() {
		Active active = activateDirectly();
		assertThat(call("GET", itemUrl(active), oauth(active)).status()).isEqualTo(200);
		Http.Response reauthorized = this.admin.post("/rest/V1/integrations/" + active.id() + "/reauthorize", "{}");
		assertThat(reauthorized.status()).as(reauthorized.body()).isEqualTo(200);
		Active renewed = new Active(active.id(), active.consumerId(), credentials(reauthorized.body()));

		Http.Response old = call("GET", itemUrl(active), oauth(active));
		Http.Response fresh = call("GET", itemUrl(renewed), oauth(renewed));

		assertThat(renewed.credentials().consumerKey()).isEqualTo(active.credentials().consumerKey());
		assertThat(renewed.credentials().consumerSecret()).isEqualTo(active.credentials().consumerSecret());
		assertThat(renewed.credentials().accessToken()).isNotEqualTo(active.credentials().accessToken());
		assertRefused(old, "{\"message\":\"Specified token does not exist\"}");
		assertThat(fresh.status()).as(fresh.body()).isEqualTo(200);
	}

	@Test
	void callWhenIntegrationDeletedThenTokenRefusedAtOnce() {
		Active active = activateDirectly();
		Active witness = activateDirectly();
		assertThat(call("GET", itemUrl(witness), oauth(active)).status()).isEqualTo(200);
		assertThat(this.admin.delete("/rest/V1/integrations/" + active.id()).status()).isEqualTo(200);

		Http.Response response = call("GET", itemUrl(witness), oauth(active));

		assertRefused(response, "{\"message\":\"A consumer having the specified key does not exist\"}");
	}

	// ---- header shapes real clients send ----

	@Test
	void callWhenHeaderHasNoSpacesAfterCommasThenAccepted() {
		Active active = activateDirectly();
		List<String> items = SignedRequests.items(SignedRequests.sign(oauth(active), "GET", itemUrl(active)));

		assertAccepted(send("GET", itemUrl(active), SignedRequests.header(items, ",")));
	}

	@Test
	void callWhenHeaderHasRealmThenAccepted() {
		Active active = activateDirectly();
		OAuthParameters oauth = oauth(active);
		oauth.realm = "http://localhost/";

		String authorization = SignedRequests.sign(oauth, "GET", itemUrl(active));

		assertThat(authorization).startsWith("OAuth realm=");
		assertAccepted(send("GET", itemUrl(active), authorization));
	}

	@Test
	void callWhenHeaderWithOrWithoutVersionThenAccepted() {
		Active active = activateDirectly();
		OAuthParameters without = oauth(active);
		OAuthParameters with = oauth(active);
		with.version = "1.0";

		String withoutHeader = SignedRequests.sign(without, "GET", itemUrl(active));
		String withHeader = SignedRequests.sign(with, "GET", itemUrl(active));

		assertThat(withoutHeader).doesNotContain("oauth_version");
		assertThat(withHeader).contains("oauth_version=\"1.0\"");
		assertAccepted(send("GET", itemUrl(active), withoutHeader));
		assertAccepted(send("GET", itemUrl(active), withHeader));
	}

	@Test
	void callWhenHeaderParametersInAnotherOrderThenAccepted() {
		Active active = activateDirectly();
		List<String> items = SignedRequests.items(SignedRequests.sign(oauth(active), "GET", itemUrl(active)));

		assertAccepted(send("GET", itemUrl(active), SignedRequests.header(SignedRequests.reversed(items), ", ")));
	}

	@Test
	void callWhenSchemeWrittenInLowerCaseThenAccepted() {
		Active active = activateDirectly();
		String authorization = SignedRequests.sign(oauth(active), "GET", itemUrl(active));

		assertAccepted(send("GET", itemUrl(active), "oauth" + authorization.substring(5)));
	}

	// ---- query shapes ----

	@Test
	void callWhenQueryNamesHaveRawBracketsThenAccepted() {
		Active active = activateDirectly();
		String url = this.http.url("/rest/V1/integrations?searchCriteria[pageSize]=3&searchCriteria[currentPage]=1");

		Http.Response response = call("GET", url, oauth(active));

		assertAccepted(response);
		assertThat(response.body()).contains("\"page_size\":3");
	}

	@Test
	void callWhenQueryNamesHavePercentEncodedBracketsThenAccepted() {
		Active active = activateDirectly();
		String url = this.http
			.url("/rest/V1/integrations?searchCriteria%5BpageSize%5D=4&searchCriteria%5BcurrentPage%5D=1");

		Http.Response response = call("GET", url, oauth(active));

		assertAccepted(response);
		assertThat(response.body()).contains("\"page_size\":4");
	}

	@Test
	void callWhenBareQueryNameThenSignedAsEmptyValue() {
		Active active = activateDirectly();
		String url = this.http.url("/rest/V1/integrations?searchCriteria");

		assertAccepted(call("GET", url, oauth(active)));
	}

	@Test
	void callWhenGetHasFormContentTypeAndEmptyBodyThenAccepted() {
		Active active = activateDirectly();
		String authorization = SignedRequests.sign(oauth(active), "GET", itemUrl(active));

		Http.Response response = this.http.send("GET", itemUrl(active), null, "Authorization", authorization,
				"Content-Type", "application/x-www-form-urlencoded");

		assertAccepted(response);
	}

	@Test
	void callWhenOAuthParametersInQueryStringThenAccepted() throws Exception {
		Active active = activateDirectly();
		OAuthClientCredentials c = active.credentials();
		OAuthConsumer consumer = new DefaultOAuthConsumer(c.consumerKey(), c.consumerSecret());
		consumer.setMessageSigner(new HmacSha256MessageSigner());
		consumer.setSigningStrategy(new QueryStringSigningStrategy());
		consumer.setTokenWithSecret(c.accessToken(), c.accessTokenSecret());
		String signed = consumer.sign(this.http.url("/rest/V1/integrations?searchCriteria[pageSize]=2"));

		Http.Response response = this.http.get(signed);

		assertThat(signed).contains("oauth_signature=");
		assertAccepted(response);
		assertThat(response.body()).contains("\"page_size\":2");
	}

	@Test
	void callWhenQueryNamesRepeatedThenEveryValueSigned() throws Exception {
		Active active = activateDirectly();
		String url = this.http.url("/rest/V1/integrations?searchCriteria[pageSize]=2&tag=b&tag=a&tag=c");
		// ScribeJava keeps repeated names (google-oauth-client keeps only the last value of a name).
		String genuine = scribeAuthorization(active, url);
		String forDropped = scribeAuthorization(active, url);

		Http.Response accepted = send("GET", url, genuine);
		Http.Response dropped = send("GET", this.http.url("/rest/V1/integrations?searchCriteria[pageSize]=2&tag=b&tag=c"),
				forDropped);

		assertAccepted(accepted);
		assertRefused(dropped, SIGNATURE_INVALID);
	}

	@Test
	void callWhenQueryHasPlusEncodedCharactersAndUtf8ThenSignedAsDecoded() throws Exception {
		Active active = activateDirectly();
		// ScribeJava parses the query as form encoding ("+" is a space), as RFC 5849 3.4.1.3.1 says.
		String url = this.http.url("/rest/V1/integrations?searchCriteria[pageSize]=2&note=a+b&sym=%2F%26%3D%2B&word=caf%C3%A9");

		assertAccepted(send("GET", url, scribeAuthorization(active, url)));
	}

	// ---- guests and Bearer access tokens ----

	@Test
	void callWhenNoCredentialsThenGuestRefusedOnProtectedRoute() {
		Active active = activateDirectly();

		assertRefused(this.http.get(itemUrl(active)), GUEST_REFUSED);
	}

	@Test
	void callWhenRouteUnknownThenNotFoundEvenWithBadSignature() {
		Active active = activateDirectly();
		String url = this.http.url("/rest/V1/no-such-route");
		String authorization = SignedRequests.sign(oauth(active), "GET", this.http.url("/rest/V1/elsewhere"));

		assertThat(send("GET", url, authorization).status()).isEqualTo(404);
	}

	@Test
	void callWhenAccessTokenUsedAsBearerByDefaultThenCalledAsGuest() {
		Active active = activateDirectly();

		Http.Response response = this.http.get(itemUrl(active), "Authorization",
				"Bearer " + active.credentials().accessToken());

		assertRefused(response, GUEST_REFUSED);
	}

	@Test
	void callWhenAccessTokenUsedAsBearerAndSettingEnabledThenAccepted() {
		Active active = activateDirectly();
		assertThat(this.admin.put("/rest/V1/settings",
				"{\"settings\":{\"oauth/consumer/enable_integration_as_bearer\":\"1\"}}").status()).isEqualTo(200);

		Http.Response response = this.http.get(itemUrl(active), "Authorization",
				"Bearer " + active.credentials().accessToken());
		Http.Response consumerKey = this.http.get(itemUrl(active), "Authorization",
				"Bearer " + active.credentials().consumerKey());

		assertAccepted(response);
		assertRefused(consumerKey, GUEST_REFUSED);
	}

	@Test
	void callWhenBearerAccessTokenReauthorizedThenOldOneCalledAsGuest() {
		Active active = activateDirectly();
		assertThat(this.admin.put("/rest/V1/settings",
				"{\"settings\":{\"oauth/consumer/enable_integration_as_bearer\":\"1\"}}").status()).isEqualTo(200);
		assertAccepted(this.http.get(itemUrl(active), "Authorization", "Bearer " + active.credentials().accessToken()));
		Http.Response reauthorized = this.admin.post("/rest/V1/integrations/" + active.id() + "/reauthorize", "{}");
		OAuthClientCredentials renewed = credentials(reauthorized.body());

		Http.Response old = this.http.get(itemUrl(active), "Authorization", "Bearer " + active.credentials().accessToken());
		Http.Response fresh = this.http.get(itemUrl(active), "Authorization", "Bearer " + renewed.accessToken());

		assertRefused(old, GUEST_REFUSED);
		assertAccepted(fresh);
	}

	// ---- helpers ----

	/** An integration activated through the direct flow, with its four credentials. */
	record Active(long id, long consumerId, OAuthClientCredentials credentials) {
	}

	private Active activateDirectly() {
		long id = this.admin.createIntegration("{\"name\":\"signed calls " + UUID.randomUUID()
				+ "\",\"resources\":[\"Keyway_Integration::manage\",\"Magento_Sales::actions_view\"]}");
		Http.Response activation = this.admin.post("/rest/V1/integrations/" + id + "/activate", "{}");
		assertThat(activation.status()).as(activation.body()).isEqualTo(200);
		assertThat(AdminApi.field(activation.body(), "flow")).isEqualTo("direct");
		long consumerId = Long.parseLong(AdminApi.field(this.admin.get("/rest/V1/integrations/" + id).body(), "consumer_id"));
		return new Active(id, consumerId, credentials(activation.body()));
	}

	private static OAuthClientCredentials credentials(String activationJson) {
		return new OAuthClientCredentials(AdminApi.field(activationJson, "consumer_key"),
				AdminApi.field(activationJson, "consumer_secret"), AdminApi.field(activationJson, "access_token"),
				AdminApi.field(activationJson, "access_token_secret"));
	}

	/** An order the integration may read (its own record it may not, issue 11.1). */
	private String itemUrl(Active active) {
		return this.http.url("/rest/V1/orders/4");
	}

	private static OAuthParameters oauth(Active active) {
		OAuthClientCredentials c = active.credentials();
		return SignedRequests.sha256(c.consumerKey(), c.consumerSecret(), c.accessToken(), c.accessTokenSecret());
	}

	private Http.Response call(String method, String url, OAuthParameters oauth) {
		return send(method, url, SignedRequests.sign(oauth, method, url));
	}

	private Http.Response send(String method, String url, String authorization) {
		return this.http.send(method, url, null, "Authorization", authorization, "Accept", "application/json");
	}

	private static String scribeAuthorization(Active active, String url) throws Exception {
		OAuthClientCredentials c = active.credentials();
		try (OAuth10aService service = ScribeOAuthClient.service("http://unused/", c.consumerKey(), c.consumerSecret())) {
			com.github.scribejava.core.model.OAuthRequest request = new com.github.scribejava.core.model.OAuthRequest(
					Verb.GET, url);
			service.signRequest(new OAuth1AccessToken(c.accessToken(), c.accessTokenSecret()), request);
			return request.getHeaders().get("Authorization");
		}
	}

	private static void assertAccepted(Http.Response response) {
		assertThat(response.status()).as(response.body()).isEqualTo(200);
	}

	private static void assertRefused(Http.Response response, String body) {
		assertThat(response.status()).as(response.body()).isEqualTo(401);
		assertThat(response.body()).isEqualTo(body);
	}

}
