package dev.keyway.oauth;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import com.google.api.client.auth.oauth.OAuthParameters;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.keyway.testing.AdminApi;
import dev.keyway.testing.FakeThirdParty;
import dev.keyway.testing.Http;
import dev.keyway.testing.KeywayIntegrationTest;
import dev.keyway.testing.SignedRequests;
import dev.keyway.testing.TestClock;
import dev.keyway.testing.RestoreSettings;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /oauth/token/request} and {@code /oauth/token/access} as a third party meets them:
 * every row of SPEC 4.7 with its status and exact body (PHP's {@code http_build_query} encoding),
 * the success bodies, and the HMAC-SHA1 switch. Requests are signed with google-oauth-client, never
 * with Keyway's own signer.
 */
@ExtendWith(RestoreSettings.class)
@KeywayIntegrationTest
class TokenEndpointsTests {

	private static final String TOKEN_PATTERN = "oauth_token=[0-9a-z]{32}&oauth_token_secret=[0-9a-z]{32}";

	private static FakeThirdParty party;

	@LocalServerPort
	int port;

	@Autowired
	TestClock clock;

	@Autowired
	ConsumerService consumers;

	private Http http;

	private AdminApi admin;

	@BeforeAll
	static void startThirdParty() {
		party = FakeThirdParty.start();
	}

	@AfterAll
	static void stopThirdParty() {
		party.close();
	}

	@BeforeEach
	void setUp() {
		this.http = new Http(this.port);
		this.admin = new AdminApi(this.http);
	}

	@AfterEach
	void tearDown() {
		this.clock.reset();
	}

	// ---- success ----

	@Test
	void answerWhenTransientConnectionFailureThen503WithRetryAfterLikeTheWebApi() {
		TokenEndpoints endpoints = new TokenEndpoints(null, java.util.List.of());
		org.springframework.mock.web.MockHttpServletRequest request = new org.springframework.mock.web.MockHttpServletRequest(
				"POST", "/oauth/token/request");

		org.springframework.http.ResponseEntity<String> response = endpoints.answer(request, (oauth) -> {
			throw new IllegalStateException(new java.sql.SQLTransientConnectionException("pool: connection not available"));
		});

		assertThat(response.getStatusCode().value()).isEqualTo(503);
		assertThat(response.getHeaders().getFirst("Retry-After")).isEqualTo("5");
		assertThat(response.getBody()).startsWith("oauth_problem=internal_error").doesNotContain("pool");
	}

	@ParameterizedTest
	@ValueSource(strings = { "GET", "PUT", "DELETE", "PATCH" })
	void requestOrAccessWhenNotPostThen405InTheEndpointsFormNamingTheMethod(String method) {
		// a developer trial: GET /oauth/token/request answered Spring's JSON error page, not SPEC 4.7's
		// form-encoded oauth_problem, and did not say that the endpoints take POST only
		for (String endpoint : List.of("/oauth/token/request", "/oauth/token/access")) {
			Http.Response response = this.http.send(method, endpoint, null, "Content-Type",
					"application/x-www-form-urlencoded");

			assertThat(response.status()).as(method + " " + endpoint + ": " + response.body()).isEqualTo(405);
			assertThat(response.body()).isEqualTo("oauth_problem=The+OAuth+token+endpoints+take+POST+only%3B+got+"
					+ method + ".");
			assertThat(response.header("Content-Type")).isEqualTo(OAuthProblem.FORM_TYPE);
			assertThat(response.header("Allow")).isEqualTo("POST");
		}
	}

	@Test
	void requestOrAccessWhenOptionsThenAllowsPostOnly() {
		for (String endpoint : List.of("/oauth/token/request", "/oauth/token/access")) {
			Http.Response response = this.http.send("OPTIONS", endpoint, null);

			assertThat(response.status()).as(endpoint).isEqualTo(200);
			assertThat(response.header("Allow")).as(endpoint).isEqualTo("POST, OPTIONS");
		}
	}

	@Test
	void requestAndAccessWhenSignedCorrectlyThenTokensIssuedAndIntegrationActive() {
		Pending pending = sendForActivation();
		OAuthParameters request = SignedRequests.sha256(pending.key(), pending.secret(), null, null);
		request.version = "1.0";

		Http.Response requested = post("/oauth/token/request", request);

		assertThat(requested.status()).as(requested.body()).isEqualTo(200);
		assertThat(requested.header("Content-Type")).startsWith("application/x-www-form-urlencoded");
		assertThat(requested.body()).matches(TOKEN_PATTERN);
		Map<String, String> requestToken = form(requested.body());
		OAuthParameters access = SignedRequests.sha256(pending.key(), pending.secret(), requestToken.get("oauth_token"),
				requestToken.get("oauth_token_secret"));
		access.verifier = pending.verifier();

		Http.Response accessed = post("/oauth/token/access", access);

		assertThat(accessed.status()).as(accessed.body()).isEqualTo(200);
		assertThat(accessed.header("Content-Type")).startsWith("application/x-www-form-urlencoded");
		assertThat(accessed.body()).matches(TOKEN_PATTERN);
		assertThat(form(accessed.body())).doesNotContainValue(requestToken.get("oauth_token"))
			.doesNotContainValue(requestToken.get("oauth_token_secret"));
		assertThat(AdminApi.field(this.admin.get("/rest/V1/integrations/" + pending.id()).body(), "status"))
			.isEqualTo("1");
	}

	@Test
	void requestWhenProtocolParametersInFormBodyThenRequestTokenIssued() {
		Pending pending = sendForActivation();
		OAuthParameters oauth = SignedRequests.sha256(pending.key(), pending.secret(), null, null);
		SignedRequests.sign(oauth, "POST", this.http.url("/oauth/token/request"));
		String body = "oauth_consumer_key=" + OAuthParameters.escape(oauth.consumerKey) + "&oauth_nonce="
				+ OAuthParameters.escape(oauth.nonce) + "&oauth_signature=" + OAuthParameters.escape(oauth.signature)
				+ "&oauth_signature_method=" + oauth.signatureMethod + "&oauth_timestamp=" + oauth.timestamp;

		Http.Response response = this.http.post("/oauth/token/request", body, "Content-Type",
				"application/x-www-form-urlencoded");

		assertThat(response.status()).as(response.body()).isEqualTo(200);
		assertThat(response.body()).matches(TOKEN_PATTERN);
	}

	@Test
	void requestWhenFormBodyHasOtherParametersThenTheyAreSigned() {
		Pending pending = sendForActivation();
		String url = this.http.url("/oauth/token/request");
		// google-oauth-client signs query parameters only; RFC 5849 merges query and form parameters,
		// so signing "?store=b%C3%A4r" and sending "store=b%C3%A4r" as the form body is the same base string.
		String genuine = SignedRequests.sign(SignedRequests.sha256(pending.key(), pending.secret(), null, null), "POST",
				url + "?store=b%C3%A4r");
		String other = SignedRequests.sign(SignedRequests.sha256(pending.key(), pending.secret(), null, null), "POST",
				url + "?store=b%C3%A4r");

		Http.Response tampered = this.http.post(url, "store=bar", "Authorization", other, "Content-Type",
				"application/x-www-form-urlencoded");
		Http.Response accepted = this.http.post(url, "store=b%C3%A4r", "Authorization", genuine, "Content-Type",
				"application/x-www-form-urlencoded");

		assertProblem(tampered, 401, "The+signature+is+invalid.+Verify+and+try+again.");
		assertThat(accepted.status()).as(accepted.body()).isEqualTo(200);
	}

	@Test
	void requestWhenHmacSha1ByDefaultThenAccepted() {
		Pending pending = sendForActivation();

		Http.Response response = post("/oauth/token/request",
				SignedRequests.sha1(pending.key(), pending.secret(), null, null));

		assertThat(response.status()).as(response.body()).isEqualTo(200);
		assertThat(response.body()).matches(TOKEN_PATTERN);
	}

	@Test
	void requestWhenHmacSha1RestrictedThenSignatureMethodNotSupported() {
		Pending pending = sendForActivation();
		assertThat(this.admin.put("/rest/V1/settings", "{\"settings\":{\"oauth/signature/allow_hmac_sha1\":\"0\"}}")
			.status()).isEqualTo(200);

		Http.Response sha1 = post("/oauth/token/request", SignedRequests.sha1(pending.key(), pending.secret(), null, null));
		Http.Response sha256 = post("/oauth/token/request",
				SignedRequests.sha256(pending.key(), pending.secret(), null, null));

		assertProblem(sha1, 400, "Signature+method+HMAC-SHA1+is+not+supported");
		assertThat(sha256.status()).as(sha256.body()).isEqualTo(200);
	}

	// ---- 400: input errors ----

	@Test
	void requestWhenVersionIsNot10ThenBadRequest() {
		Pending pending = sendForActivation();
		OAuthParameters oauth = SignedRequests.sha256(pending.key(), pending.secret(), null, null);
		oauth.version = "2.0";

		assertProblem(post("/oauth/token/request", oauth), 400, "The+%222.0%22+Oauth+version+isn%27t+supported.");
	}

	@Test
	void accessWhenVersionIsNot10ThenBadRequest() {
		Pending pending = sendForActivation();
		Map<String, String> requestToken = requestToken(pending);
		OAuthParameters oauth = SignedRequests.sha256(pending.key(), pending.secret(), requestToken.get("oauth_token"),
				requestToken.get("oauth_token_secret"));
		oauth.verifier = pending.verifier();
		oauth.version = "1.1";

		assertProblem(post("/oauth/token/access", oauth), 400, "The+%221.1%22+Oauth+version+isn%27t+supported.");
	}

	@ParameterizedTest
	@ValueSource(strings = { "oauth_consumer_key", "oauth_signature", "oauth_signature_method", "oauth_nonce",
			"oauth_timestamp" })
	void requestWhenOneParameterMissingThenBadRequest(String missing) {
		Pending pending = sendForActivation();
		OAuthParameters oauth = SignedRequests.sha256(pending.key(), pending.secret(), null, null);
		String url = this.http.url("/oauth/token/request");
		SignedRequests.sign(oauth, "POST", url);
		remove(missing).accept(oauth);

		Http.Response response = send(url, oauth.getAuthorizationHeader());

		assertProblem(response, 400, "%22" + missing + "%22+is+required.+Enter+and+try+again.");
	}

	@Test
	void requestWhenSeveralParametersMissingThenJoinedWithoutPeriods() {
		Pending pending = sendForActivation();
		OAuthParameters oauth = SignedRequests.sha256(pending.key(), pending.secret(), null, null);
		String url = this.http.url("/oauth/token/request");
		SignedRequests.sign(oauth, "POST", url);
		oauth.nonce = null;
		oauth.timestamp = null;

		assertProblem(send(url, oauth.getAuthorizationHeader()), 400,
				"%22oauth_nonce%22+is+required.+Enter+and+try+again%2C+%22oauth_timestamp%22+is+required.+Enter+and+try+again");
	}

	@Test
	void requestWhenNoParametersAtAllThenEveryRequiredParameterNamed() {
		Http.Response response = this.http.post("/oauth/token/request", null);

		assertProblem(response, 400, "%22oauth_consumer_key%22+is+required.+Enter+and+try+again%2C+"
				+ "%22oauth_signature%22+is+required.+Enter+and+try+again%2C+"
				+ "%22oauth_signature_method%22+is+required.+Enter+and+try+again%2C+"
				+ "%22oauth_nonce%22+is+required.+Enter+and+try+again%2C+"
				+ "%22oauth_timestamp%22+is+required.+Enter+and+try+again");
	}

	@Test
	void accessWhenTokenAndVerifierMissingThenBadRequest() {
		Pending pending = sendForActivation();

		Http.Response response = post("/oauth/token/access",
				SignedRequests.sha256(pending.key(), pending.secret(), null, null));

		assertProblem(response, 400, "%22oauth_token%22+is+required.+Enter+and+try+again%2C+"
				+ "%22oauth_verifier%22+is+required.+Enter+and+try+again");
	}

	@Test
	void accessWhenVerifierMissingThenBadRequest() {
		Pending pending = sendForActivation();
		Map<String, String> requestToken = requestToken(pending);

		Http.Response response = post("/oauth/token/access", SignedRequests.sha256(pending.key(), pending.secret(),
				requestToken.get("oauth_token"), requestToken.get("oauth_token_secret")));

		assertProblem(response, 400, "%22oauth_verifier%22+is+required.+Enter+and+try+again.");
	}

	@Test
	void accessWhenTokenLengthWrongThenBadRequest() {
		Pending pending = sendForActivation();
		OAuthParameters oauth = SignedRequests.sha256(pending.key(), pending.secret(), "abc123", "secret");
		oauth.verifier = pending.verifier();

		assertProblem(post("/oauth/token/access", oauth), 400,
				"The+token+length+is+invalid.+Check+the+length+and+try+again.");
	}

	@Test
	void requestWhenTokenGivenWithWrongLengthThenBadRequest() {
		Pending pending = sendForActivation();

		assertProblem(post("/oauth/token/request", SignedRequests.sha256(pending.key(), pending.secret(), "x".repeat(33), null)),
				400, "The+token+length+is+invalid.+Check+the+length+and+try+again.");
	}

	@ParameterizedTest
	@ValueSource(strings = { "PLAINTEXT", "RSA-SHA1", "HMAC-SHA512" })
	void requestWhenSignatureMethodUnsupportedThenBadRequest(String method) {
		Pending pending = sendForActivation();
		OAuthParameters oauth = SignedRequests.withSigner(SignedRequests.unsupported(method), pending.key(), null);

		assertProblem(post("/oauth/token/request", oauth), 400, "Signature+method+" + method + "+is+not+supported");
	}

	// ---- 401: OAuth errors ----

	@Test
	void requestWhenConsumerKeyLengthWrongThenUnauthorized() {
		Pending pending = sendForActivation();

		assertProblem(post("/oauth/token/request", SignedRequests.sha256(pending.key() + "x", pending.secret(), null, null)),
				401, "Consumer+key+is+not+the+correct+length");
	}

	@Test
	void requestWhenConsumerKeyUnknownThenUnauthorized() {
		Pending pending = sendForActivation();
		String unknown = "0".repeat(32);

		assertProblem(post("/oauth/token/request", SignedRequests.sha256(unknown, pending.secret(), null, null)), 401,
				"A+consumer+having+the+specified+key+does+not+exist");
	}

	@ParameterizedTest
	@ValueSource(strings = { "0", "-5", "abc", "12.5", "" })
	void requestWhenTimestampNotAPositiveIntegerThenUnauthorized(String timestamp) {
		Pending pending = sendForActivation();
		OAuthParameters oauth = SignedRequests.sha256(pending.key(), pending.secret(), null, null);
		oauth.timestamp = timestamp;

		assertProblem(post("/oauth/token/request", oauth), 401, "An+error+occurred+validating+the+nonce");
	}

	@Test
	void requestWhenTimestamp601SecondsAheadThenUnauthorized() {
		Pending pending = sendForActivation();
		OAuthParameters oauth = SignedRequests.sha256(pending.key(), pending.secret(), null, null);
		oauth.timestamp = Long.toString(SignedRequests.freshSecond(this.clock) + 601);

		assertProblem(post("/oauth/token/request", oauth), 401, "An+error+occurred+validating+the+nonce");
	}

	@Test
	void requestWhenTimestamp601SecondsBehindThenUnauthorized() {
		Pending pending = sendForActivation();
		OAuthParameters oauth = SignedRequests.sha256(pending.key(), pending.secret(), null, null);
		oauth.timestamp = Long.toString(this.clock.instant().getEpochSecond() - 601);

		assertProblem(post("/oauth/token/request", oauth), 401, "An+error+occurred+validating+the+nonce");
	}

	@Test
	void requestWhenServerClockMoved601SecondsThenTimestampRefused() {
		Pending pending = sendForActivation();
		OAuthParameters oauth = SignedRequests.sha256(pending.key(), pending.secret(), null, null);
		this.clock.shift(Duration.ofSeconds(602));

		assertProblem(post("/oauth/token/request", oauth), 401, "An+error+occurred+validating+the+nonce");
	}

	@Test
	void requestWhenTimestampWithinWindowEitherWayThenAccepted() {
		Pending ahead = sendForActivation();
		OAuthParameters future = SignedRequests.sha256(ahead.key(), ahead.secret(), null, null);
		future.timestamp = Long.toString(this.clock.instant().getEpochSecond() + 590);
		Pending behind = sendForActivation();
		OAuthParameters past = SignedRequests.sha256(behind.key(), behind.secret(), null, null);
		past.timestamp = Long.toString(this.clock.instant().getEpochSecond() - 590);

		assertThat(post("/oauth/token/request", future).status()).isEqualTo(200);
		assertThat(post("/oauth/token/request", past).status()).isEqualTo(200);
	}

	@Test
	void requestWhenNonceReusedThenUnauthorizedWithConsumerId() {
		Pending pending = sendForActivation();
		OAuthParameters oauth = SignedRequests.sha256(pending.key(), pending.secret(), null, null);
		String url = this.http.url("/oauth/token/request");
		String authorization = SignedRequests.sign(oauth, "POST", url);
		assertThat(send(url, authorization).status()).isEqualTo(200);

		Http.Response replay = send(url, authorization);

		assertProblem(replay, 401, "The+nonce+is+already+being+used+by+the+consumer+with+ID+" + pending.consumerId());
	}

	@Test
	void requestWhenNonceOfRefusedSignatureReusedThenAccepted() {
		Pending pending = sendForActivation();
		OAuthParameters forged = SignedRequests.sha256(pending.key(), "wrong-secret", null, null);
		assertProblem(post("/oauth/token/request", forged), 401, "The+signature+is+invalid.+Verify+and+try+again.");
		OAuthParameters genuine = SignedRequests.sha256(pending.key(), pending.secret(), null, null);
		genuine.nonce = forged.nonce;
		genuine.timestamp = forged.timestamp;

		Http.Response response = post("/oauth/token/request", genuine);

		assertThat(response.status()).as("SPEC 9: a nonce is spent only by a correctly signed request")
			.isEqualTo(200);
	}

	@Test
	void accessWhenNonceReusedThenUnauthorized() {
		Pending pending = sendForActivation();
		Map<String, String> requestToken = requestToken(pending);
		OAuthParameters wrongVerifier = SignedRequests.sha256(pending.key(), pending.secret(),
				requestToken.get("oauth_token"), requestToken.get("oauth_token_secret"));
		wrongVerifier.verifier = "0".repeat(32);
		String url = this.http.url("/oauth/token/access");
		String authorization = SignedRequests.sign(wrongVerifier, "POST", url);
		assertProblem(send(url, authorization), 401, "Token+verifier+and+verifier+token+do+not+match");

		assertProblem(send(url, authorization), 401,
				"The+nonce+is+already+being+used+by+the+consumer+with+ID+" + pending.consumerId());
	}

	@Test
	void requestWhenConsumerWindowElapsedThenConsumerKeyExpired() {
		Pending pending = sendForActivation();
		this.clock.shift(Duration.ofSeconds(301));
		OAuthParameters oauth = requestTokenCallNow(pending);

		assertProblem(post("/oauth/token/request", oauth), 401, "Consumer+key+has+expired");
	}

	@Test
	void requestWhenWithinConsumerWindowThenAccepted() {
		Pending pending = sendForActivation();
		this.clock.shift(Duration.ofSeconds(290));
		OAuthParameters oauth = requestTokenCallNow(pending);

		assertThat(post("/oauth/token/request", oauth).status()).isEqualTo(200);
	}

	@Test
	void requestWhenExpirationPeriodSettingShortenedThenConsumerKeyExpiresSooner() {
		assertThat(this.admin.put("/rest/V1/settings", "{\"settings\":{\"oauth/consumer/expiration_period\":\"60\"}}")
			.status()).isEqualTo(200);
		Pending pending = sendForActivation();
		this.clock.shift(Duration.ofSeconds(61));
		OAuthParameters oauth = requestTokenCallNow(pending);

		assertProblem(post("/oauth/token/request", oauth), 401, "Consumer+key+has+expired");
	}

	@Test
	void requestWhenActivatedAgainAfterWindowElapsedThenWindowRestartsWithSameVerifier() {
		Pending pending = sendForActivation();
		this.clock.shift(Duration.ofSeconds(400));
		OAuthParameters expired = requestTokenCallNow(pending);
		assertProblem(post("/oauth/token/request", expired), 401, "Consumer+key+has+expired");

		assertThat(this.admin.post("/rest/V1/integrations/" + pending.id() + "/activate", "{}").status()).isEqualTo(200);
		FakeThirdParty.Post again = party.awaitPost(Duration.ofSeconds(5));
		OAuthParameters oauth = requestTokenCallNow(pending);

		assertThat(again.get("oauth_verifier")).isEqualTo(pending.verifier());
		assertThat(post("/oauth/token/request", oauth).status()).isEqualTo(200);
	}

	@Test
	void requestWhenConsumerSecretWrongThenSignatureInvalid() {
		Pending pending = sendForActivation();

		assertProblem(post("/oauth/token/request", SignedRequests.sha256(pending.key(), pending.secret() + "x", null, null)),
				401, "The+signature+is+invalid.+Verify+and+try+again.");
	}

	@Test
	void requestWhenSignedForAnotherUrlThenSignatureInvalid() {
		Pending pending = sendForActivation();
		OAuthParameters oauth = SignedRequests.sha256(pending.key(), pending.secret(), null, null);
		String authorization = SignedRequests.sign(oauth, "POST", this.http.url("/oauth/token/access"));

		assertProblem(send(this.http.url("/oauth/token/request"), authorization), 401,
				"The+signature+is+invalid.+Verify+and+try+again.");
	}

	@Test
	void requestWhenNoTokenRecordThenTokenWithConsumerIdDoesNotExist() {
		long id = this.admin.createIntegration(
				"{\"name\":\"never activated " + UUID.randomUUID() + "\",\"resources\":[\"Magento_Integration::integrations\"]}");
		String json = this.admin.get("/rest/V1/integrations/" + id).body();
		long consumerId = Long.parseLong(AdminApi.field(json, "consumer_id"));
		String key = AdminApi.field(json, "consumer_key");
		String secret = this.consumers.revealConsumerSecret(consumerId);

		Http.Response response = post("/oauth/token/request", SignedRequests.sha256(key, secret, null, null));

		assertProblem(response, 401, "A+token+with+consumer+ID+" + consumerId + "+does+not+exist");
	}

	@Test
	void requestWhenCalledTwiceThenRecordIsNotAVerifier() {
		Pending pending = sendForActivation();
		requestToken(pending);

		Http.Response second = post("/oauth/token/request",
				SignedRequests.sha256(pending.key(), pending.secret(), null, null));

		assertProblem(second, 401,
				"Cannot+create+request+token+because+consumer+token+is+not+a+verifier+token");
	}

	@Test
	void accessWhenRequestTokenUnknownThenSpecifiedTokenDoesNotExist() {
		Pending pending = sendForActivation();
		requestToken(pending);
		OAuthParameters oauth = SignedRequests.sha256(pending.key(), pending.secret(), "0123456789abcdef0123456789abcdef",
				"secret");
		oauth.verifier = pending.verifier();

		assertProblem(post("/oauth/token/access", oauth), 401, "Specified+token+does+not+exist");
	}

	@Test
	void accessWhenRequestTokenOfAnotherConsumerThenNotAssociated() {
		Pending owner = sendForActivation();
		Map<String, String> ownersToken = requestToken(owner);
		Pending other = sendForActivation();
		requestToken(other);
		OAuthParameters oauth = SignedRequests.sha256(other.key(), other.secret(), ownersToken.get("oauth_token"),
				ownersToken.get("oauth_token_secret"));
		oauth.verifier = other.verifier();

		assertProblem(post("/oauth/token/access", oauth), 401,
				"Request+token+is+not+associated+with+the+specified+consumer");
	}

	@Test
	void accessWhenGivenTheAccessTokenThenTokenIsAlreadyBeingUsed() {
		Pending pending = sendForActivation();
		Map<String, String> accessToken = accessToken(pending, requestToken(pending));
		OAuthParameters oauth = SignedRequests.sha256(pending.key(), pending.secret(), accessToken.get("oauth_token"),
				accessToken.get("oauth_token_secret"));
		oauth.verifier = pending.verifier();

		assertProblem(post("/oauth/token/access", oauth), 401, "Token+is+already+being+used");
	}

	@Test
	void accessWhenRequestTokenReusedAfterAccessStepThenRefusedWithAHintOnTheHealthRoute() {
		Pending pending = sendForActivation();
		Map<String, String> requestToken = requestToken(pending);
		accessToken(pending, requestToken);
		OAuthParameters again = SignedRequests.sha256(pending.key(), pending.secret(), requestToken.get("oauth_token"),
				requestToken.get("oauth_token_secret"));
		again.verifier = pending.verifier();

		assertProblem(post("/oauth/token/access", again), 401, "Specified+token+does+not+exist");
		dev.keyway.testing.Eventually.within(Duration.ofSeconds(20), "the refusal on the health route",
				() -> this.admin.get("/rest/V1/integrations/" + pending.id() + "/health").body().contains("unknown_token"));
		assertThat(this.admin.get("/rest/V1/integrations/" + pending.id() + "/health").body())
			.contains("a request token is exchanged once");
	}

	@Test
	void accessWhenRequestTokenSecretWrongThenSignatureInvalid() {
		Pending pending = sendForActivation();
		Map<String, String> requestToken = requestToken(pending);
		OAuthParameters oauth = SignedRequests.sha256(pending.key(), pending.secret(), requestToken.get("oauth_token"),
				"wrong-secret");
		oauth.verifier = pending.verifier();

		assertProblem(post("/oauth/token/access", oauth), 401, "The+signature+is+invalid.+Verify+and+try+again.");
	}

	@Test
	void accessWhenVerifierInHeaderAndFormBodySignedOnceAsMagentosOauthClientThenAccessTokenIssued() {
		// an integration developer's trial: Magento's own OauthClient (dev/tests/api-functional, copied by
		// connectors) puts oauth_verifier in the Authorization header, signed once, and again in the form
		// body; Magento ignores a body's oauth_* parameters when the header carries them, Keyway signed both
		// and answered "The signature is invalid"
		Pending pending = sendForActivation();
		Map<String, String> requestToken = requestToken(pending);
		OAuthParameters oauth = SignedRequests.sha256(pending.key(), pending.secret(), requestToken.get("oauth_token"),
				requestToken.get("oauth_token_secret"));
		oauth.verifier = pending.verifier();
		String url = this.http.url("/oauth/token/access");
		String authorization = SignedRequests.sign(oauth, "POST", url);

		Http.Response response = this.http.post(url, "oauth_verifier=" + pending.verifier(), "Authorization",
				authorization, "Content-Type", "application/x-www-form-urlencoded", "oauth_token",
				requestToken.get("oauth_token"));

		assertThat(response.status()).as(response.body()).isEqualTo(200);
		assertThat(response.body()).matches(TOKEN_PATTERN);
		assertThat(AdminApi.field(this.admin.get("/rest/V1/integrations/" + pending.id()).body(), "status"))
			.isEqualTo("1");
	}

	@Test
	void accessWhenFormBodyRepeatsAHeaderParameterWithAnotherValueThenSignatureInvalid() {
		Pending pending = sendForActivation();
		Map<String, String> requestToken = requestToken(pending);
		OAuthParameters oauth = SignedRequests.sha256(pending.key(), pending.secret(), requestToken.get("oauth_token"),
				requestToken.get("oauth_token_secret"));
		oauth.verifier = pending.verifier();
		String url = this.http.url("/oauth/token/access");
		String authorization = SignedRequests.sign(oauth, "POST", url);

		// only an exact repeat of a signed header parameter may be left out of the base string
		Http.Response response = this.http.post(url, "oauth_verifier=" + "x".repeat(32), "Authorization",
				authorization, "Content-Type", "application/x-www-form-urlencoded");

		assertProblem(response, 401, "The+signature+is+invalid.+Verify+and+try+again.");
	}

	@Test
	void accessWhenVerifierWrongLengthThenUnauthorized() {
		Pending pending = sendForActivation();
		Map<String, String> requestToken = requestToken(pending);
		OAuthParameters oauth = SignedRequests.sha256(pending.key(), pending.secret(), requestToken.get("oauth_token"),
				requestToken.get("oauth_token_secret"));
		oauth.verifier = pending.verifier().substring(1);

		assertProblem(post("/oauth/token/access", oauth), 401, "Verifier+is+not+the+correct+length");
	}

	@Test
	void accessWhenVerifierMismatchThenUnauthorized() {
		Pending pending = sendForActivation();
		Map<String, String> requestToken = requestToken(pending);
		OAuthParameters oauth = SignedRequests.sha256(pending.key(), pending.secret(), requestToken.get("oauth_token"),
				requestToken.get("oauth_token_secret"));
		oauth.verifier = new StringBuilder(pending.verifier()).reverse().toString();

		assertProblem(post("/oauth/token/access", oauth), 401, "Token+verifier+and+verifier+token+do+not+match");
		assertThat(AdminApi.field(this.admin.get("/rest/V1/integrations/" + pending.id()).body(), "status"))
			.isEqualTo("0");
	}

	@Test
	void exchangeWhenRefusedAfterTheSignatureVerifiedThenFiledUnderTheIntegrationWithAHint() {
		Pending pending = sendForActivation();
		Map<String, String> requestToken = requestToken(pending);
		OAuthParameters wrongVerifier = SignedRequests.sha256(pending.key(), pending.secret(),
				requestToken.get("oauth_token"), requestToken.get("oauth_token_secret"));
		wrongVerifier.verifier = new StringBuilder(pending.verifier()).reverse().toString();
		assertProblem(post("/oauth/token/access", wrongVerifier), 401, "Token+verifier+and+verifier+token+do+not+match");
		assertProblem(post("/oauth/token/request", SignedRequests.sha256(pending.key(), pending.secret(), null, null)), 401,
				"Cannot+create+request+token+because+consumer+token+is+not+a+verifier+token");

		// the health route files refusals a moment later (batched); both carry what to do
		dev.keyway.testing.Eventually.within(Duration.ofSeconds(20), "both exchange refusals on the health route",
				() -> recentHints(pending.id()).size() >= 2);
		assertThat(recentHints(pending.id())).contains(Hints.WRONG_VERIFIER, Hints.EXCHANGE_RAN);
		assertThat(this.admin.get("/rest/V1/integrations/" + pending.id() + "/health").body())
			.contains("\"token_exchange_failed\"");
	}

	@Test
	void requestWhenTheExchangeFinishedThenHintSaysTheAccessTokenIsThere() {
		Pending pending = sendForActivation();
		accessToken(pending, requestToken(pending));

		assertProblem(post("/oauth/token/request", SignedRequests.sha256(pending.key(), pending.secret(), null, null)), 401,
				"Cannot+create+request+token+because+consumer+token+is+not+a+verifier+token");

		dev.keyway.testing.Eventually.within(Duration.ofSeconds(20), "the refusal on the health route",
				() -> !recentHints(pending.id()).isEmpty());
		assertThat(recentHints(pending.id())).containsExactly(Hints.ACCESS_ISSUED);
	}

	@Test
	void exchangeWhenRefusedBeforeTheIntegrationIsActiveThenHintsNameWhatSendsTheCredentialsAgain() {
		// an integration developer's trial: the hints of a late or repeated request-token step said "Reauthorize the
		// integration", which is refused on an integration still waiting for its exchange (it is Inactive)
		Pending twice = sendForActivation();
		requestToken(twice);
		assertProblem(post("/oauth/token/request", SignedRequests.sha256(twice.key(), twice.secret(), null, null)), 401,
				"Cannot+create+request+token+because+consumer+token+is+not+a+verifier+token");
		Pending late = sendForActivation();
		this.clock.shift(Duration.ofSeconds(301));
		assertProblem(post("/oauth/token/request", requestTokenCallNow(late)), 401, "Consumer+key+has+expired");

		dev.keyway.testing.Eventually.within(Duration.ofSeconds(20), "both refusals on the health route",
				() -> !recentHints(late.id(), "consumer_expired").isEmpty() && !recentHints(twice.id()).isEmpty());
		for (String hint : List.of(recentHints(late.id(), "consumer_expired").get(0), recentHints(twice.id()).get(0))) {
			assertThat(hint).contains("Resend credentials").contains("Activate")
				.doesNotContain("Reauthorize the integration").doesNotContain("reauthorize the integration");
		}
		assertThat(AdminApi.field(this.admin.get("/rest/V1/integrations/" + twice.id()).body(), "status")).isEqualTo("0");
		assertThat(this.admin.post("/rest/V1/integrations/" + twice.id() + "/reauthorize", "{}").status())
			.as("reauthorizing an Inactive integration is refused").isEqualTo(400);
	}

	private List<String> recentHints(long integrationId) {
		return recentHints(integrationId, "token_exchange_failed");
	}

	private List<String> recentHints(long integrationId, String reason) {
		Http.Response response = this.admin.get("/rest/V1/integrations/" + integrationId + "/health");
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		List<?> recent = (List<?>) tools.jackson.databind.json.JsonMapper.shared()
			.readValue(response.body(), Map.class)
			.get("recent_refusals");
		return recent.stream()
			.map(Map.class::cast)
			.filter((refusal) -> reason.equals(refusal.get("reason")))
			.map((refusal) -> String.valueOf(refusal.get("hint")))
			.toList();
	}

	// ---- races: one record, one winner ----

	@Test
	void requestWhenSentConcurrentlyThenExactlyOneRequestTokenIssued() throws Exception {
		Pending pending = sendForActivation();
		List<Http.Response> responses = concurrently(16,
				() -> post("/oauth/token/request", SignedRequests.sha256(pending.key(), pending.secret(), null, null)));

		assertThat(responses).filteredOn((response) -> response.status() == 200).hasSize(1);
		assertThat(responses).filteredOn((response) -> response.status() != 200)
			.allSatisfy((response) -> assertProblem(response, 401,
					"Cannot+create+request+token+because+consumer+token+is+not+a+verifier+token"));
	}

	@Test
	void accessWhenSentConcurrentlyThenExactlyOneAccessTokenIssued() throws Exception {
		Pending pending = sendForActivation();
		Map<String, String> requestToken = requestToken(pending);
		List<Http.Response> responses = concurrently(16, () -> {
			OAuthParameters oauth = SignedRequests.sha256(pending.key(), pending.secret(), requestToken.get("oauth_token"),
					requestToken.get("oauth_token_secret"));
			oauth.verifier = pending.verifier();
			return post("/oauth/token/access", oauth);
		});

		assertThat(responses).filteredOn((response) -> response.status() == 200).hasSize(1);
		assertThat(responses).filteredOn((response) -> response.status() != 200)
			.allSatisfy((response) -> assertThat(response.body()).isIn("oauth_problem=Token+is+already+being+used",
					"oauth_problem=Specified+token+does+not+exist"));
	}

	@Test
	void requestWhenManyThirdPartiesExchangeAtOnceThenAllSucceed() throws Exception {
		int count = 20;
		List<Pending> pendings = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			pendings.add(sendForActivation());
		}
		AtomicInteger next = new AtomicInteger();
		long started = System.nanoTime();

		List<Http.Response> responses = concurrently(count, () -> {
			Pending pending = pendings.get(next.getAndIncrement());
			return post("/oauth/token/request", SignedRequests.sha256(pending.key(), pending.secret(), null, null));
		});

		Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
		assertThat(responses).as("took %s", elapsed).allSatisfy((response) -> {
			assertThat(response.status()).as(response.body()).isEqualTo(200);
			assertThat(response.body()).matches(TOKEN_PATTERN);
		});
	}

	private static List<Http.Response> concurrently(int count, Callable<Http.Response> call) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(count);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<Http.Response>> futures = new ArrayList<>();
			for (int i = 0; i < count; i++) {
				futures.add(pool.submit(() -> {
					start.await();
					return call.call();
				}));
			}
			start.countDown();
			List<Http.Response> responses = new ArrayList<>();
			for (Future<Http.Response> future : futures) {
				responses.add(future.get(60, TimeUnit.SECONDS));
			}
			return responses;
		}
		finally {
			pool.shutdownNow();
		}
	}

	// ---- helpers ----

	/** A handshake integration whose credentials were posted to the fake third party. */
	record Pending(long id, long consumerId, String key, String secret, String verifier) {
	}

	/** A request-token call for the consumer of {@code pending}, stamped with the test clock's now. */
	private OAuthParameters requestTokenCallNow(Pending pending) {
		OAuthParameters oauth = SignedRequests.sha256(pending.key(), pending.secret(), null, null);
		oauth.timestamp = Long.toString(this.clock.instant().getEpochSecond());
		return oauth;
	}

	private Pending sendForActivation() {
		long id = this.admin.createIntegration("{\"name\":\"token endpoints " + UUID.randomUUID() + "\",\"endpoint\":\""
				+ party.callbackUrl() + "\",\"identity_link_url\":\"" + party.identityLinkUrl()
				+ "\",\"resources\":[\"Magento_Integration::integrations\"]}");
		Http.Response activation = this.admin.post("/rest/V1/integrations/" + id + "/activate", "{}");
		assertThat(activation.status()).as(activation.body()).isEqualTo(200);
		FakeThirdParty.Post post = party.awaitPost(Duration.ofSeconds(5));
		String json = this.admin.get("/rest/V1/integrations/" + id).body();
		assertThat(post.get("oauth_consumer_key")).isEqualTo(AdminApi.field(json, "consumer_key"));
		return new Pending(id, Long.parseLong(AdminApi.field(json, "consumer_id")), post.get("oauth_consumer_key"),
				post.get("oauth_consumer_secret"), post.get("oauth_verifier"));
	}

	private Map<String, String> requestToken(Pending pending) {
		Http.Response response = post("/oauth/token/request",
				SignedRequests.sha256(pending.key(), pending.secret(), null, null));
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		return form(response.body());
	}

	private Map<String, String> accessToken(Pending pending, Map<String, String> requestToken) {
		OAuthParameters oauth = SignedRequests.sha256(pending.key(), pending.secret(), requestToken.get("oauth_token"),
				requestToken.get("oauth_token_secret"));
		oauth.verifier = pending.verifier();
		Http.Response response = post("/oauth/token/access", oauth);
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		return form(response.body());
	}

	/** Signs a POST for the endpoint and sends it with the Authorization header. */
	private Http.Response post(String endpoint, OAuthParameters oauth) {
		String url = this.http.url(endpoint);
		return send(url, SignedRequests.sign(oauth, "POST", url));
	}

	private Http.Response send(String url, String authorization) {
		return this.http.post(url, null, "Authorization", authorization);
	}

	private static Consumer<OAuthParameters> remove(String name) {
		return switch (name) {
			case "oauth_consumer_key" -> (oauth) -> oauth.consumerKey = null;
			case "oauth_signature" -> (oauth) -> oauth.signature = null;
			case "oauth_signature_method" -> (oauth) -> oauth.signatureMethod = null;
			case "oauth_nonce" -> (oauth) -> oauth.nonce = null;
			case "oauth_timestamp" -> (oauth) -> oauth.timestamp = null;
			default -> throw new IllegalArgumentException(name);
		};
	}

	private static void assertProblem(Http.Response response, int status, String encodedText) {
		assertThat(response.status()).as(response.body()).isEqualTo(status);
		assertThat(response.body()).isEqualTo("oauth_problem=" + encodedText);
	}

	private static Map<String, String> form(String body) {
		Map<String, String> values = new LinkedHashMap<>();
		for (String pair : body.split("&")) {
			int eq = pair.indexOf('=');
			values.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
					URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
		}
		return values;
	}

}
