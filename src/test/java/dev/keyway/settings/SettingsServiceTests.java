package dev.keyway.settings;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.keyway.audit.Actor;
import dev.keyway.audit.AuditEntry;
import dev.keyway.audit.AuditTrail;
import dev.keyway.testing.KeywayIntegrationTest;
import dev.keyway.testing.RestoreSettings;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

@ExtendWith(RestoreSettings.class)
@KeywayIntegrationTest
class SettingsServiceTests {

	private static final Actor ACTOR = Actor.admin(4242, "settings-tester", "192.0.2.7");

	@Autowired
	SettingsService service;

	@Autowired
	RuntimeSettings settings;

	@Autowired
	AuditTrail audit;

	@Autowired
	JdbcClient jdbc;

	@Test
	void allWhenFreshDatabaseThenEverySettingHasAValidValue() {
		assertThat(this.settings.all()).containsOnlyKeys(Setting.values());
		this.settings.all().forEach((setting, value) -> assertThat(setting.normalize(value)).as(setting.path())
			.isEqualTo(value));
	}

	@Test
	void allWhenMigratedThenSpecDefaults() {
		// every test that changes a setting restores it, so the migration's values are still in force
		assertThat(this.settings.value(Setting.GUEST_ACCESS)).isEqualTo("0");
		assertThat(this.settings.value(Setting.CONSUMER_EXPIRATION)).isEqualTo("300");
		assertThat(this.settings.value(Setting.POST_MAX_REDIRECTS)).isEqualTo("0");
		assertThat(this.settings.value(Setting.POST_TIMEOUT)).isEqualTo("5");
		assertThat(this.settings.value(Setting.BEARER_ACCESS_TOKENS)).isEqualTo("0");
		assertThat(this.settings.value(Setting.CLEANUP_PROBABILITY)).isEqualTo("100");
		assertThat(this.settings.value(Setting.CLEANUP_EXPIRATION)).isEqualTo("120");
		assertThat(this.settings.value(Setting.ADMIN_TOKEN_LIFETIME)).isEqualTo("4");
		assertThat(this.settings.value(Setting.MAX_LOGIN_FAILURES)).isEqualTo("6");
		assertThat(this.settings.value(Setting.LOCKOUT_TIME)).isEqualTo("1800");
	}

	@Test
	void updateWhenValidThenRuntimeSettingsSeeTheChangeAtOnce() {
		int before = this.settings.number(Setting.CONSUMER_EXPIRATION);
		String next = Integer.toString(before + 17);
		Map<String, String> changed = this.service.update(Map.of("oauth/consumer/expiration_period", next,
				"webapi/webapisecurity/allow_insecure", "Yes"), ACTOR);
		assertThat(changed).containsEntry("oauth/consumer/expiration_period", next)
			.containsEntry("webapi/webapisecurity/allow_insecure", "1");
		assertThat(this.settings.number(Setting.CONSUMER_EXPIRATION)).isEqualTo(before + 17);
		assertThat(this.settings.seconds(Setting.CONSUMER_EXPIRATION).getSeconds()).isEqualTo(before + 17);
		assertThat(this.settings.enabled(Setting.GUEST_ACCESS)).isTrue();
		assertThat(this.settings.value(Setting.GUEST_ACCESS)).isEqualTo("1");
		assertThat(stored("oauth/consumer/expiration_period")).isEqualTo(next);
	}

	@Test
	void updateWhenOneValueInvalidThenNothingChanges() {
		String guest = this.settings.value(Setting.GUEST_ACCESS);
		String timeout = this.settings.value(Setting.POST_TIMEOUT);
		Map<String, String> submitted = new LinkedHashMap<>();
		submitted.put("webapi/webapisecurity/allow_insecure", "1".equals(guest) ? "0" : "1");
		submitted.put("oauth/consumer/post_timeout", "9");
		submitted.put("oauth/authentication_lock/max_failures_count", "-1");
		assertThatExceptionOfType(InvalidSettingsException.class).isThrownBy(() -> this.service.update(submitted, ACTOR))
			.withMessage("Setting \"oauth/authentication_lock/max_failures_count\" (Maximum Login Failures to Lockout "
					+ "Account) must be a whole number from 0 to 1000; got \"-1\".")
			.satisfies((ex) -> assertThat(ex.errors()).hasSize(1));
		assertThat(this.settings.value(Setting.GUEST_ACCESS)).isEqualTo(guest);
		assertThat(this.settings.value(Setting.POST_TIMEOUT)).isEqualTo(timeout);
		assertThat(stored("webapi/webapisecurity/allow_insecure")).isEqualTo(guest);
		assertThat(stored("oauth/consumer/post_timeout")).isEqualTo(timeout);
	}

