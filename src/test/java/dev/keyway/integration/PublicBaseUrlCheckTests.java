package dev.keyway.integration;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

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

	@Test
	void setByOperatorWhenOnlyThePackagedDefaultHoldsItThenFalseAndWhenGivenThenTrue(@TempDir Path data) {
		// the packaged application.yml always holds the URL: the warning above never fired while the check asked
		// whether the environment contains the property at all
		assertThat(setByOperator(data, "--keyway.data-dir=" + data)).isFalse();
		assertThat(setByOperator(data, "--keyway.data-dir=" + data, "--keyway.public-base-url=http://localhost:8080/"))
			.isTrue();
	}

	private static boolean setByOperator(Path data, String... args) {
		SpringApplication application = new SpringApplication(Empty.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		try (ConfigurableApplicationContext context = application.run(args)) {
			return PublicBaseUrlCheck.setByOperator(context.getEnvironment());
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class Empty {

	}

}
