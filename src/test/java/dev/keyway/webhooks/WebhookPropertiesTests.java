package dev.keyway.webhooks;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.keyway.testing.DatabaseIndependent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DatabaseIndependent
class WebhookPropertiesTests {

	static WebhookProperties of(String url, String secret, Duration timeout, Duration lease) {
		return new WebhookProperties(url, secret, List.of(), 7, Duration.ofSeconds(2), Duration.ofMinutes(5), timeout,
				lease, Duration.ofMinutes(2), Duration.ofHours(6), 10, Duration.ofDays(30));
	}

	@Test
	void newWhenSecretShortThenRefusedWithoutShowingIt() {
		assertThatThrownBy(() -> of("https://ops.example.com/hook", "short-secret-value", Duration.ofSeconds(10),
				Duration.ofMinutes(1)))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("keyway.webhooks.secret")
			.hasMessageContaining("at least 32")
			.hasMessageNotContaining("short-secret-value");
	}

	@Test
	void newWhenUrlNotHttpThenRefusedShowingItWithoutUserInfo() {
		assertThatThrownBy(() -> of("ftp://user:pass@ops.example.com/hook?token=t", "x".repeat(32),
				Duration.ofSeconds(10), Duration.ofMinutes(1)))
			.hasMessageContaining("ftp://ops.example.com/hook")
			.hasMessageNotContaining("pass")
			.hasMessageNotContaining("token=t");
	}

	@Test
	void newWhenLeaseNotLongerThanTimeoutThenRefused() {
		assertThatThrownBy(() -> of("https://ops.example.com/hook", "x".repeat(32), Duration.ofSeconds(10),
				Duration.ofSeconds(10)))
			.hasMessageContaining("keyway.webhooks.lease");
	}

	@Test
	void shownTargetWhenUrlHasUserInfoPathAndQueryThenOnlySchemeHostPort() {
		WebhookProperties properties = of("https://user:pw@ops.example.com:8443/hook?token=t", "x".repeat(32),
				Duration.ofSeconds(10), Duration.ofMinutes(1));

		assertThat(properties.shownTarget()).isEqualTo("https://ops.example.com:8443");
		assertThat(of(null, null, Duration.ofSeconds(10), Duration.ofMinutes(1)).enabled()).isFalse();
	}

}
