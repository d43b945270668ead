package dev.keyway;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNoException;

class EarlySettingsCheckTests {

	@Test
	void postProcessWhenIntervalIsZeroThenRefusedWithTheSettingAndTheValue() {
		// Spring would refuse it only when scheduling the job, after the node serves, with a bare exception
		assertThatIllegalStateException()
			.isThrownBy(() -> postProcess(Map.of("keyway.webhooks.retention-interval", "0")))
			.withMessage("keyway.webhooks.retention-interval must be a positive duration such as PT1M or 1m; got \"0\"");
	}

	@Test
	void postProcessWhenIntervalIsNegativeOrAWordThenRefused() {
		assertThatIllegalStateException().isThrownBy(() -> postProcess(Map.of("keyway.oauth.cleanup-interval", "-5s")))
			.withMessageStartingWith("keyway.oauth.cleanup-interval must be a positive duration");
		assertThatIllegalStateException()
			.isThrownBy(() -> postProcess(Map.of("keyway.account.token-cleanup-interval", "abc")))
			.withMessageEndingWith("got \"abc\"");
		assertThatIllegalStateException()
			.isThrownBy(() -> postProcess(Map.of("keyway.settings.refresh-interval", "PT0S")))
			.withMessageEndingWith("got \"PT0S\"");
	}

	@Test
	void postProcessWhenIntervalsAreInTheSchedulersFormatsThenAccepted() {
		assertThatNoException().isThrownBy(() -> postProcess(Map.of("keyway.oauth.cleanup-interval", "PT1M",
				"keyway.webhooks.retention-interval", "2h", "keyway.settings.refresh-interval", "5000",
				"keyway.webhooks.expiry-scan-interval", "10m")));
	}

	@Test
	void postProcessWhenValueIsLongThenShownCutShort() {
		assertThatIllegalStateException()
			.isThrownBy(() -> postProcess(Map.of("keyway.webhooks.expiry-scan-interval", "x".repeat(10_000))))
			.withMessageEndingWith("x…\" (10000 characters)")
			.satisfies((ex) -> org.assertj.core.api.Assertions.assertThat(ex.getMessage()).hasSizeLessThan(200));
		assertThatIllegalStateException()
			.isThrownBy(() -> postProcess(Map.of("keyway.webhooks.expiry-scan-interval", "1m\u0085FAKE")))
			.withMessageEndingWith("got \"1m?FAKE\"");
	}

	@Test
	void postProcessWhenUploadLimitIsMinusOneOrNotASizeThenRefusedOnEveryNode() {
		// Spring's multipart reads -1 as no limit: keyway.migration.max-upload-size=-1 let any upload through
		assertThatIllegalStateException()
			.isThrownBy(() -> postProcess(Map.of("keyway.migration.max-upload-size", "-1")))
			.withMessage("keyway.migration.max-upload-size must be a size of at least 1B, such as 256MB; got \"-1\"");
		assertThatIllegalStateException()
			.isThrownBy(() -> postProcess(Map.of("keyway.migration.max-upload-size", "abc")))
			.withMessageEndingWith("got \"abc\"");
		assertThatNoException().isThrownBy(() -> postProcess(Map.of("keyway.migration.max-upload-size", "256MB")));
	}

	@Test
	void postProcessWhenAProxyPatternIsNotARegularExpressionThenRefusedWithWhere() {
		assertThatIllegalStateException()
			.isThrownBy(() -> postProcess(Map.of("server.tomcat.remoteip.internal-proxies", "[abc")))
			.withMessage("server.tomcat.remoteip.internal-proxies must be a Java regular expression of proxy addresses, "
					+ "such as 10\\.0\\.0\\.5|10\\.0\\.0\\.6 (docs/DEPLOYMENT.md); got \"[abc\": "
					+ "Unclosed character class at index 3");
		assertThatNoException().isThrownBy(() -> postProcess(Map.of("server.tomcat.remoteip.trusted-proxies",
				"10\\.0\\.0\\.5|192\\.168\\.\\d{1,3}\\.\\d{1,3}")));
	}

	private static void postProcess(Map<String, Object> properties) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
		new EarlySettingsCheck().postProcessEnvironment(environment, new SpringApplication());
	}

}
