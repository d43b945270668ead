package dev.keyway.oauth;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.keyway.testing.DatabaseIndependent;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every published vector of {@code oauth1-vectors.json} (a copy of the shared file): percent
 * encoding, parameter normalization, base string URIs, base strings and signatures. Vectors marked
 * {@code verified: false} carry a signature that does not belong to their inputs: it must be
 * refused.
 */
@DatabaseIndependent
class OAuthVectorsTests {

	static Stream<Arguments> vectors() throws IOException {
		try (InputStream in = OAuthVectorsTests.class.getResourceAsStream("/oauth1-vectors.json")) {
			JsonNode document = JsonMapper.shared().readTree(in);
			List<Arguments> arguments = new ArrayList<>();
			for (JsonNode vector : document.get("vectors")) {
				arguments.add(Arguments.of(vector.get("name").asString(), vector));
			}
			return arguments.stream();
		}
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("vectors")
	void vectorWhenComputedThenMatchesPublishedValue(String name, JsonNode vector) {
		switch (vector.get("kind").asString()) {
			case "percent_encoding" ->
				assertThat(PercentEncoding.encode(vector.get("input").asString())).isEqualTo(vector.get("expected").asString());
			case "normalize_parameters" -> assertThat(
					normalized(OAuthRequest.parseForm(vector.get("input").asString())))
				.isEqualTo(vector.get("expected").asString());
			case "base_string_uri" -> {
				Url url = Url.parse(vector.get("url").asString());
				assertThat(SignatureBaseString.baseUri(url.scheme(), url.host(), url.port(), url.path()))
					.isEqualTo(vector.get("expected").asString());
			}
			case "base_string" -> {
				String base = baseString(vector);
				assertThat(base).isEqualTo(vector.get("expected_base_string").asString());
				if (hasText(vector, "expected_normalized_params")) {
					assertThat(normalized(parameters(vector)))
						.isEqualTo(vector.get("expected_normalized_params").asString());
				}
				if (hasText(vector, "authorization_header")) {
					assertThat(OAuthRequest.parse(vector.get("method").asString(),
							baseUri(vector), Url.parse(vector.get("url").asString()).query(),
							vector.get("authorization_header").asString(), text(vector, "body_form"))
						.baseString()).isEqualTo(vector.get("expected_base_string").asString());
				}
			}
			case "signature" -> checkSignature(vector);
			default -> throw new IllegalStateException("Unknown vector kind in " + name);
		}
	}

	private static void checkSignature(JsonNode vector) {
		String base = hasText(vector, "base_string") ? vector.get("base_string").asString() : baseString(vector);
		if (hasText(vector, "expected_base_string")) {
			assertThat(base).isEqualTo(vector.get("expected_base_string").asString());
		}
		SignatureMethod method = SignatureMethod.ofWireName(vector.get("signature_method").asString()).orElseThrow();
		String consumerSecret = text(vector, "consumer_secret");
		String tokenSecret = text(vector, "token_secret");
		String expected = vector.get("expected_signature").asString();
		if (vector.get("verified").asBoolean()) {
			assertThat(method.sign(base, consumerSecret, tokenSecret)).isEqualTo(expected);
			assertThat(method.verify(base, consumerSecret, tokenSecret, expected)).isTrue();
		}
		else {
			assertThat(method.verify(base, consumerSecret, tokenSecret, expected)).isFalse();
		}
	}

	/** The base string from method, URL (its query is signed) and the header/body parameters. */
	private static String baseString(JsonNode vector) {
		String method = vector.get("method").asString();
		List<Parameter> parameters = parameters(vector);
		String base = SignatureBaseString.of(method, baseUri(vector), parameters);
		if (vector.has("method_case") && "verbatim".equals(vector.get("method_case").asString())) {
			// the vector keeps the method as sent; Keyway upper-cases it (RFC 5849 section 3.4.1.1)
			return method + base.substring(method.length());
		}
		return base;
	}

	/**
	 * The normalized parameters as the production base string carries them: its third part,
	 * percent-decoded (RFC 5849 section 3.4.1.1 encodes them once more), so the vectors test the one
	 * path that signs requests.
	 */
	private static String normalized(List<Parameter> parameters) {
		String base = SignatureBaseString.of("GET", "http://example.com/", parameters);
		return PercentEncoding.decode(base.substring(base.indexOf('&', base.indexOf('&') + 1) + 1), false);
	}

	private static String baseUri(JsonNode vector) {
		Url url = Url.parse(vector.get("url").asString());
		return SignatureBaseString.baseUri(url.scheme(), url.host(), url.port(), url.path());
	}

	private static List<Parameter> parameters(JsonNode vector) {
		List<Parameter> parameters = new ArrayList<>(OAuthRequest.parseForm(Url.parse(vector.get("url").asString()).query()));
		for (JsonNode pair : vector.get("params")) {
			parameters.add(new Parameter(pair.get(0).asString(), pair.get(1).asString()));
		}
		return parameters;
	}

	private static boolean hasText(JsonNode vector, String field) {
		return vector.hasNonNull(field) && !vector.get(field).asString().isEmpty();
	}

	private static String text(JsonNode vector, String field) {
		return vector.hasNonNull(field) ? vector.get(field).asString() : null;
	}

	/** A URL split by hand: the vectors include an unbracketed IPv6 host that java.net.URI refuses. */
	record Url(String scheme, String host, int port, String path, String query) {

		static Url parse(String url) {
			int schemeEnd = url.indexOf("://");
			String scheme = url.substring(0, schemeEnd);
			String rest = url.substring(schemeEnd + 3);
			int authorityEnd = rest.length();
			for (char end : new char[] { '/', '?', '#' }) {
				int at = rest.indexOf(end);
				if (at >= 0 && at < authorityEnd) {
					authorityEnd = at;
				}
			}
			String authority = rest.substring(0, authorityEnd);
			String pathAndQuery = rest.substring(authorityEnd);
			if (!pathAndQuery.startsWith("/")) {
				pathAndQuery = "/" + pathAndQuery;
			}
			int question = pathAndQuery.indexOf('?');
			String path = (question < 0) ? pathAndQuery : pathAndQuery.substring(0, question);
			String query = (question < 0) ? null : pathAndQuery.substring(question + 1);
			int colon = authority.lastIndexOf(':');
			String host = authority;
			int port = -1;
			if (colon > 0 && authority.substring(colon + 1).chars().allMatch(Character::isDigit)) {
				host = authority.substring(0, colon);
				port = Integer.parseInt(authority.substring(colon + 1));
			}
			return new Url(scheme, host, port, path, query);
		}

	}

}
