package dev.keyway.oauth;

import org.junit.jupiter.api.Test;

import dev.keyway.testing.DatabaseIndependent;

import static org.assertj.core.api.Assertions.assertThat;

@DatabaseIndependent
class PercentEncodingTests {

	@Test
	void encodeWhenReservedAndUnreservedThenOnlyUnreservedKept() {
		assertThat(PercentEncoding.encode("Az09-._~ !*'()+=&%/")).isEqualTo("Az09-._~%20%21%2A%27%28%29%2B%3D%26%25%2F");
	}

	@Test
	void encodeWhenNonAsciiThenUtf8BytesEncoded() {
		assertThat(PercentEncoding.encode("é€😀")).isEqualTo("%C3%A9%E2%82%AC%F0%9F%98%80");
	}

	@Test
	void encodeWhenReservedAsciiThenNonAsciiThenBothEncoded() {
		// the char-by-char ASCII part, then the UTF-8 remainder (reserved ASCII after it too)
		assertThat(PercentEncoding.encode("a/b é/€ c😀~")).isEqualTo("a%2Fb%20%C3%A9%2F%E2%82%AC%20c%F0%9F%98%80~");
		assertThat(PercentEncoding.encode("http://h:80/p?q")).isEqualTo("http%3A%2F%2Fh%3A80%2Fp%3Fq");
	}

	@Test
	void decodeWhenNoEscapeThenSameString() {
		String value = "plain-value";
		assertThat(PercentEncoding.decode(value, true)).isSameAs(value);
	}

	@Test
	void decodeWhenEscapesOfEveryKindThenUtf8Decoded() {
		assertThat(PercentEncoding.decode("a%2Bb%3d%C3%A9%E2%82%AC%F0%9F%98%80", false)).isEqualTo("a+b=é€😀");
	}

	@Test
	void decodeWhenPlusThenSpaceOnlyInFormEncoding() {
		assertThat(PercentEncoding.decode("a+b%20c", true)).isEqualTo("a b c");
		assertThat(PercentEncoding.decode("a+b%20c", false)).isEqualTo("a+b c");
	}

	@Test
	void decodeWhenRawNonAsciiBesideEscapesThenKept() {
		assertThat(PercentEncoding.decode("é%20😀x", false)).isEqualTo("é 😀x");
	}

	@Test
	void decodeWhenMalformedEscapesThenKeptAsTheyAre() {
		assertThat(PercentEncoding.decode("100%", false)).isEqualTo("100%");
		assertThat(PercentEncoding.decode("%4", false)).isEqualTo("%4");
		assertThat(PercentEncoding.decode("%zz%41", false)).isEqualTo("%zzA");
	}

	@Test
	void decodeWhenEncodedThenRoundTrips() {
		String value = "sig+/=é€😀 ~*";
		assertThat(PercentEncoding.decode(PercentEncoding.encode(value), false)).isEqualTo(value);
	}

}
