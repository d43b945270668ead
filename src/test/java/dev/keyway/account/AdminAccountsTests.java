package dev.keyway.account;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.keyway.audit.Actor;
import dev.keyway.settings.RuntimeSettings;
import dev.keyway.settings.Setting;
import dev.keyway.settings.SettingsService;
import dev.keyway.testing.KeywayIntegrationTest;
import dev.keyway.testing.KeywayTestContextCustomizerFactory;
import dev.keyway.testing.SettingsSnapshot;
import dev.keyway.testing.TestClock;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

@KeywayIntegrationTest
class AdminAccountsTests {

	private static final String PASSWORD = "right-password-1";

	private static final Actor ACTOR = Actor.system("AdminAccountsTests");

	@Autowired
	AdminAccounts accounts;

	@Autowired
	SettingsService settingsService;

	@Autowired
	RuntimeSettings settings;

	@Autowired
	TestClock clock;

	@Autowired
	JdbcClient jdbc;

	private SettingsSnapshot original;

	@BeforeEach
	void remember() {
		this.original = SettingsSnapshot.of(this.settings);
	}

	@AfterEach
	void restore() {
		this.clock.reset();
		this.original.restore(this.settingsService, ACTOR);
	}

	@Test
	void signInWhenCredentialsRightThenAdminUser() {
		AdminUser created = newAdmin();
		AdminUser signedIn = this.accounts.signIn(created.username(), PASSWORD);
		assertThat(signedIn).isEqualTo(created);
	}

	@Test
	void signInWhenFirstAdminThenConfiguredCredentialsWork() {
		AdminUser admin = this.accounts.signIn(KeywayTestContextCustomizerFactory.ADMIN_USERNAME,
				KeywayTestContextCustomizerFactory.ADMIN_PASSWORD);
		assertThat(admin.username()).isEqualTo(KeywayTestContextCustomizerFactory.ADMIN_USERNAME);
	}

	@Test
	void signInWhenPasswordWrongThenMagentoMessageAndNotLocked() {
		AdminUser admin = newAdmin();
		assertThatExceptionOfType(SignInFailedException.class)
			.isThrownBy(() -> this.accounts.signIn(admin.username(), "wrong-password"))
			.withMessage("The account sign-in was incorrect or your account is disabled temporarily. Please wait and try "
					+ "again later.")
			.satisfies((ex) -> assertThat(ex.locked()).isFalse());
	}

	@Test
	void signInWhenUserUnknownOrPasswordMissingThenSameMessage() {
		assertThatExceptionOfType(SignInFailedException.class)
			.isThrownBy(() -> this.accounts.signIn("nobody-" + UUID.randomUUID().toString().substring(0, 8), PASSWORD))
			.withMessage(SignInFailedException.MESSAGE)
			.satisfies((ex) -> assertThat(ex.locked()).isFalse());
		AdminUser admin = newAdmin();
		assertThatExceptionOfType(SignInFailedException.class).isThrownBy(() -> this.accounts.signIn(admin.username(), null))
			.withMessage(SignInFailedException.MESSAGE);
		assertThatExceptionOfType(SignInFailedException.class).isThrownBy(() -> this.accounts.signIn(null, PASSWORD))
			.withMessage(SignInFailedException.MESSAGE);
	}

	@Test
	void signInWhenMaximumFailuresReachedThenLockedEvenWithRightPassword() {
		setting(Setting.MAX_LOGIN_FAILURES, "3");
		AdminUser admin = newAdmin();
		failSignIn(admin, 3);
		assertThat(this.accounts.lockedUntil(admin.username())).isPresent();
		assertThatExceptionOfType(SignInFailedException.class)
			.isThrownBy(() -> this.accounts.signIn(admin.username(), PASSWORD))
			.withMessage(SignInFailedException.MESSAGE)
			.satisfies((ex) -> assertThat(ex.locked()).isTrue());
	}

	@Test
	void signInWhenFewerFailuresThanMaximumThenRightPasswordWorksAndResetsTheCount() {
		setting(Setting.MAX_LOGIN_FAILURES, "3");
		AdminUser admin = newAdmin();
		failSignIn(admin, 2);
		assertThat(this.accounts.lockedUntil(admin.username())).isEmpty();
		assertThat(this.accounts.signIn(admin.username(), PASSWORD)).isEqualTo(admin);
		assertThat(failures(admin)).isZero();
		failSignIn(admin, 2);
		assertThat(this.accounts.signIn(admin.username(), PASSWORD)).as("the count restarted").isEqualTo(admin);
	}

	@Test
	void signInWhenLockedThenLockedUntilIsNowPlusLockoutTime() {
		setting(Setting.MAX_LOGIN_FAILURES, "2");
		setting(Setting.LOCKOUT_TIME, "120");
		AdminUser admin = newAdmin();
		failSignIn(admin, 2);
		Instant until = this.accounts.lockedUntil(admin.username()).orElseThrow();
		assertThat(until).isCloseTo(this.clock.instant().plusSeconds(120), within(5, ChronoUnit.SECONDS));
	}

