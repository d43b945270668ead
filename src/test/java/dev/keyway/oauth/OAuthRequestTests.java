package dev.keyway.oauth;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.keyway.testing.DatabaseIndependent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Where OAuth parameters come from (SPEC 4.2): the {@code Authorization: OAuth} header, else a form
 * body, else the query; what is signed (query and form parameters as sent, repeats kept, header
 * parameters without realm); malformed input.
 */
@DatabaseIndependent
class OAuthRequestTests {

	private static final String BASE_URI = "http://example.com/rest/V1/products";

	// ---- Authorization header ----

	@Test
	void parseHeaderWhenSpacingVariesThenSameParameters() {
		List<Parameter> expected = List.of(new Parameter("oauth_consumer_key", "key"), new Parameter("oauth_nonce", "n1"));

		assertThat(OAuthRequest.parseHeader("OAuth oauth_consumer_key=\"key\", oauth_nonce=\"n1\"")).isEqualTo(expected);
		assertThat(OAuthRequest.parseHeader("OAuth oauth_consumer_key=\"key\",oauth_nonce=\"n1\"")).isEqualTo(expected);
		assertThat(OAuthRequest.parseHeader("OAuth   oauth_consumer_key = \"key\" ,\toauth_nonce=\"n1\"  "))
			.isEqualTo(expected);
	}

	@Test
	void parseHeaderWhenValuesUnquotedThenKept() {
		assertThat(OAuthRequest.parseHeader("OAuth oauth_consumer_key=key, oauth_nonce=\"n1\""))
			.containsExactly(new Parameter("oauth_consumer_key", "key"), new Parameter("oauth_nonce", "n1"));
	}

	@Test
	void parseHeaderWhenEmptyQuotedValueThenEmptyValue() {
		assertThat(OAuthRequest.parseHeader("OAuth oauth_token=\"\", oauth_nonce=\"n1\""))
			.containsExactly(new Parameter("oauth_token", ""), new Parameter("oauth_nonce", "n1"));
	}

	@Test
	void parseHeaderWhenRealmThenIgnored() {
		assertThat(OAuthRequest.parseHeader("OAuth realm=\"http://example.com/\", oauth_nonce=\"n1\""))
			.containsExactly(new Parameter("oauth_nonce", "n1"));
	}

	@Test
	void parseHeaderWhenNonOAuthNamesThenIgnored() {
		assertThat(OAuthRequest.parseHeader("OAuth foo=\"bar\", oauth_nonce=\"n1\", xoauth_extra=\"1\""))
			.containsExactly(new Parameter("oauth_nonce", "n1"));
	}

	@Test
	void parseHeaderWhenPercentEncodedThenDecoded() {
		assertThat(OAuthRequest.parseHeader(
				"OAuth oauth_signature=\"ab%2Bc%2Fd%3D\", oauth_callback=\"http%3A%2F%2Fx.example%2Fcb%3Fa%3D1\", "
						+ "oauth_nonce=\"caf%C3%A9%20x\""))
			.containsExactly(new Parameter("oauth_signature", "ab+c/d="),
					new Parameter("oauth_callback", "http://x.example/cb?a=1"), new Parameter("oauth_nonce", "caf\u00e9 x"));
	}

	@Test
	void parseHeaderWhenPlusSignThenKeptLiteral() {
		assertThat(OAuthRequest.parseHeader("OAuth oauth_signature=\"ab+cd/e=\""))
			.containsExactly(new Parameter("oauth_signature", "ab+cd/e="));
	}

	@Test
	void parseHeaderWhenSchemeInAnotherCaseThenParsed() {
		assertThat(OAuthRequest.parseHeader("oauth oauth_nonce=\"n1\"")).containsExactly(new Parameter("oauth_nonce", "n1"));
		assertThat(OAuthRequest.parseHeader("OAUTH oauth_nonce=\"n1\"")).containsExactly(new Parameter("oauth_nonce", "n1"));
	}

	@Test
	void parseHeaderWhenNotOAuthThenEmpty() {
		assertThat(OAuthRequest.parseHeader(null)).isEmpty();
		assertThat(OAuthRequest.parseHeader("Bearer 0123456789abcdef0123456789abcdef")).isEmpty();
		assertThat(OAuthRequest.parseHeader("Basic YWRtaW46c2VjcmV0")).isEmpty();
	}

