package dev.keyway.oauth;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

import dev.keyway.testing.DatabaseIndependent;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The plus-for-space hint names the mistake only when the signature verifies with the query's spaces
 * signed as '+' (issue 16.2; a developer trial found it named for any bad signature of a search with a
 * space); a refusal no known mistake explains carries its reason's general hint (an operator trial saw
 * {@code "hint": null} for a wrong signature and for a replayed request). The client's signatures here are computed by hand with the JDK's HMAC over a base string
 * written out in the test, not by Keyway's signer.
 */
@DatabaseIndependent
class HintsTests {

	private static final long NOW = 1_780_000_000L;

	private static final String URI = "http://shop.test/rest/V1/products";

	private final Consumer consumer = new Consumer(1, "ck", "consumer-secret", Instant.ofEpochSecond(NOW));

	@Test
	void forSignatureWhenClientSignedSpaceAsPlusThenNamesPlusForSpace() throws Exception {
		// the client signs q=Down+Bag with the '+' as a plus (%2B); the server decodes the query's '+' to a space
		String signature = sign("q=Down%2BBag", "consumer-secret");
		OAuthRequest request = OAuthRequest.parse("GET", URI, "q=Down+Bag", header(signature), null);

		String hint = Hints.forSignature(request, checked(this.consumer), "token-secret");

		assertThat(hint).isEqualTo(Hints.PLUS_FOR_SPACE);
	}

	@Test
	void forSignatureWhenClientSignedEncodedSlashAsSlashThenNamesIt() throws Exception {
		// the SKU "AB/12" travels as AB%2F12; the client signed the path with a plain '/'
		String signature = sign(URI + "/AB/12", "q=x", "consumer-secret");
		OAuthRequest request = OAuthRequest.parse("GET", URI + "/AB%2F12", "q=x", header(signature), null);
		OAuthRequest wrongSecret = OAuthRequest.parse("GET", URI + "/AB%2F12", "q=x",
				header(sign(URI + "/AB/12", "q=x", "another-secret")), null);

		assertThat(Hints.forSignature(request, checked(this.consumer), "token-secret"))
			.isEqualTo(Hints.SLASH_SIGNED_DECODED);
		assertThat(Hints.forSignature(wrongSecret, checked(this.consumer), "token-secret")).isNull();
	}

	@Test
	void forSignatureWhenClientSignedTheUrlWrittenOtherwiseThenNamesHow() throws Exception {
		// a developer trial: each of these got the general hint
		String[][] cases = {
			// { URL the server sees, URL the client signed, what the hint says }
			{ "http://shop.test/rest/V1/products", "http://shop.test/rest/V1/products/", "with a trailing slash" },
			{ "http://shop.test/rest/V1/products/", "http://shop.test/rest/V1/products", "without its trailing slash" },
			{ "http://shop.test/rest/V1/products", "http://shop.test/rest/default/V1/products",
				"with the store code default, which it does not send" },
			{ "http://shop.test/rest/fr/V1/products", "http://shop.test/rest/V1/products",
				"without the store code fr that it sends" },
			{ "http://shop.test:8080/rest/V1/products", "http://shop.test/rest/V1/products", "without the port :8080" },
			{ "https://shop.test/rest/V1/products", "https://shop.test:443/rest/V1/products", "default port :443" },
		};
		for (String[] shape : cases) {
			OAuthRequest request = OAuthRequest.parse("GET", shape[0], "q=x", header(sign(shape[1], "q=x",
					"consumer-secret")), null);
			OAuthRequest wrongSecret = OAuthRequest.parse("GET", shape[0], "q=x", header(sign(shape[1], "q=x",
					"another-secret")), null);

			assertThat(Hints.forSignature(request, checked(this.consumer), "token-secret")).as(shape[1])
				.startsWith("The client ")
				.contains(shape[2])
				.contains(": the signature verifies for " + shape[1] + " but not for the URL this server sees, " + shape[0] + ".");
			assertThat(Hints.forSignature(wrongSecret, checked(this.consumer), "token-secret")).as(shape[1]).isNull();
		}
	}