	@Test
	void signInWhenLockoutTimeHasPassedThenUnlocked() {
		setting(Setting.MAX_LOGIN_FAILURES, "2");
		setting(Setting.LOCKOUT_TIME, "60");
		AdminUser admin = newAdmin();
		failSignIn(admin, 2);
		this.clock.shift(Duration.ofSeconds(50));
		assertThatExceptionOfType(SignInFailedException.class)
			.isThrownBy(() -> this.accounts.signIn(admin.username(), PASSWORD))
			.satisfies((ex) -> assertThat(ex.locked()).isTrue());
		this.clock.shift(Duration.ofSeconds(15));
		assertThat(this.accounts.lockedUntil(admin.username())).isEmpty();
		assertThat(this.accounts.signIn(admin.username(), PASSWORD)).isEqualTo(admin);
	}

	@Test
	void signInWhenDefaultSettingsThenLockedAfterSixFailuresForThirtyMinutes() {
		AdminUser admin = newAdmin();
		failSignIn(admin, 5);
		assertThat(this.accounts.lockedUntil(admin.username())).isEmpty();
		failSignIn(admin, 1);
		assertThat(this.accounts.lockedUntil(admin.username())).isPresent();
		this.clock.shift(Duration.ofSeconds(1790));
		assertThat(this.accounts.lockedUntil(admin.username())).isPresent();
		this.clock.shift(Duration.ofSeconds(20));
		assertThat(this.accounts.signIn(admin.username(), PASSWORD)).isEqualTo(admin);
	}

	@Test
	void signInWhenMaximumFailuresIsZeroThenNeverLocked() {
		setting(Setting.MAX_LOGIN_FAILURES, "0");
		AdminUser admin = newAdmin();
		failSignIn(admin, 8);
		assertThat(this.accounts.lockedUntil(admin.username())).isEmpty();
		assertThat(this.accounts.signIn(admin.username(), PASSWORD)).isEqualTo(admin);
	}

	@Test
	void signInWhenLockedThenFurtherAttemptsDoNotExtendTheLock() {
		setting(Setting.MAX_LOGIN_FAILURES, "2");
		AdminUser admin = newAdmin();
		failSignIn(admin, 2);
		Instant until = this.accounts.lockedUntil(admin.username()).orElseThrow();
		this.clock.shift(Duration.ofSeconds(30));
		failSignIn(admin, 3);
		assertThat(this.accounts.lockedUntil(admin.username())).contains(until);
	}

	@Test
	void issueTokenWhenCredentialsRightThenTokenFoundUntilAdminTokenLifetime() {
		AdminUser admin = newAdmin();
		String token = this.accounts.issueToken(admin.username(), PASSWORD);
		assertThat(token).matches("[0-9a-z]{32}");
		assertThat(this.accounts.findByToken(token)).contains(admin);
		this.clock.shift(Duration.ofHours(4).minusSeconds(30));
		assertThat(this.accounts.findByToken(token)).contains(admin);
		this.clock.shift(Duration.ofSeconds(31));
		assertThat(this.accounts.findByToken(token)).isEmpty();
	}

	@Test
	void findByTokenWhenExpiredBeforeFirstUseThenEmpty() {
		setting(Setting.ADMIN_TOKEN_LIFETIME, "1");
		AdminUser admin = newAdmin();
		String token = this.accounts.issueToken(admin.username(), PASSWORD);
		this.clock.shift(Duration.ofMinutes(61));
		assertThat(this.accounts.findByToken(token)).isEmpty();
	}

	@Test
	void issueTokenWhenLifetimeChangedThenNewTokensUseIt() {
		setting(Setting.ADMIN_TOKEN_LIFETIME, "2");
		AdminUser admin = newAdmin();
		String token = this.accounts.issueToken(admin.username(), PASSWORD);
		Instant expires = this.jdbc.sql("SELECT expires_at FROM admin_tokens ORDER BY id DESC FETCH FIRST 1 ROWS ONLY")
			.query(java.sql.Timestamp.class)
			.single()
			.toInstant();
		assertThat(expires).isCloseTo(this.clock.instant().plus(Duration.ofHours(2)), within(5, ChronoUnit.SECONDS));
		this.clock.shift(Duration.ofHours(2).plusSeconds(1));
		assertThat(this.accounts.findByToken(token)).isEmpty();
	}

	@Test
	void findByTokenWhenUnknownOrEmptyThenEmpty() {
		assertThat(this.accounts.findByToken("0123456789abcdefghijklmnopqrstuv")).isEmpty();
		assertThat(this.accounts.findByToken("")).isEmpty();
	}

	@Test
	void issueTokenWhenCalledTwiceThenTwoWorkingTokens() {
		AdminUser admin = newAdmin();
		String one = this.accounts.issueToken(admin.username(), PASSWORD);
		String two = this.accounts.issueToken(admin.username(), PASSWORD);
		assertThat(one).isNotEqualTo(two);
		assertThat(this.accounts.findByToken(one)).contains(admin);
		assertThat(this.accounts.findByToken(two)).contains(admin);
	}

