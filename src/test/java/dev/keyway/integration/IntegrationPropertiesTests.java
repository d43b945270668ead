package dev.keyway.integration;

import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.keyway.testing.DatabaseIndependent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

@DatabaseIndependent
class IntegrationPropertiesTests {

	@Test
	void baseUrlWhenNotSetThenLocalhostWithSlash() {
		assertThat(new IntegrationProperties(null, null, null).baseUrl()).isEqualTo("http://localhost:8080/");
	}

	@Test
	void baseUrlWhenNoTrailingSlashThenOneAdded() {
		assertThat(new IntegrationProperties(URI.create("https://shop.example.com"), null, null).baseUrl())
			.isEqualTo("https://shop.example.com/");
		assertThat(new IntegrationProperties(URI.create("https://shop.example.com/store"), null, null).baseUrl())
			.isEqualTo("https://shop.example.com/store/");
		assertThat(new IntegrationProperties(URI.create("https://shop.example.com/"), null, null).baseUrl())
			.isEqualTo("https://shop.example.com/");
	}

	@Test
	void constructorWhenNotAnAbsoluteHttpUrlThenClearError() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new IntegrationProperties(URI.create("ftp://shop.example.com/"), null, null))
			.withMessage("keyway.public-base-url must be an absolute http(s) URL such as https://shop.example.com/; "
					+ "got \"ftp://shop.example.com/\"");
		assertThatIllegalArgumentException().isThrownBy(() -> new IntegrationProperties(URI.create("/relative"), null, null))
			.withMessageEndingWith("got \"/relative\"");
	}

	@Test
	void constructorWhenUrlIsLongThenErrorShowsItsFirst64CharactersAndLength() {
		String url = "ftp://shop.example.com/" + "p".repeat(10_000);
		assertThatIllegalArgumentException().isThrownBy(() -> new IntegrationProperties(URI.create(url), null, null))
			.withMessage("keyway.public-base-url must be an absolute http(s) URL such as https://shop.example.com/; "
					+ "got \"" + url.substring(0, 64) + "…\" (10023 characters)");
	}

	@Test
	void constructorWhenUrlHasUserInfoThenErrorDoesNotShowIt() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new IntegrationProperties(URI.create("ftp://admin:s3cret@shop.example.com/"), null, null))
			.withMessageEndingWith("got \"ftp://(user info)@shop.example.com/\"")
			.withMessageNotContaining("s3cret");
	}

	@Test
	void constructorWhenPasswordHoldsAnAtSignThenErrorShowsNoPartOfIt() {
		// the raw '@' leaves the URI without a host, so it is refused
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new IntegrationProperties(URI.create("https://admin:p@ss-w0rd@shop.example.com/"), null, null))
			.withMessageEndingWith("got \"https://(user info)@shop.example.com/\"")
			.withMessageNotContaining("ss-w0rd");
	}

	@Test
	void integrationsFileLockTimeoutWhenNotSetThenAMinute() {
		assertThat(new IntegrationProperties(null, null, null).integrationsFileLockTimeout()).isEqualTo(Duration.ofMinutes(1));
	}

	@Test
	void constructorWhenIntegrationsFileLockTimeoutOutOfRangeThenErrorNamesTheRuleAndTheValue() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new IntegrationProperties(null, null, Duration.ofMillis(10)))
			.withMessage("keyway.integrations-file-lock-timeout must be from 100ms to 1h; got PT0.01S");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new IntegrationProperties(null, null, Duration.ofHours(2)))
			.withMessage("keyway.integrations-file-lock-timeout must be from 100ms to 1h; got PT2H");
	}

}