	@Test
	void forSignatureWhenOnlyTheOAuthParametersWereSignedThenNamesTheQueryOrFormLeftOut() throws Exception {
		// a developer trial: a client handed the URL without its query, and a form-encoded POST whose body the
		// client did not sign, both got "No known client mistake matches this signature"
		String getSignature = Base64.getEncoder().encodeToString(hmacOAuthOnly("GET", URI, "consumer-secret"));
		OAuthRequest query = OAuthRequest.parse("GET", URI, "searchCriteria%5BpageSize%5D=2", header(getSignature), null);
		String postSignature = Base64.getEncoder().encodeToString(hmacOAuthOnly("POST", URI, "consumer-secret"));
		OAuthRequest form = OAuthRequest.parse("POST", URI, null, header(postSignature), "product%5Bsku%5D=X1&qty=2");
		OAuthRequest wrongSecret = OAuthRequest.parse("GET", URI, "searchCriteria%5BpageSize%5D=2",
				header(Base64.getEncoder().encodeToString(hmacOAuthOnly("GET", URI, "another-secret"))), null);

		assertThat(Hints.forSignature(query, checked(this.consumer), "token-secret")).isEqualTo(Hints.ONLY_OAUTH_SIGNED);
		assertThat(Hints.forSignature(form, checked(this.consumer), "token-secret")).isEqualTo(Hints.ONLY_OAUTH_SIGNED);
		assertThat(Hints.forSignature(wrongSecret, checked(this.consumer), "token-secret")).isNull();
	}