	@Test
	void issueTokenWhenPasswordWrongThenFailureCountsTowardLockOut() {
		setting(Setting.MAX_LOGIN_FAILURES, "2");
		AdminUser admin = newAdmin();
		for (int i = 0; i < 2; i++) {
			assertThatExceptionOfType(SignInFailedException.class)
				.isThrownBy(() -> this.accounts.issueToken(admin.username(), "wrong"))
				.withMessage(SignInFailedException.MESSAGE);
		}
		assertThatExceptionOfType(SignInFailedException.class)
			.isThrownBy(() -> this.accounts.issueToken(admin.username(), PASSWORD))
			.satisfies((ex) -> assertThat(ex.locked()).isTrue());
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM admin_tokens WHERE admin_user_id = :id")
			.param("id", admin.id())
			.query(Long.class)
			.single()).isZero();
	}

	@Test
	void issueTokenWhenTokenIssuedThenOnlyItsKeyedHashIsStored() {
		AdminUser admin = newAdmin();
		String token = this.accounts.issueToken(admin.username(), PASSWORD);
		String hash = this.jdbc.sql("SELECT token_hash FROM admin_tokens WHERE admin_user_id = :id")
			.param("id", admin.id())
			.query(String.class)
			.single();
		assertThat(hash).matches("[0-9a-f]{8}:[0-9a-f]{64}").doesNotContain(token);
	}

	@Test
	void checkPasswordWhenRightThenOkAndWhenWrongThenCountsTowardLockOut() {
		setting(Setting.MAX_LOGIN_FAILURES, "3");
		AdminUser admin = newAdmin();
		assertThat(this.accounts.checkPassword(admin.id(), PASSWORD)).isEqualTo(PasswordCheck.OK);
		assertThat(this.accounts.checkPassword(admin.id(), "wrong")).isEqualTo(PasswordCheck.WRONG);
		assertThat(failures(admin)).isEqualTo(1);
		assertThat(this.accounts.checkPassword(admin.id(), null)).isEqualTo(PasswordCheck.WRONG);
		assertThat(this.accounts.checkPassword(admin.id(), "wrong")).isEqualTo(PasswordCheck.WRONG);
		assertThat(this.accounts.checkPassword(admin.id(), PASSWORD)).isEqualTo(PasswordCheck.LOCKED);
		assertThatExceptionOfType(SignInFailedException.class)
			.isThrownBy(() -> this.accounts.signIn(admin.username(), PASSWORD))
			.satisfies((ex) -> assertThat(ex.locked()).isTrue());
	}

	@Test
	void checkPasswordWhenSignInFailuresBeforeThenTheyAddUp() {
		setting(Setting.MAX_LOGIN_FAILURES, "3");
		AdminUser admin = newAdmin();
		failSignIn(admin, 2);
		assertThat(this.accounts.checkPassword(admin.id(), "wrong")).isEqualTo(PasswordCheck.WRONG);
		assertThat(this.accounts.lockedUntil(admin.username())).isPresent();
	}

	@Test
	void checkPasswordWhenRightAfterFailuresThenCountReset() {
		setting(Setting.MAX_LOGIN_FAILURES, "3");
		AdminUser admin = newAdmin();
		failSignIn(admin, 2);
		assertThat(this.accounts.checkPassword(admin.id(), PASSWORD)).isEqualTo(PasswordCheck.OK);
		assertThat(failures(admin)).isZero();
	}

	@Test
	void createWhenPasswordTooShortThenClearError() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.accounts.create(uniqueName(), "short"))
			.withMessage("An admin password must have at least 8 characters; got 5");
	}

	@Test
	void createWhenUserNameBlankOrTooLongThenClearError() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.accounts.create(" ", PASSWORD))
			.withMessage("An admin user name must have 1 to 40 characters; got \" \"");
		String longName = "x".repeat(41);
		assertThatIllegalArgumentException().isThrownBy(() -> this.accounts.create(longName, PASSWORD))
			.withMessage("An admin user name must have 1 to 40 characters; got \"" + longName + "\"");
	}

	@Test
	void createWhenCalledThenPasswordStoredAsSlowHash() {
		AdminUser admin = newAdmin();
		String hash = this.jdbc.sql("SELECT password_hash FROM admin_users WHERE id = :id")
			.param("id", admin.id())
			.query(String.class)
			.single();
		assertThat(hash).startsWith("{bcrypt}").doesNotContain(PASSWORD);
	}

	private AdminUser newAdmin() {
		return this.accounts.create(uniqueName(), PASSWORD);
	}

	private static String uniqueName() {
		return "t-" + UUID.randomUUID().toString().substring(0, 12);
	}

	private void failSignIn(AdminUser admin, int times) {
		for (int i = 0; i < times; i++) {
			assertThatExceptionOfType(SignInFailedException.class)
				.isThrownBy(() -> this.accounts.signIn(admin.username(), "wrong-password"));
		}
	}

	private int failures(AdminUser admin) {
		return this.jdbc.sql("SELECT failures_count FROM admin_users WHERE id = :id")
			.param("id", admin.id())
			.query(Integer.class)
			.single();
	}

	private void setting(Setting setting, String value) {
		this.settingsService.update(Map.of(setting.path(), value), ACTOR);
	}

}