	// ---- form and query ----

	@Test
	void parseFormWhenBareNameThenEmptyValue() {
		assertThat(OAuthRequest.parseForm("searchCriteria&b=&c=1")).containsExactly(new Parameter("searchCriteria", ""),
				new Parameter("b", ""), new Parameter("c", "1"));
	}

	@Test
	void parseFormWhenPlusThenSpaceAndEncodedPlusThenPlus() {
		assertThat(OAuthRequest.parseForm("q=a+b%2Bc&n+m=1"))
			.containsExactly(new Parameter("q", "a b+c"), new Parameter("n m", "1"));
	}

	@Test
	void parseFormWhenNamesRepeatedThenAllKeptInOrder() {
		assertThat(OAuthRequest.parseForm("z=1&a=2&z=0&z=1")).containsExactly(new Parameter("z", "1"),
				new Parameter("a", "2"), new Parameter("z", "0"), new Parameter("z", "1"));
	}

	@Test
	void parseFormWhenBracketsRawOrEncodedThenSameName() {
		assertThat(OAuthRequest.parseForm("searchCriteria[pageSize]=5"))
			.isEqualTo(OAuthRequest.parseForm("searchCriteria%5BpageSize%5D=5"))
			.containsExactly(new Parameter("searchCriteria[pageSize]", "5"));
	}

	@Test
	void parseFormWhenEmptyPairsThenSkipped() {
		assertThat(OAuthRequest.parseForm("&&a=1&")).containsExactly(new Parameter("a", "1"));
		assertThat(OAuthRequest.parseForm("")).isEmpty();
		assertThat(OAuthRequest.parseForm(null)).isEmpty();
	}

	@Test
	void parseFormWhenValueContainsEqualsSignThenKeptInValue() {
		assertThat(OAuthRequest.parseForm("a=b=c")).containsExactly(new Parameter("a", "b=c"));
	}

	// ---- where protocol parameters come from ----

	@Test
	void parseWhenHeaderHasProtocolParametersThenBodyAndQueryNotUsedForThem() {
		OAuthRequest request = OAuthRequest.parse("POST", BASE_URI, "oauth_nonce=fromQuery",
				"OAuth oauth_nonce=\"fromHeader\"", "oauth_consumer_key=fromBody");

		assertThat(request.protocol("oauth_nonce")).isEqualTo("fromHeader");
		assertThat(request.has("oauth_consumer_key")).isFalse();
	}

	@Test
	void parseWhenHeaderHasNoProtocolParametersThenTakenFromBody() {
		OAuthRequest request = OAuthRequest.parse("POST", BASE_URI, "oauth_nonce=fromQuery&oauth_token=fromQuery",
				"OAuth realm=\"example\"", "oauth_nonce=fromBody&x=1");

		assertThat(request.protocol("oauth_nonce")).isEqualTo("fromBody");
		assertThat(request.has("oauth_token")).isFalse();
		assertThat(request.has("x")).isFalse();
	}

	@Test
	void parseWhenNeitherHeaderNorBodyHasThemThenTakenFromQuery() {
		OAuthRequest request = OAuthRequest.parse("GET", BASE_URI, "a=1&oauth_nonce=fromQuery", null, "b=2");

		assertThat(request.hasProtocolParameters()).isTrue();
		assertThat(request.protocol("oauth_nonce")).isEqualTo("fromQuery");
		assertThat(request.has("a")).isFalse();
	}

	@Test
	void parseWhenNoOAuthParametersAnywhereThenNone() {
		OAuthRequest request = OAuthRequest.parse("GET", BASE_URI, "a=1", "Bearer abc", "b=2");

		assertThat(request.hasProtocolParameters()).isFalse();
	}

	@Test
	void parseWhenProtocolParameterGivenTwiceInHeaderThenBadRequest() {
		OAuthProblem problem = catchThrowableOfType(OAuthProblem.class, () -> OAuthRequest.parse("GET", BASE_URI, null,
				"OAuth oauth_nonce=\"a\", oauth_consumer_key=\"k\", oauth_nonce=\"b\"", null));

		assertThat(problem).isNotNull();
		assertThat(problem.status()).isEqualTo(400);
		assertThat(problem.getMessage()).isEqualTo("The OAuth parameter \"oauth_nonce\" is given more than once.");
	}

