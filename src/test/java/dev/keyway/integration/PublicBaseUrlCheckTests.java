package dev.keyway.integration;

import org.junit.jupiter.api.Test;

import dev.keyway.testing.DatabaseIndependent;

import static org.assertj.core.api.Assertions.assertThat;

@DatabaseIndependent
class PublicBaseUrlCheckTests {

	@Test
	void warningWhenDefaultBaseUrlAndAnotherPortThenNamesBothAndTheSetting() {
		assertThat(PublicBaseUrlCheck.warning("18080", "http://localhost:8080/"))
			.contains("told http://localhost:8080/")
			.contains("listens on port 18080")
			.contains("Set keyway.public-base-url");
	}

	@Test
	void warningWhenDefaultPortRandomPortOrBaseUrlSetThenNone() {
		assertThat(PublicBaseUrlCheck.warning(null, "http://localhost:8080/")).isNull();
		assertThat(PublicBaseUrlCheck.warning("8080", "http://localhost:8080/")).isNull();
		assertThat(PublicBaseUrlCheck.warning("0", "http://localhost:8080/")).isNull();
		assertThat(PublicBaseUrlCheck.warning("18080", "https://shop.example.com/")).isNull();
	}

}
