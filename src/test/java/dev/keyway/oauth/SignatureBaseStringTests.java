package dev.keyway.oauth;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import dev.keyway.testing.DatabaseIndependent;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * RFC 5849 section 3.4.1.3.2's order, pinned on the production base string: by encoded name, then
 * encoded value, in byte order, repeats kept, oauth_signature left out. (The published vectors run
 * through the same path in {@link OAuthVectorsTests}.)
 */
@DatabaseIndependent
class SignatureBaseStringTests {

	@Test
	void ofWhenParametersUnsortedThenSortedByEncodedNameThenEncodedValue() {
		List<Parameter> parameters = List.of(new Parameter("b", "2"), new Parameter("a", "z"),
				new Parameter("oauth_signature", "ignored"), new Parameter("a", "1"), new Parameter("A", "x"),
				new Parameter("a b", "y"), new Parameter("a", "1"), new Parameter("c", ""),
				new Parameter("a", "=1"), new Parameter("_", "u"));
		// byte order: "A" (0x41) < "_" (0x5F) < "a" < "a%20b" (a prefix sorts first); values "%3D1" < "1" < "z"
		assertThat(SignatureBaseString.of("get", "http://example.com/r", parameters)).isEqualTo("GET&"
				+ "http%3A%2F%2Fexample.com%2Fr&"
				+ "A%3Dx%26_%3Du%26a%3D%253D1%26a%3D1%26a%3D1%26a%3Dz%26a%2520b%3Dy%26b%3D2%26c%3D");
	}

	@Test
	void ofWhenNoParametersThenEmptyThirdPart() {
		assertThat(SignatureBaseString.of("POST", "https://example.com/", List.of()))
			.isEqualTo("POST&https%3A%2F%2Fexample.com%2F&");
	}

	@Test
	void ofWhenOnlyTheSignatureThenItIsLeftOut() {
		assertThat(SignatureBaseString.of("GET", "https://example.com/", List.of(new Parameter("oauth_signature", "s"))))
			.isEqualTo("GET&https%3A%2F%2Fexample.com%2F&");
	}

	@Test
	void ofWhenManyParametersThenSameOrderAsAFullSort() {
		Random random = new Random(5849);
		List<Parameter> parameters = new ArrayList<>();
		for (int i = 0; i < 200; i++) {
			parameters.add(new Parameter("p" + random.nextInt(20), Integer.toString(random.nextInt(5))));
		}
		String expected = parameters.stream()
			.map((p) -> new String[] { PercentEncoding.encode(p.name()), PercentEncoding.encode(p.value()) })
			.sorted(Comparator.<String[], String>comparing((pair) -> pair[0]).thenComparing((pair) -> pair[1]))
			.map((pair) -> pair[0] + "=" + pair[1])
			.collect(Collectors.joining("&"));
		String base = SignatureBaseString.of("GET", "http://h/", parameters);
		assertThat(PercentEncoding.decode(base.substring("GET&http%3A%2F%2Fh%2F&".length()), false)).isEqualTo(expected);
	}

}
