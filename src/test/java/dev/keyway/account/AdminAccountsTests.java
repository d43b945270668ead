package dev.keyway.account;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.keyway.audit.Actor;
import dev.keyway.settings.RuntimeSettings;
import dev.keyway.settings.Setting;
import dev.keyway.settings.SettingsService;
import dev.keyway.testing.KeywayIntegrationTest;
import dev.keyway.testing.Parallel;
import dev.keyway.testing.Sources;
import dev.keyway.testing.KeywayTestContextCustomizerFactory;
import dev.keyway.testing.TestClock;
import dev.keyway.testing.RestoreSettings;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

@ExtendWith(RestoreSettings.class)
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

	@Autowired
	SignInLimitProperties limit;

	/** A source address of this test alone, so the per-source sign-in limit of one test never meets another's. */
	private String source;

	@BeforeEach
	void remember() {
		this.source = uniqueSource();
	}

	@AfterEach
	void restore() {
		this.clock.reset();
	}

	@Test
	void createWhenUserNameIsLongThenRefusalShowsItsFirst64CharactersAndLength() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.accounts.create("u".repeat(10_000), "a-long-password"))
			.withMessage("An admin user name must have 1 to 40 characters; got \"" + "u".repeat(64) + "…\" (10000 characters)");
	}

	@Test
	void signInWhenCredentialsRightThenAdminUser() {
		AdminUser created = newAdmin();
		AdminUser signedIn = this.accounts.signIn(created.username(), PASSWORD, this.source);
		assertThat(signedIn).isEqualTo(created);
	}

	@Test
	void signInWhenFirstAdminThenConfiguredCredentialsWork() {
		AdminUser admin = this.accounts.signIn(KeywayTestContextCustomizerFactory.ADMIN_USERNAME,
				KeywayTestContextCustomizerFactory.ADMIN_PASSWORD, this.source);
		assertThat(admin.username()).isEqualTo(KeywayTestContextCustomizerFactory.ADMIN_USERNAME);
	}

	@Test
	void signInWhenPasswordWrongThenMagentoMessageAndNotLocked() {
		AdminUser admin = newAdmin();
		assertThatExceptionOfType(SignInFailedException.class)
			.isThrownBy(() -> this.accounts.signIn(admin.username(), "wrong-password", this.source))
			.withMessage("The account sign-in was incorrect or your account is disabled temporarily. Please wait and try "
					+ "again later.")
			.satisfies((ex) -> assertThat(ex.locked()).isFalse());
	}

	@Test
	void signInWhenUserUnknownOrPasswordMissingThenSameMessage() {
		assertThatExceptionOfType(SignInFailedException.class)
			.isThrownBy(() -> this.accounts.signIn("nobody-" + UUID.randomUUID().toString().substring(0, 8), PASSWORD, this.source))
			.withMessage(SignInFailedException.MESSAGE)
			.satisfies((ex) -> assertThat(ex.locked()).isFalse());
		AdminUser admin = newAdmin();
		assertThatExceptionOfType(SignInFailedException.class).isThrownBy(() -> this.accounts.signIn(admin.username(), null, this.source))
			.withMessage(SignInFailedException.MESSAGE);
		assertThatExceptionOfType(SignInFailedException.class).isThrownBy(() -> this.accounts.signIn(null, PASSWORD, this.source))
			.withMessage(SignInFailedException.MESSAGE);
	}

	@Test
	void signInWhenMaximumFailuresReachedThenLockedEvenWithRightPassword() {
		setting(Setting.MAX_LOGIN_FAILURES, "3");
		AdminUser admin = newAdmin();
		failSignIn(admin, 3);
		assertThat(this.accounts.lockedUntil(admin.username())).isPresent();
		assertThatExceptionOfType(SignInFailedException.class)
			.isThrownBy(() -> this.accounts.signIn(admin.username(), PASSWORD, this.source))
			.withMessage(SignInFailedException.MESSAGE)
			.satisfies((ex) -> assertThat(ex.locked()).isTrue());
	}

	@Test
	void signInWhenFewerFailuresThanMaximumThenRightPasswordWorksAndResetsTheCount() {
		setting(Setting.MAX_LOGIN_FAILURES, "3");
		AdminUser admin = newAdmin();
		failSignIn(admin, 2);
		assertThat(this.accounts.lockedUntil(admin.username())).isEmpty();
		assertThat(this.accounts.signIn(admin.username(), PASSWORD, this.source)).isEqualTo(admin);
		assertThat(failures(admin)).isZero();
		failSignIn(admin, 2);
		assertThat(this.accounts.signIn(admin.username(), PASSWORD, this.source)).as("the count restarted").isEqualTo(admin);
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
			.isThrownBy(() -> this.accounts.signIn(admin.username(), PASSWORD, this.source))
			.satisfies((ex) -> assertThat(ex.locked()).isTrue());
		this.clock.shift(Duration.ofSeconds(15));
		assertThat(this.accounts.lockedUntil(admin.username())).isEmpty();
		assertThat(this.accounts.signIn(admin.username(), PASSWORD, this.source)).isEqualTo(admin);
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
		assertThat(this.accounts.signIn(admin.username(), PASSWORD, this.source)).isEqualTo(admin);
	}

	@Test
	void signInWhenMaximumFailuresIsZeroThenNeverLocked() {
		setting(Setting.MAX_LOGIN_FAILURES, "0");
		AdminUser admin = newAdmin();
		failSignIn(admin, 8);
		assertThat(this.accounts.lockedUntil(admin.username())).isEmpty();
		assertThat(this.accounts.signIn(admin.username(), PASSWORD, this.source)).isEqualTo(admin);
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
	void signInWhen64ParallelWrongPasswordsThenAtMostMaximumFailuresCheckedAndLockedUntilLockoutTimeEnds()
			throws Exception {
		setting(Setting.LOCKOUT_TIME, "60");
		int max = this.settings.number(Setting.MAX_LOGIN_FAILURES);
		AdminUser admin = newAdmin();
		long checksBefore = this.accounts.passwordChecks();
		List<SignInFailedException> refusals = Parallel.run(64,
				(i) -> refusal(() -> this.accounts.signIn(admin.username(), "wrong-password-" + i, uniqueSource())));
		assertThat(refusals).hasSize(64).noneMatch(SignInFailedException::throttled);
		assertThat(this.accounts.passwordChecks() - checksBefore).as("passwords checked").isPositive().isLessThanOrEqualTo(max);
		assertThat(refusals.stream().filter(SignInFailedException::locked)).hasSizeGreaterThanOrEqualTo(64 - max);
		assertThat(this.accounts.lockedUntil(admin.username())).isPresent();
		long checksAfterBurst = this.accounts.passwordChecks();
		assertThatExceptionOfType(SignInFailedException.class)
			.isThrownBy(() -> this.accounts.signIn(admin.username(), PASSWORD, this.source))
			.satisfies((ex) -> assertThat(ex.locked()).isTrue());
		assertThat(this.accounts.passwordChecks()).as("a locked account checks no password").isEqualTo(checksAfterBurst);
		this.clock.shift(Duration.ofSeconds(61));
		assertThat(this.accounts.signIn(admin.username(), PASSWORD, this.source)).isEqualTo(admin);
	}

	@Test
	void checkPasswordWhenParallelWrongPasswordsThenAtMostMaximumFailuresChecked() throws Exception {
		setting(Setting.MAX_LOGIN_FAILURES, "3");
		AdminUser admin = newAdmin();
		long checksBefore = this.accounts.passwordChecks();
		List<PasswordCheck> checks = Parallel.run(32, (i) -> this.accounts.checkPassword(admin.id(), "wrong-" + i));
		assertThat(this.accounts.passwordChecks() - checksBefore).isPositive().isLessThanOrEqualTo(3);
		assertThat(checks).hasSize(32).doesNotContain(PasswordCheck.OK);
		assertThat(this.accounts.checkPassword(admin.id(), PASSWORD)).isEqualTo(PasswordCheck.LOCKED);
	}

	@Test
	void signInWhenRightPasswordReachesMaximumThenSignedInAndUnlocked() {
		setting(Setting.MAX_LOGIN_FAILURES, "3");
		AdminUser admin = newAdmin();
		failSignIn(admin, 2);
		assertThat(this.accounts.signIn(admin.username(), PASSWORD, this.source)).isEqualTo(admin);
		assertThat(this.accounts.lockedUntil(admin.username())).isEmpty();
		assertThat(failures(admin)).isZero();
	}

	@Test
	void signInWhenSourceOverItsLimitThenRefusedWithoutPasswordCheckAndOtherSourcesStillChecked() throws Exception {
		int burst = this.limit.burst();
		int extra = 5;
		long checksBefore = this.accounts.passwordChecks();
		List<SignInFailedException> refusals = Parallel.run(burst + extra,
				(i) -> refusal(() -> this.accounts.signIn(uniqueName(), "wrong-password", this.source)));
		assertThat(refusals.stream().filter(SignInFailedException::throttled)).hasSize(extra);
		assertThat(refusals).allSatisfy((ex) -> assertThat(ex).hasMessage(SignInFailedException.MESSAGE));
		assertThat(this.accounts.passwordChecks() - checksBefore).as("unknown user names are checked within the limit")
			.isEqualTo(burst);
		long checksOverLimit = this.accounts.passwordChecks();
		AdminUser admin = newAdmin();
		assertThatExceptionOfType(SignInFailedException.class)
			.isThrownBy(() -> this.accounts.signIn(admin.username(), PASSWORD, this.source))
			.satisfies((ex) -> assertThat(ex.throttled()).isTrue());
		assertThat(this.accounts.passwordChecks()).isEqualTo(checksOverLimit);
		assertThat(failures(admin)).as("a throttled attempt does not count toward the account's lock-out").isZero();
		assertThat(this.accounts.signIn(admin.username(), PASSWORD, uniqueSource())).isEqualTo(admin);
		assertThatExceptionOfType(SignInFailedException.class)
			.isThrownBy(() -> this.accounts.issueToken(admin.username(), PASSWORD, this.source))
			.satisfies((ex) -> assertThat(ex.throttled()).isTrue());
	}

	@Test
	void signInWhenRightPasswordManyTimesFromOneSourceThenNeverThrottled() {
		AdminUser admin = newAdmin();
		for (int i = 0; i < this.limit.burst() * 2; i++) {
			assertThat(this.accounts.signIn(admin.username(), PASSWORD, this.source)).isEqualTo(admin);
		}
	}

	@Test
	void issueTokenWhenCredentialsRightThenTokenFoundUntilAdminTokenLifetime() {
		AdminUser admin = newAdmin();
		String token = this.accounts.issueToken(admin.username(), PASSWORD, this.source);
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
		String token = this.accounts.issueToken(admin.username(), PASSWORD, this.source);
		this.clock.shift(Duration.ofMinutes(61));
		assertThat(this.accounts.findByToken(token)).isEmpty();
	}

	@Test
	void issueTokenWhenLifetimeChangedThenNewTokensUseIt() {
		setting(Setting.ADMIN_TOKEN_LIFETIME, "2");
		AdminUser admin = newAdmin();
		String token = this.accounts.issueToken(admin.username(), PASSWORD, this.source);
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
		String one = this.accounts.issueToken(admin.username(), PASSWORD, this.source);
		String two = this.accounts.issueToken(admin.username(), PASSWORD, this.source);
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
				.isThrownBy(() -> this.accounts.issueToken(admin.username(), "wrong", this.source))
				.withMessage(SignInFailedException.MESSAGE);
		}
		assertThatExceptionOfType(SignInFailedException.class)
			.isThrownBy(() -> this.accounts.issueToken(admin.username(), PASSWORD, this.source))
			.satisfies((ex) -> assertThat(ex.locked()).isTrue());
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM admin_tokens WHERE admin_user_id = :id")
			.param("id", admin.id())
			.query(Long.class)
			.single()).isZero();
	}

	@Test
	void issueTokenWhenTokenIssuedThenOnlyItsKeyedHashIsStored() {
		AdminUser admin = newAdmin();
		String token = this.accounts.issueToken(admin.username(), PASSWORD, this.source);
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
		assertThat(this.accounts.checkPassword(admin.id(), "wrong")).as("the failure that locks")
			.isEqualTo(PasswordCheck.LOCKED);
		assertThat(this.accounts.checkPassword(admin.id(), PASSWORD)).isEqualTo(PasswordCheck.LOCKED);
		assertThatExceptionOfType(SignInFailedException.class)
			.isThrownBy(() -> this.accounts.signIn(admin.username(), PASSWORD, this.source))
			.satisfies((ex) -> assertThat(ex.locked()).isTrue());
	}

	@Test
	void checkPasswordWhenSignInFailuresBeforeThenTheyAddUp() {
		setting(Setting.MAX_LOGIN_FAILURES, "3");
		AdminUser admin = newAdmin();
		failSignIn(admin, 2);
		assertThat(this.accounts.checkPassword(admin.id(), "wrong")).isEqualTo(PasswordCheck.LOCKED);
		assertThat(this.accounts.lockedUntil(admin.username())).isPresent();
	}

	@Test
	void checkPasswordWhenWrongPasswordReachesMaximumThenLockedAtOnceUntilTheLockoutTimePasses() {
		setting(Setting.MAX_LOGIN_FAILURES, "3");
		setting(Setting.LOCKOUT_TIME, "60");
		AdminUser admin = newAdmin();
		assertThat(this.accounts.checkPassword(admin.id(), "wrong-1")).isEqualTo(PasswordCheck.WRONG);
		assertThat(this.accounts.checkPassword(admin.id(), "wrong-2")).isEqualTo(PasswordCheck.WRONG);
		assertThat(this.accounts.checkPassword(admin.id(), "wrong-3")).isEqualTo(PasswordCheck.LOCKED);
		assertThat(this.accounts.lockedUntil(admin.username())).hasValueSatisfying(
				(until) -> assertThat(until).isCloseTo(this.clock.instant().plusSeconds(60), within(5, ChronoUnit.SECONDS)));
		this.clock.shift(Duration.ofSeconds(61));
		assertThat(this.accounts.checkPassword(admin.id(), PASSWORD)).isEqualTo(PasswordCheck.OK);
	}

	@Test
	void checkPasswordWhenLockOutOffThenWrongPasswordsNeverLock() {
		setting(Setting.MAX_LOGIN_FAILURES, "0");
		AdminUser admin = newAdmin();
		for (int i = 0; i < 5; i++) {
			assertThat(this.accounts.checkPassword(admin.id(), "wrong-" + i)).isEqualTo(PasswordCheck.WRONG);
		}
		assertThat(this.accounts.checkPassword(admin.id(), PASSWORD)).isEqualTo(PasswordCheck.OK);
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
	void createWhenUserNameHoldsALineBreakThenRefusedWithoutIt() {
		// KEYWAY_ADMIN_USERNAME="admin<newline>FAKE LINE": an admin nobody can sign in as, a forged log line
		assertThatIllegalArgumentException().isThrownBy(() -> this.accounts.create("admin\nFAKE LINE", PASSWORD))
			.withMessage("An admin user name may not hold control characters (a line break, a tab); got \"admin?FAKE LINE\"");
		assertThatIllegalArgumentException().isThrownBy(() -> this.accounts.create("admin\u0085FAKE", PASSWORD))
			.withMessageEndingWith("got \"admin?FAKE\"");
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

	private static String uniqueSource() {
		return Sources.unique();
	}

	/** The refusal of a sign-in that must be refused. */
	static SignInFailedException refusal(Runnable signIn) {
		try {
			signIn.run();
		}
		catch (SignInFailedException ex) {
			return ex;
		}
		throw new AssertionError("The sign-in was expected to be refused");
	}

	@Test
	void checkPasswordWhenAnotherSessionLocksDuringTheHashThenWrongNotLocked(@Autowired AdminUserStore users,
			@Autowired AdminTokenStore tokens, @Autowired org.springframework.security.crypto.password.PasswordEncoder encoder,
			@Autowired dev.keyway.oauth.TokenGenerator generator, @Autowired dev.keyway.oauth.TokenHasher hasher,
			@Autowired SignInThrottle throttle) {
		setting(Setting.MAX_LOGIN_FAILURES, "3");
		setting(Setting.LOCKOUT_TIME, "60");
		AdminUser admin = newAdmin();
		// this session's wrong password is being hashed while another session spends the last two attempts
		org.springframework.security.crypto.password.PasswordEncoder racing = new org.springframework.security.crypto.password.PasswordEncoder() {
			@Override
			public String encode(CharSequence raw) {
				return encoder.encode(raw);
			}

			@Override
			public boolean matches(CharSequence raw, String hash) {
				assertThat(AdminAccountsTests.this.accounts.checkPassword(admin.id(), "other-wrong")).isEqualTo(PasswordCheck.WRONG);
				assertThat(AdminAccountsTests.this.accounts.checkPassword(admin.id(), "other-wrong"))
					.as("the other session's attempt that reaches the maximum").isEqualTo(PasswordCheck.LOCKED);
				return encoder.matches(raw, hash);
			}
		};
		AdminAccounts session = new AdminAccounts(users, tokens, racing, generator, hasher, this.settings, this.clock, throttle);

		PasswordCheck check = session.checkPassword(admin.id(), "wrong-password");

		assertThat(check).as("its own attempt did not lock the account").isEqualTo(PasswordCheck.WRONG);
		assertThat(this.accounts.lockedUntil(admin.username())).isPresent();
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
				.isThrownBy(() -> this.accounts.signIn(admin.username(), "wrong-password", this.source));
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