	@Test
	void parseWhenLongProtocolParameterGivenTwiceThenBadRequestShowingItsFirst64CharactersAndLength() {
		String name = "oauth_" + "x".repeat(10_000);
		OAuthProblem problem = catchThrowableOfType(OAuthProblem.class,
				() -> OAuthRequest.parse("GET", BASE_URI, name + "=a&" + name + "=b", null, null));

		assertThat(problem).isNotNull();
		assertThat(problem.getMessage()).isEqualTo("The OAuth parameter \"" + name.substring(0, 64)
				+ "…\" (10006 characters) is given more than once.");
	}

	@Test
	void parseWhenProtocolParameterGivenTwiceInQueryThenBadRequest() {
		OAuthProblem problem = catchThrowableOfType(OAuthProblem.class,
				() -> OAuthRequest.parse("GET", BASE_URI, "oauth_token=a&oauth_token=b", null, null));

		assertThat(problem).isNotNull();
		assertThat(problem.status()).isEqualTo(400);
		assertThat(problem.getMessage()).isEqualTo("The OAuth parameter \"oauth_token\" is given more than once.");
	}

	// ---- what is signed ----

	@Test
	void baseStringWhenQueryBodyAndHeaderThenAllSignedExceptRealmAndSignature() {
		OAuthRequest request = OAuthRequest.parse("post", "http://example.com/r", "b=2&a=1&q=x+y",
				"OAuth realm=\"r\", oauth_consumer_key=\"k\", oauth_signature=\"s%3D\"", "c=3&a=0");

		// normalized by hand: a=0&a=1&b=2&c=3&oauth_consumer_key=k&q=x%20y
		assertThat(request.baseString()).isEqualTo("POST&http%3A%2F%2Fexample.com%2Fr&"
				+ "a%3D0%26a%3D1%26b%3D2%26c%3D3%26oauth_consumer_key%3Dk%26q%3Dx%2520y");
	}

	@Test
	void baseStringWhenBareQueryNameThenSignedWithEmptyValue() {
		OAuthRequest request = OAuthRequest.parse("GET", "http://example.com/r", "searchCriteria", "OAuth oauth_nonce=\"n\"",
				null);

		assertThat(request.baseString()).isEqualTo("GET&http%3A%2F%2Fexample.com%2Fr&oauth_nonce%3Dn%26searchCriteria%3D");
	}


	@Test
	void maskedBaseStringWhenAccessTokenStepThenNeitherTokenNorVerifierValueKept() {
		// a refused /oauth/token/access with a bad signature: its base string is stored and shown by the
		// health route (SPEC 5.9); the verifier is a credential like the token (SPEC 4.9), and it stays
		// valid after the refusal, so its value must not be kept either
		String verifier = "4h9bcntibsnl0nmffbuj9ovzlzmqn641";
		String token = "mstl49zc0s3ie75v384pru7jak98run2";
		OAuthRequest request = OAuthRequest.parse("POST", "http://example.com/oauth/token/access", null,
				"OAuth oauth_consumer_key=\"k\", oauth_token=\"" + token + "\", oauth_verifier=\"" + verifier
						+ "\", oauth_signature=\"s%3D\"",
				null);

		assertThat(request.maskedBaseString("", "")).doesNotContain(verifier)
			.doesNotContain(token)
			.isEqualTo("POST&http%3A%2F%2Fexample.com%2Foauth%2Ftoken%2Faccess&oauth_consumer_key%3Dk%26"
					+ "oauth_token%3D%2528token%2529%26oauth_verifier%3D%2528verifier%2529");
	}