	/** The HMAC-SHA256 of a base string holding the header's oauth_* parameters only, by hand. */
	private static byte[] hmacOAuthOnly(String method, String uri, String consumerSecret) throws Exception {
		String normalized = "oauth_consumer_key=ck&oauth_nonce=n1&oauth_signature_method=HMAC-SHA256&oauth_timestamp="
				+ NOW + "&oauth_token=tk&oauth_version=1.0";
		String base = method + "&" + encode(uri) + "&" + encode(normalized);
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec((encode(consumerSecret) + "&" + encode("token-secret")).getBytes(StandardCharsets.UTF_8),
				"HmacSHA256"));
		return mac.doFinal(base.getBytes(StandardCharsets.UTF_8));
	}

	@Test
	void forSignatureWhenSignedWithSha1ButSha256NamedThenNamesBothMethods() throws Exception {
		// a library that computes HMAC-SHA1 whatever oauth_signature_method says
		String signature = Base64.getEncoder().encodeToString(hmac("HmacSHA1", URI, "n1", "q=x", "consumer-secret"));
		OAuthRequest request = OAuthRequest.parse("GET", URI, "q=x", header(signature), null);

		assertThat(Hints.forSignature(request, checked(this.consumer), "token-secret"))
			.contains("is an HMAC-SHA1 of the base string")
			.contains("names HMAC-SHA256");
	}

	@Test
	void forSignatureWhenRightHmacInHexThenNamesHex() throws Exception {
		byte[] digest = hmac("HmacSHA256", URI, "n1", "q=x", "consumer-secret");
		OAuthRequest lower = OAuthRequest.parse("GET", URI, "q=x", header(java.util.HexFormat.of().formatHex(digest)), null);
		OAuthRequest upper = OAuthRequest.parse("GET", URI, "q=x",
				header(java.util.HexFormat.of().withUpperCase().formatHex(digest)), null);

		assertThat(Hints.forSignature(lower, checked(this.consumer), "token-secret")).isEqualTo(Hints.SIGNATURE_IN_HEX);
		assertThat(Hints.forSignature(upper, checked(this.consumer), "token-secret")).isEqualTo(Hints.SIGNATURE_IN_HEX);
	}

	@Test
	void forSignatureWhenRightHmacInBase64UrlThenNamesBase64Url() throws Exception {
		byte[] digest = hmac("HmacSHA256", URI, "n1", "q=x", "consumer-secret");
		String signature = Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
		OAuthRequest request = OAuthRequest.parse("GET", URI, "q=x", header(signature), null);

		assertThat(Hints.forSignature(request, checked(this.consumer), "token-secret"))
			.isEqualTo(Hints.SIGNATURE_IN_BASE64URL);
	}

	@Test
	void forSignatureWhenSignatureEncodedTwiceThenNamesIt() throws Exception {
		// every base64 signature ends in '=', so encoding it twice always leaves a %3D after one decoding
		String signature = sign("q=x", "consumer-secret");
		OAuthRequest request = OAuthRequest.parse("GET", URI, "q=x", header(encode(signature)), null);

		assertThat(Hints.forSignature(request, checked(this.consumer), "token-secret"))
			.isEqualTo(Hints.SIGNATURE_ENCODED_TWICE);
	}

	@Test
	void forSignatureWhenSignatureSentUnencodedInTheQueryThenNamesThePlusTurnedSpace() throws Exception {
		String nonce = null;
		String signature = null;
		for (int i = 0; signature == null || signature.indexOf('+') < 0; i++) {
			nonce = "n" + i;
			signature = sign(URI, nonce, "q=x", "consumer-secret");
		}
		String query = "oauth_consumer_key=ck&oauth_nonce=" + nonce + "&oauth_signature_method=HMAC-SHA256&oauth_timestamp="
				+ NOW + "&oauth_token=tk&oauth_version=1.0&q=x&oauth_signature=" + signature;
		OAuthRequest request = OAuthRequest.parse("GET", URI, query, null, null);

		assertThat(Hints.forSignature(request, checked(this.consumer), "token-secret"))
			.isEqualTo(Hints.SIGNATURE_PLUS_AS_SPACE);
	}

	@Test
	void forSignatureFormWhenKeyWrongThenNoFormIsNamed() throws Exception {
		byte[] digest = hmac("HmacSHA256", URI, "n1", "q=x", "another-secret");
		byte[] sha1 = hmac("HmacSHA1", URI, "n1", "q=x", "another-secret");
		for (String signature : new String[] { java.util.HexFormat.of().formatHex(digest),
				Base64.getUrlEncoder().withoutPadding().encodeToString(digest),
				encode(Base64.getEncoder().encodeToString(digest)), Base64.getEncoder().encodeToString(sha1) }) {
			OAuthRequest request = OAuthRequest.parse("GET", URI, "q=x", header(signature), null);

			assertThat(Hints.forSignature(request, checked(this.consumer), "token-secret")).as(signature).isNull();
		}
	}

	@Test
	void forSignatureWhenSpaceSignedRightButSecretWrongThenNoHint() throws Exception {
		String signature = sign("q=Down%20Bag", "another-secret");
		OAuthRequest request = OAuthRequest.parse("GET", URI, "q=Down%20Bag", header(signature), null);

		String hint = Hints.forSignature(request, checked(this.consumer), "token-secret");

		assertThat(hint).isNull();
	}

	@Test
	void checkWhenPlaintextOfAKnownConsumerThenFiledUnderItWithAHint() {
		ProtocolChecks checks = checksKnowingTheConsumer();
		String header = VerificationBenchmark.Requests.header("n1", NOW).replace("HMAC-SHA256", "PLAINTEXT");

		OAuthProblem problem = refusal(checks, header);

		assertThat(problem.reason()).isEqualTo(RefusalReason.SIGNATURE_METHOD_DISABLED);
		assertThat(problem.facts().consumerId()).isEqualTo(1L);
		assertThat(problem.facts().hint()).isEqualTo(Hints.METHOD_UNSUPPORTED);
	}

	@Test
	void checkWhenVersionIs10aThenMagentosAnswerFiledUnderTheConsumerWithWhy() {
		// a client that sends the protocol's informal name as the version: refused as Magento refuses it, and now
		// seen in its integration's health (it was counted in the metric only)
		ProtocolChecks checks = checksKnowingTheConsumer();
		String header = VerificationBenchmark.Requests.header("n1", NOW).replace("oauth_version=\"1.0\"",
				"oauth_version=\"1.0a\"");

		OAuthProblem problem = refusal(checks, header);

		assertThat(header).contains("oauth_version=\"1.0a\"");
		assertThat(problem.getMessage()).isEqualTo("The \"1.0a\" Oauth version isn't supported.");
		assertThat(problem.reason()).isEqualTo(RefusalReason.MALFORMED_REQUEST);
		assertThat(problem.facts().consumerId()).isEqualTo(1L);
		assertThat(problem.facts().hint()).isEqualTo(Hints.VERSION_UNSUPPORTED);
	}

	@Test
	void checkWhenVersionIsLongThenMagentosAnswerShowsItsFirst64CharactersAndLength() {
		ProtocolChecks checks = checksKnowingTheConsumer();
		String header = VerificationBenchmark.Requests.header("n1", NOW).replace("oauth_version=\"1.0\"",
				"oauth_version=\"" + "9".repeat(10_000) + "\"");

		OAuthProblem problem = refusal(checks, header);

		assertThat(problem.getMessage()).isEqualTo("The \"" + "9".repeat(64) + "… (10000 characters)\" Oauth version "
				+ "isn't supported.");
	}

	@Test
	void verifySignatureAndNonceWhenNoKnownMistakeMatchesThenRecordHasTheGeneralBadSignatureHint() throws Exception {
		// an ordinary URL signed with the wrong secret: no known mistake, still told what to compare
		OAuthRequest request = OAuthRequest.parse("GET", URI, "q=x", header(sign("q=x", "another-secret")), null);

		OAuthProblem problem = refusedBy(request, (consumerId, nonce, expires) -> true);

		assertThat(problem.reason()).isEqualTo(RefusalReason.BAD_SIGNATURE);
		assertThat(problem.facts().baseString()).startsWith("GET&http%3A%2F%2Fshop.test");
		assertThat(recorded(problem).hint()).isEqualTo(Hints.BAD_SIGNATURE)
			.contains("Compare the base string")
			.doesNotContain("consumer-secret")
			.doesNotContain("token-secret");
	}

	@Test
	void verifySignatureAndNonceWhenSameSignedRequestSentTwiceThenRecordHasTheNonceReusedHint() throws Exception {
		java.util.Set<String> spent = new java.util.HashSet<>();
		NonceStore nonces = (consumerId, nonce, expires) -> spent.add(nonce);
		String header = header(sign("q=x", "consumer-secret"));
		new ProtocolChecks(null, nonces, new VerificationBenchmark.FixedSettings(), fixedClock())
			.verifySignatureAndNonce(OAuthRequest.parse("GET", URI, "q=x", header, null), checked(this.consumer),
					"token-secret");

		OAuthProblem replayed = refusedBy(OAuthRequest.parse("GET", URI, "q=x", header, null), nonces);

		assertThat(replayed.reason()).isEqualTo(RefusalReason.NONCE_REUSED);
		assertThat(recorded(replayed).hint()).isEqualTo(Hints.NONCE_REUSED).contains("new random nonce");
	}

	@Test
	void verifySignatureAndNonceWhenNonceEmptyThenRecordHasTheNonceInvalidHint() throws Exception {
		String signature = sign(URI, "", "q=x", "consumer-secret");
		OAuthRequest request = OAuthRequest.parse("GET", URI, "q=x", header("", signature), null);

		OAuthProblem problem = refusedBy(request, (consumerId, nonce, expires) -> true);

		assertThat(problem.reason()).isEqualTo(RefusalReason.NONCE_REUSED);
		assertThat(recorded(problem).hint()).isEqualTo(Hints.NONCE_INVALID);
	}

	@Test
	void generalHintWhenAnyReasonThenATextToActOnAndOnlyRateLimitedWithoutOne() {
		for (RefusalReason reason : RefusalReason.values()) {
			if (reason == RefusalReason.RATE_LIMITED) {
				// SPEC 5.12: the 429's Retry-After says when to call again
				assertThat(reason.generalHint()).as(reason.wireName()).isNull();
			}
			else {
				assertThat(reason.generalHint()).as(reason.wireName()).isNotBlank().endsWith(".");
			}
		}
	}

	@Test
	void hintWhenFactsNameAKnownMistakeThenItIsKeptAndOtherwiseTheReasonsGeneralHint() {
		for (RefusalReason reason : RefusalReason.values()) {
			Refusal plain = new Refusal(reason, 1, 0, "GET", "/rest/V1/products", "127.0.0.1",
					RefusalFacts.NONE.withConsumer(1));
			Refusal known = new Refusal(reason, 1, 0, "GET", "/rest/V1/products", "127.0.0.1",
					RefusalFacts.NONE.withConsumer(1).withHint(Hints.PLUS_FOR_SPACE));

			assertThat(plain.hint()).as(reason.wireName()).isEqualTo(reason.generalHint());
			assertThat(known.hint()).as(reason.wireName()).isEqualTo(Hints.PLUS_FOR_SPACE);
		}
		// a bad signature's deferred explanation that found no mistake
		Refusal unexplained = new Refusal(RefusalReason.BAD_SIGNATURE, 1, 0, "GET", "/rest/V1/products", "127.0.0.1",
				RefusalFacts.NONE.withExplanation("HMAC-SHA256", () -> new RefusalFacts.Explanation("GET&x", null)));
		assertThat(unexplained.hint()).isEqualTo(Hints.BAD_SIGNATURE);
	}

	@Test
	void sha1DisabledHintWhenShownThenNamesTheSettingThatExists() {
		assertThat(Hints.SHA1_DISABLED).contains("(setting " + dev.keyway.settings.Setting.ALLOW_HMAC_SHA1.path() + ")");
	}

	private OAuthProblem refusedBy(OAuthRequest request, NonceStore nonces) {
		ProtocolChecks checks = new ProtocolChecks(null, nonces, new VerificationBenchmark.FixedSettings(), fixedClock());
		return org.assertj.core.api.Assertions.catchThrowableOfType(OAuthProblem.class,
				() -> checks.verifySignatureAndNonce(request, checked(this.consumer), "token-secret"));
	}

	/** The record the health module stores for the refusal (its hint falls back to the reason's). */
	private static Refusal recorded(OAuthProblem problem) {
		return new Refusal(problem.reason(), problem.facts().consumerId(), 0, "GET", "/rest/V1/products", "127.0.0.1",
				problem.facts());
	}

	private static java.time.Clock fixedClock() {
		return java.time.Clock.fixed(Instant.ofEpochSecond(NOW), java.time.ZoneOffset.UTC);
	}

	private static ProtocolChecks.Checked checked(Consumer consumer) {
		return new ProtocolChecks.Checked(consumer, SignatureMethod.HMAC_SHA256, NOW, NOW + 601);
	}

	private static String header(String signature) {
		return header("n1", signature);
	}

	private static String header(String nonce, String signature) {
		return "OAuth oauth_consumer_key=\"ck\", oauth_nonce=\"" + nonce + "\", oauth_signature_method=\"HMAC-SHA256\", "
				+ "oauth_timestamp=\"" + NOW + "\", oauth_token=\"tk\", oauth_version=\"1.0\", oauth_signature=\""
				+ encode(signature) + "\"";
	}

	/** RFC 5849 section 3.4.1 by hand: the query pair as the client encoded it, after the sorted oauth_* pairs. */
	private static String sign(String encodedQueryPair, String consumerSecret) throws Exception {
		return sign(URI, encodedQueryPair, consumerSecret);
	}

	private static String sign(String uri, String encodedQueryPair, String consumerSecret) throws Exception {
		return sign(uri, "n1", encodedQueryPair, consumerSecret);
	}

	private static String sign(String uri, String nonce, String encodedQueryPair, String consumerSecret)
			throws Exception {
		return Base64.getEncoder().encodeToString(hmac("HmacSHA256", uri, nonce, encodedQueryPair, consumerSecret));
	}

	/** The HMAC of the base string the header below names HMAC-SHA256 in, whatever {@code algorithm} computes it. */
	private static byte[] hmac(String algorithm, String uri, String nonce, String encodedQueryPair, String consumerSecret)
			throws Exception {
		String normalized = "oauth_consumer_key=ck&oauth_nonce=" + nonce + "&oauth_signature_method=HMAC-SHA256&oauth_timestamp="
				+ NOW + "&oauth_token=tk&oauth_version=1.0&" + encodedQueryPair;
		String base = "GET&" + encode(uri) + "&" + encode(normalized);
		Mac mac = Mac.getInstance(algorithm);
		mac.init(new SecretKeySpec((encode(consumerSecret) + "&" + encode("token-secret")).getBytes(StandardCharsets.UTF_8),
				algorithm));
		return mac.doFinal(base.getBytes(StandardCharsets.UTF_8));
	}

	private static String encode(String text) {
		return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A").replace("%7E", "~");
	}

	/** The first checks, with a cache that knows this test's consumer under the benchmark's key. */
	private ProtocolChecks checksKnowingTheConsumer() {
		CredentialCache cache = new CredentialCache(null, null, null, null, dev.keyway.CacheProperties.defaultSpec()) {
			@Override
			java.util.Optional<Consumer> consumer(String key) {
				return VerificationBenchmark.CONSUMER_KEY.equals(key) ? java.util.Optional.of(HintsTests.this.consumer)
						: java.util.Optional.empty();
			}
		};
		return new ProtocolChecks(cache, null, new VerificationBenchmark.FixedSettings(),
				java.time.Clock.fixed(Instant.ofEpochSecond(NOW), java.time.ZoneOffset.UTC));
	}

	private static OAuthProblem refusal(ProtocolChecks checks, String header) {
		return org.assertj.core.api.Assertions.catchThrowableOfType(OAuthProblem.class,
				() -> checks.check(OAuthRequest.parse("GET", VerificationBenchmark.BASE_URI, null, header, null),
						java.util.List.of()));
	}

}
