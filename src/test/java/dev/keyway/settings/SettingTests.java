package dev.keyway.settings;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.keyway.testing.DatabaseIndependent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

@DatabaseIndependent
class SettingTests {

	@ParameterizedTest
	@ValueSource(strings = { "1", "yes", "Yes", "YES", "true", "TRUE", " 1 ", "\tyes\n" })
	void normalizeWhenYesFormThenOne(String submitted) {
		assertThat(Setting.GUEST_ACCESS.normalize(submitted)).isEqualTo("1");
	}

	@ParameterizedTest
	@ValueSource(strings = { "0", "no", "No", "NO", "false", "False", " 0 " })
	void normalizeWhenNoFormThenZero(String submitted) {
		assertThat(Setting.BEARER_ACCESS_TOKENS.normalize(submitted)).isEqualTo("0");
	}

	@ParameterizedTest
	@ValueSource(strings = { "maybe", "2", "y", "on", "" })
	void normalizeWhenYesNoValueIsOtherThenErrorNamingPathLabelAndValue(String submitted) {
		assertThatExceptionOfType(InvalidSettingException.class)
			.isThrownBy(() -> Setting.GUEST_ACCESS.normalize(submitted))
			.withMessage("Setting \"webapi/webapisecurity/allow_insecure\" (Allow Anonymous Guest Access) must be 1 (Yes) "
					+ "or 0 (No); got \"" + submitted + "\".")
			.satisfies((ex) -> {
				assertThat(ex.path()).isEqualTo("webapi/webapisecurity/allow_insecure");
				assertThat(ex.value()).isEqualTo(submitted);
			});
	}

	@Test
	void normalizeWhenYesNoValueIsNullThenErrorWithEmptyValue() {
		assertThatExceptionOfType(InvalidSettingException.class).isThrownBy(() -> Setting.GUEST_ACCESS.normalize(null))
			.withMessageEndingWith("got \"\".");
	}

	@Test
	void normalizeWhenNumberInRangeThenCanonicalText() {
		assertThat(Setting.CONSUMER_EXPIRATION.normalize("300")).isEqualTo("300");
		assertThat(Setting.CONSUMER_EXPIRATION.normalize(" 42 ")).isEqualTo("42");
		assertThat(Setting.CONSUMER_EXPIRATION.normalize("007")).isEqualTo("7");
		assertThat(Setting.CONSUMER_EXPIRATION.normalize("+5")).isEqualTo("5");
	}

	@Test
	void normalizeWhenNumberAtBoundsThenAccepted() {
		assertThat(Setting.MAX_LOGIN_FAILURES.normalize("0")).isEqualTo("0");
		assertThat(Setting.MAX_LOGIN_FAILURES.normalize("1000")).isEqualTo("1000");
		assertThat(Setting.POST_MAX_REDIRECTS.normalize("0")).isEqualTo("0");
		assertThat(Setting.POST_MAX_REDIRECTS.normalize("20")).isEqualTo("20");
		assertThat(Setting.POST_TIMEOUT.normalize("1")).isEqualTo("1");
		assertThat(Setting.ADMIN_SESSION_LIFETIME.normalize("60")).isEqualTo("60");
	}

	@Test
	void normalizeWhenNegativeNumberThenErrorNamingPathLabelAndValue() {
		assertThatExceptionOfType(InvalidSettingException.class)
			.isThrownBy(() -> Setting.MAX_LOGIN_FAILURES.normalize("-1"))
			.withMessage("Setting \"oauth/authentication_lock/max_failures_count\" (Maximum Login Failures to Lockout "
					+ "Account) must be a whole number from 0 to 1000; got \"-1\".")
			.satisfies((ex) -> {
				assertThat(ex.path()).isEqualTo("oauth/authentication_lock/max_failures_count");
				assertThat(ex.value()).isEqualTo("-1");
			});
		assertThatExceptionOfType(InvalidSettingException.class)
			.isThrownBy(() -> Setting.LOCKOUT_TIME.normalize("-1800"))
			.withMessage("Setting \"oauth/authentication_lock/timeout\" (Lockout Time (seconds)) must be a whole number "
					+ "from 1 to 31536000; got \"-1800\".");
	}

	@Test
	void normalizeWhenNumberOutOfRangeThenError() {
		assertThatExceptionOfType(InvalidSettingException.class)
			.isThrownBy(() -> Setting.POST_MAX_REDIRECTS.normalize("21"))
			.withMessage("Setting \"oauth/consumer/post_maxredirects\" (OAuth consumer credentials HTTP Post "
					+ "maxredirects) must be a whole number from 0 to 20; got \"21\".");
		assertThatExceptionOfType(InvalidSettingException.class).isThrownBy(() -> Setting.POST_TIMEOUT.normalize("0"))
			.withMessageContaining("must be a whole number from 1 to 300; got \"0\".");
		assertThatExceptionOfType(InvalidSettingException.class)
			.isThrownBy(() -> Setting.ADMIN_SESSION_LIFETIME.normalize("59"))
			.withMessageContaining("from 60 to 31536000; got \"59\".");
	}

	@ParameterizedTest
	@ValueSource(strings = { "abc", "1.5", "1e3", "", "99999999999999999999", "0x10", "5 s" })
	void normalizeWhenNotAWholeNumberThenErrorShowingTheValue(String submitted) {
		assertThatExceptionOfType(InvalidSettingException.class)
			.isThrownBy(() -> Setting.CONSUMER_EXPIRATION.normalize(submitted))
			.withMessage("Setting \"oauth/consumer/expiration_period\" (Expiration Period) must be a whole number from 1 "
					+ "to 31536000; got \"" + submitted + "\".");
	}

	@Test
	void byPathWhenKnownThenSettingElseEmpty() {
		assertThat(Setting.byPath("oauth/authentication_lock/max_failures_count")).contains(Setting.MAX_LOGIN_FAILURES);
		assertThat(Setting.byPath("webapi/webapisecurity/allow_insecure")).contains(Setting.GUEST_ACCESS);
		assertThat(Setting.byPath("oauth/unknown")).isEmpty();
	}

	@Test
	void valuesWhenListedThenSpecSettingsWithMagentoPaths() {
		assertThat(Setting.values()).extracting(Setting::path)
			.contains("webapi/webapisecurity/allow_insecure", "oauth/consumer/expiration_period",
					"oauth/consumer/post_maxredirects", "oauth/consumer/post_timeout",
					"oauth/consumer/enable_integration_as_bearer", "oauth/cleanup/cleanup_probability",
					"oauth/cleanup/expiration_period", "oauth/access_token_lifetime/admin",
					"oauth/authentication_lock/max_failures_count", "oauth/authentication_lock/timeout")
			.doesNotHaveDuplicates();
		assertThat(Setting.GUEST_ACCESS.comment()).isEqualTo("This feature applies only to CMS, Catalog and Store APIs. "
				+ "Please consult your developers for details on potential security risks.");
		assertThat(Setting.GUEST_ACCESS.group().page()).isEqualTo("webapi");
		assertThat(Setting.MAX_LOGIN_FAILURES.group().title()).isEqualTo("Authentication Locks");
	}

}