	@Test
	void maskedBaseStringWhenClientSentItsSecretsAsParametersThenNoSecretOrTokenValueKept() {
		// a mistaken client (a PLAINTEXT habit, a debugging copy) sends its secrets in the query: the
		// base string Keyway stores and shows (SPEC 5.9) must keep no secret or token value of any name
		String consumerSecret = "c0nsumer5ecretc0nsumer5ecret0001";
		String tokenSecret = "t0ken5ecrett0ken5ecrett0ken50002";
		String token = "mstl49zc0s3ie75v384pru7jak98run2";
		OAuthRequest request = OAuthRequest.parse("GET", "http://example.com/rest/V1/products",
				"oauth_consumer_secret=" + consumerSecret + "&oauth_token_secret=" + tokenSecret + "&access_token="
						+ token + "&copy=" + consumerSecret + "%26" + tokenSecret + "&q=1",
				"OAuth oauth_consumer_key=\"k\", oauth_token=\"" + token + "\", oauth_signature=\"s%3D\"", null);

		assertThat(request.maskedBaseString(consumerSecret, tokenSecret)).doesNotContain(consumerSecret)
			.doesNotContain(tokenSecret)
			.doesNotContain(token)
			.isEqualTo("GET&http%3A%2F%2Fexample.com%2Frest%2FV1%2Fproducts&access_token%3D%2528token%2529%26"
					+ "copy%3D%2528secret%2529%26oauth_consumer_key%3Dk%26oauth_consumer_secret%3D%2528secret%2529%26"
					+ "oauth_token%3D%2528token%2529%26oauth_token_secret%3D%2528secret%2529%26q%3D1");
	}

	@Test
	void maskedBaseStringWhenSecretParametersHoldOtherValuesThenMaskedByName() {
		// an old or another integration's secret is a secret too: the names alone say so
		OAuthRequest request = OAuthRequest.parse("POST", "http://example.com/oauth/token/request",
				"oauth_consumer_secret=old&oauth_token_secret=older", "OAuth oauth_consumer_key=\"k\", oauth_signature=\"s\"",
				null);

		assertThat(request.maskedBaseString("current", "")).doesNotContain("old")
			.isEqualTo("POST&http%3A%2F%2Fexample.com%2Foauth%2Ftoken%2Frequest&oauth_consumer_key%3Dk%26"
					+ "oauth_consumer_secret%3D%2528secret%2529%26oauth_token_secret%3D%2528secret%2529");
	}

	@Test
	void maskedBaseStringWhenVerifierShortThenOnlyItsValueMaskedNotEveryParameterHoldingIt() {
		// a junk verifier "1" is none of Keyway's credentials: masked by name, never by value (a review: the consumer
		// key, the timestamp and the nonce all read "(verifier)")
		OAuthRequest request = OAuthRequest.parse("POST", "http://example.com/oauth/token/access", null,
				"OAuth oauth_consumer_key=\"k1\", oauth_timestamp=\"1700000001\", oauth_verifier=\"1\", oauth_signature=\"s\"",
				null);

		assertThat(request.maskedBaseString("", "")).isEqualTo("POST&http%3A%2F%2Fexample.com%2Foauth%2Ftoken%2Faccess&"
				+ "oauth_consumer_key%3Dk1%26oauth_timestamp%3D1700000001%26oauth_verifier%3D%2528verifier%2529");
	}

	@Test
	void proxiedBaseUrisWhenForwardedHeadersThenBuiltOnlyWhenAskedAndNeverThrow() {
		org.springframework.mock.web.MockHttpServletRequest request = new org.springframework.mock.web.MockHttpServletRequest(
				"GET", "/rest/V1/store/storeConfigs");
		request.setServerName("keyway.test");
		request.setServerPort(8080);
		request.addHeader("X-Forwarded-Host", "shop.example.test:8443, proxy.internal");
		request.addHeader("X-Forwarded-Proto", "https");
		assertThat(OAuthRequest.of(request, null).proxiedBaseUris()).containsExactly(
				"https://shop.example.test:8443/rest/V1/store/storeConfigs", "https://keyway.test/rest/V1/store/storeConfigs",
				"https://keyway.test:8080/rest/V1/store/storeConfigs");

		org.springframework.mock.web.MockHttpServletRequest odd = new org.springframework.mock.web.MockHttpServletRequest(
				"GET", "/rest/V1/store/storeConfigs");
		odd.setServerName("keyway.test");
		odd.addHeader("X-Forwarded-Host", ",");
		assertThat(OAuthRequest.of(odd, null).proxiedBaseUris()).as("a header of a comma alone: no hint, no failure")
			.contains("https://keyway.test/rest/V1/store/storeConfigs");
	}

}
