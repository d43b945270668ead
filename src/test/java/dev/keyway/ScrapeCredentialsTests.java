package dev.keyway;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.keyway.testing.DatabaseIndependent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The metrics scrape credential (issue 11.6 item 7) without the application: a plain unit test (issue
 * 13.6), the HTTP side stays in {@link OperationsSecurityTests}.
 */
@DatabaseIndependent
class ScrapeCredentialsTests {

	private static final String TOKEN = "scrape-token-of-at-least-32-characters-0123";

	@Test
	void principalWhenScrapeTokenConfiguredThenAcceptedAndOthersRefused() {
		ScrapeCredentials configured = new ScrapeCredentials(new MetricsProperties(TOKEN), null);
		assertThat(configured.principal(TOKEN)).contains("metrics-scraper");
		assertThat(configured.principal(TOKEN + "x")).isEqualTo(Optional.empty());
		assertThat(configured.principal("")).isEmpty();
		assertThat(configured.principal(null)).isEmpty();
	}

	@Test
	void principalWhenNoScrapeTokenConfiguredThenTheValueIsNotAScrapeToken() {
		ScrapeCredentials unconfigured = new ScrapeCredentials(new MetricsProperties(null), null);
		assertThat(unconfigured.principal(TOKEN)).isEmpty();
	}

	@Test
	void metricsPropertiesWhenTokenTooShortThenRefusedNamingTheRule() {
		assertThatIllegalArgumentException().isThrownBy(() -> new MetricsProperties("short"))
			.withMessage("keyway.metrics.token must have at least 32 characters; got 5");
		assertThat(new MetricsProperties("  ").token()).isNull();
	}

}
