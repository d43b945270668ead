package dev.keyway.account;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import dev.keyway.oauth.TokenGenerator;
import dev.keyway.oauth.TokenHasher;
import dev.keyway.settings.RuntimeSettings;
import dev.keyway.settings.Setting;

import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Admin sign-in with lock-out (SPEC 3), the "Your Password" re-check, and admin tokens for the Web
 * API (SPEC 5.2). Failures count toward "Maximum Login Failures"; the failure that reaches it locks
 * the account for "Lockout Time".
 */
@Service
public class AdminAccounts {

	private final AdminUserStore users;

	private final AdminTokenStore tokens;

	private final PasswordEncoder passwords;

	private final TokenGenerator generator;

	private final TokenHasher hasher;

	private final RuntimeSettings settings;

	private final Clock clock;

	/** The hash of a random password, checked when the user name is unknown so timing reveals nothing. */
	private volatile String dummyHash;

	/** Token value to its owner, so a Bearer call costs no hash and no query; bounded by expiry. */
	private final Cache<String, AdminTokenStore.Live> liveTokens = Caffeine.newBuilder()
		.maximumSize(100_000)
		.expireAfterWrite(Duration.ofMinutes(1))
		.build();

	AdminAccounts(AdminUserStore users, AdminTokenStore tokens, PasswordEncoder passwords, TokenGenerator generator,
			TokenHasher hasher, RuntimeSettings settings, Clock clock) {
		this.users = users;
		this.tokens = tokens;
		this.passwords = passwords;
		this.generator = generator;
		this.hasher = hasher;
		this.settings = settings;
		this.clock = clock;
	}

	/**
	 * Checks a user name and password.
	 * @throws SignInFailedException when they do not match or the account is locked
	 */
	@Transactional(noRollbackFor = SignInFailedException.class)
	public AdminUser signIn(String username, String password) {
		Optional<AdminUserStore.Row> found = plausibleUsername(username) ? this.users.findByUsername(username)
				: Optional.empty();
		if (found.isEmpty()) {
			this.passwords.matches((password != null) ? password : "", dummyHash());
			throw new SignInFailedException(false);
		}
		AdminUserStore.Row user = found.get();
		if (user.lockedAt(this.clock.instant())) {
			throw new SignInFailedException(true);
		}
		if (password == null || !this.passwords.matches(password, user.passwordHash())) {
			countFailure(user.id());
			throw new SignInFailedException(false);
		}
		if (user.failures() > 0 || user.lockExpiresAt() != null) {
			this.users.clearFailures(user.id());
		}
		return new AdminUser(user.id(), user.username());
	}

	/** Re-checks a signed-in admin's password; a wrong one counts toward the lock-out. */
	@Transactional
	public PasswordCheck checkPassword(long adminUserId, String password) {
		AdminUserStore.Row user = this.users.findById(adminUserId)
			.orElseThrow(() -> new IllegalStateException("No admin user with id " + adminUserId));
		if (user.lockedAt(this.clock.instant())) {
			return PasswordCheck.LOCKED;
		}
		if (password == null || !this.passwords.matches(password, user.passwordHash())) {
			countFailure(user.id());
			return PasswordCheck.WRONG;
		}
		if (user.failures() > 0) {
			this.users.clearFailures(user.id());
		}
		return PasswordCheck.OK;
	}

	/** When the account is locked until, if it is locked now. */
	public Optional<Instant> lockedUntil(String username) {
		Instant now = this.clock.instant();
		return this.users.findByUsername(username)
			.filter((user) -> user.lockedAt(now))
			.map(AdminUserStore.Row::lockExpiresAt);
	}

	/**
	 * Issues an admin token (lifetime: "Admin Token Lifetime").
	 * @throws SignInFailedException when the credentials are wrong or the account is locked
	 */
	@Transactional(noRollbackFor = SignInFailedException.class)
	public String issueToken(String username, String password) {
		AdminUser user = signIn(username, password);
		String token = this.generator.next();
		Instant now = this.clock.instant();
		Instant expires = now.plus(Duration.ofHours(this.settings.number(Setting.ADMIN_TOKEN_LIFETIME)));
		this.tokens.insert(user.id(), this.hasher.hash(token), now, expires);
		return token;
	}

	/** The admin an unexpired admin token belongs to. */
	public Optional<AdminUser> findByToken(String token) {
		Instant now = this.clock.instant();
		AdminTokenStore.Live live = this.liveTokens.getIfPresent(token);
		if (live == null) {
			live = this.tokens.findLive(this.hasher.candidates(token), now).orElse(null);
			if (live == null) {
				return Optional.empty();
			}
			this.liveTokens.put(token, live);
		}
		if (!live.expiresAt().isAfter(now)) {
			this.liveTokens.invalidate(token);
			return Optional.empty();
		}
		return Optional.of(new AdminUser(live.adminUserId(), live.username()));
	}

	/** Creates an admin; the password must have at least 8 characters. */
	@Transactional
	public AdminUser create(String username, String password) {
		if (username == null || username.isBlank() || username.length() > 40) {
			throw new IllegalArgumentException("An admin user name must have 1 to 40 characters; got \"" + username + "\"");
		}
		if (password == null || password.length() < 8) {
			throw new IllegalArgumentException("An admin password must have at least 8 characters; got "
					+ ((password == null) ? 0 : password.length()));
		}
		this.users.insert(username, this.passwords.encode(password), this.clock.instant());
		return this.users.findByUsername(username)
			.map((row) -> new AdminUser(row.id(), row.username()))
			.orElseThrow();
	}

	boolean hasNoAdmin() {
		return this.users.isEmpty();
	}

	int deleteExpiredTokens() {
		return this.tokens.deleteExpired(this.clock.instant());
	}

	private void countFailure(long userId) {
		int max = this.settings.number(Setting.MAX_LOGIN_FAILURES);
		Instant until = this.clock.instant().plus(this.settings.seconds(Setting.LOCKOUT_TIME));
		this.users.recordFailure(userId, max, until);
	}

	/** A name that can exist: 1 to 40 characters, no control character (PostgreSQL refuses NUL). */
	private static boolean plausibleUsername(String username) {
		return username != null && !username.isEmpty() && username.length() <= 40
				&& username.chars().noneMatch(Character::isISOControl);
	}

	private String dummyHash() {
		String hash = this.dummyHash;
		if (hash == null) {
			hash = this.passwords.encode(this.generator.next());
			this.dummyHash = hash;
		}
		return hash;
	}

}