	@Test
	void updateWhenSeveralProblemsThenEveryOneListed() {
		Map<String, String> submitted = new LinkedHashMap<>();
		submitted.put("oauth/consumer/post_timeout", "0");
		submitted.put("webapi/webapisecurity/allow_insecure", "perhaps");
		assertThatExceptionOfType(InvalidSettingsException.class).isThrownBy(() -> this.service.update(submitted, ACTOR))
			.satisfies((ex) -> assertThat(ex.errors()).extracting(InvalidSettingException::path)
				.containsExactly("oauth/consumer/post_timeout", "webapi/webapisecurity/allow_insecure"));
	}

	@Test
	void updateWhenPathUnknownThenErrorListingKnownPaths() {
		assertThatExceptionOfType(InvalidSettingsException.class)
			.isThrownBy(() -> this.service.update(Map.of("oauth/no/such", "1"), ACTOR))
			.withMessageStartingWith("Unknown setting \"oauth/no/such\"; known settings: webapi/validation/input_limit_enabled, "
					+ "webapi/validation/complex_array_limit, webapi/validation/maximum_page_size, "
					+ "webapi/validation/default_page_size, webapi/rate_limit/per_second, webapi/rate_limit/per_minute, "
					+ "webapi/rate_limit/burst, webapi/webapisecurity/allow_insecure, oauth/consumer/expiration_period, ")
			.withMessageEndingWith("admin/security/session_lifetime.")
			.satisfies((ex) -> {
				assertThat(ex.errors()).hasSize(1);
				assertThat(ex.errors().get(0).path()).isEqualTo("oauth/no/such");
				assertThat(ex.errors().get(0).value()).isEqualTo("1");
			});
	}

	@Test
	void updateWhenValueChangesThenAuditEntryWithActorAndBeforeAfter() {
		String before = this.settings.value(Setting.CLEANUP_EXPIRATION);
		String next = Integer.toString(Integer.parseInt(before) + 3);
		this.service.update(Map.of("oauth/cleanup/expiration_period", next), ACTOR);
		List<AuditEntry> entries = this.audit.find("setting", "oauth/cleanup/expiration_period", 1, 0);
		assertThat(entries).hasSize(1);
		AuditEntry entry = entries.get(0);
		assertThat(entry.action()).isEqualTo("setting.change");
		assertThat(entry.actorKind()).isEqualTo("admin");
		assertThat(entry.actorId()).isEqualTo(4242L);
		assertThat(entry.actorName()).isEqualTo("settings-tester");
		assertThat(entry.sourceAddress()).isEqualTo("192.0.2.7");
		assertThat(entry.subjectName()).isEqualTo("oauth/cleanup/expiration_period");
		assertThat(entry.before()).isEqualTo("{\"value\":\"" + before + "\"}");
		assertThat(entry.after()).isEqualTo("{\"value\":\"" + next + "\"}");
		assertThat(entry.occurredAt()).isNotNull();
	}

	@Test
	void updateWhenValueUnchangedThenNothingReportedOrAudited() {
		String current = this.settings.value(Setting.CLEANUP_PROBABILITY);
		long entries = auditRows("oauth/cleanup/cleanup_probability");
		Map<String, String> changed = this.service.update(Map.of("oauth/cleanup/cleanup_probability", " " + current),
				ACTOR);
		assertThat(changed).isEmpty();
		assertThat(auditRows("oauth/cleanup/cleanup_probability")).isEqualTo(entries);
	}

	@Test
	void reloadWhenRowChangedBehindTheSnapshotThenPickedUp() {
		int current = this.settings.number(Setting.LOCKOUT_TIME);
		this.jdbc.sql("UPDATE runtime_settings SET setting_value = :v WHERE path = 'oauth/authentication_lock/timeout'")
			.param("v", Integer.toString(current + 1))
			.update();
		this.settings.reload();
		assertThat(this.settings.number(Setting.LOCKOUT_TIME)).isEqualTo(current + 1);
	}

	private String stored(String path) {
		return this.jdbc.sql("SELECT setting_value FROM runtime_settings WHERE path = :path")
			.param("path", path)
			.query(String.class)
			.single();
	}

	private long auditRows(String path) {
		return this.jdbc.sql("SELECT COUNT(*) FROM audit_log WHERE subject_type = 'setting' AND subject_id = :path")
			.param("path", path)
			.query(Long.class)
			.single();
	}

}
