package dev.keyway.account;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import dev.keyway.oauth.EchoedValue;
import dev.keyway.oauth.TokenGenerator;
import dev.keyway.oauth.TokenHasher;
import dev.keyway.settings.RuntimeSettings;
import dev.keyway.settings.Setting;

import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Admin sign-in with lock-out (SPEC 3), the "Your Password" re-check, and admin tokens for the Web
 * API (SPEC 5.2). Attempts count toward "Maximum Login Failures" before the password is checked; the
 * attempt that reaches it locks the account for "Lockout Time" (unless its password is right). Sign-ins
 * from one source address are limited ({@link SignInThrottle}).
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

	private final SignInThrottle throttle;

	private final LongAdder passwordChecks = new LongAdder();

	private final LongAdder throttled = new LongAdder();

	AdminAccounts(AdminUserStore users, AdminTokenStore tokens, PasswordEncoder passwords, TokenGenerator generator,
			TokenHasher hasher, RuntimeSettings settings, Clock clock, SignInThrottle throttle) {
		this.throttle = throttle;
		this.users = users;
		this.tokens = tokens;
		this.passwords = passwords;
		this.generator = generator;
		this.hasher = hasher;
		this.settings = settings;
		this.clock = clock;
	}

	/**
	 * Checks a user name and password for a caller at {@code source} (its address as the servlet sees
	 * it, through trusted proxies only). In this order: the source's sign-in limit
	 * ({@link SignInThrottle}; over it, nothing is checked), the account's lock-out (the attempt is
	 * counted before its password is checked, {@link AdminUserStore#countAttempt}), then the password.
	 * An unknown user name costs a password check like a known one, within the source's limit.
	 * Deliberately not one transaction: the count must be committed before the slow password check.
	 * @throws SignInFailedException when they do not match, the account is locked, or the source made
	 * too many attempts
	 */
	public AdminUser signIn(String username, String password, String source) {
		if (!this.throttle.tryAcquire(source)) {
			this.throttled.increment();
			throw new SignInFailedException(SignInFailedException.Reason.THROTTLED);
		}
		Optional<AdminUserStore.Row> found = plausibleUsername(username) ? this.users.findByUsername(username)
				: Optional.empty();
		if (found.isEmpty()) {
			matches((password != null) ? password : "", dummyHash());
			throw new SignInFailedException(SignInFailedException.Reason.WRONG);
		}
		AdminUserStore.Row user = found.get();
		if (countAttempt(user) == null) {
			this.throttle.giveBack(source); // no password was checked
			throw new SignInFailedException(SignInFailedException.Reason.LOCKED);
		}
		if (password == null || !matches(password, user.passwordHash())) {
			throw new SignInFailedException(SignInFailedException.Reason.WRONG);
		}
		this.users.clearFailures(user.id());
		this.throttle.giveBack(source); // a right password costs the source nothing
		return new AdminUser(user.id(), user.username());
	}

	/**
	 * Re-checks a signed-in admin's password; the attempt counts toward the lock-out before the password
	 * is checked, like a sign-in (no per-source limit: the caller is signed in). A wrong password whose
	 * own attempt reached the maximum answers {@link PasswordCheck#LOCKED}, so the admin is signed out
	 * on the attempt that locks the account, not on the next (SPEC 3.2); a lock set meanwhile by another
	 * session's attempt (which a right password may clear at once) is left to the next check.
	 */
	public PasswordCheck checkPassword(long adminUserId, String password) {
		AdminUserStore.Row user = this.users.findById(adminUserId)
			.orElseThrow(() -> new IllegalStateException("No admin user with id " + adminUserId));
		Instant lockIfLast = countAttempt(user);
		if (lockIfLast == null) {
			return PasswordCheck.LOCKED;
		}
		if (password == null || !matches(password, user.passwordHash())) {
			return lockedBy(adminUserId, lockIfLast) ? PasswordCheck.LOCKED : PasswordCheck.WRONG;
		}
		this.users.clearFailures(user.id());
		return PasswordCheck.OK;
	}

	/** Password checks (slow hashes) run by this node since it started; for metrics. */
	public long passwordChecks() {
		return this.passwordChecks.sum();
	}

	/** Sign-in attempts refused by this node because their source address made too many; for metrics. */
	public long throttledSignIns() {
		return this.throttled.sum();
	}

	/** When the account is locked until, if it is locked now. */
	public Optional<Instant> lockedUntil(String username) {
		Instant now = this.clock.instant();
		return this.users.findByUsername(username)
			.filter((user) -> user.lockedAt(now))
			.map(AdminUserStore.Row::lockExpiresAt);
	}

	/**
	 * Issues an admin token (lifetime: "Admin Token Lifetime") after {@link #signIn}.
	 * @throws SignInFailedException when the credentials are wrong, the account is locked, or the source
	 * made too many attempts
	 */
	public String issueToken(String username, String password, String source) {
		AdminUser user = signIn(username, password, source);
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
			throw new IllegalArgumentException("An admin user name must have 1 to 40 characters; got "
					+ EchoedValue.shown(username));
		}
		if (username.chars().anyMatch(Character::isISOControl)) {
			// nobody could type it at the sign-in form (which refuses such names), and it would split a log line
			throw new IllegalArgumentException("An admin user name may not hold control characters (a line break, a tab); "
					+ "got " + EchoedValue.shownOnOneLine(username));
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

	/**
	 * Counts the attempt toward the lock-out: the lock's end this attempt writes if it is the one that
	 * reaches the maximum, or null when the account is locked (check nothing).
	 */
	private Instant countAttempt(AdminUserStore.Row user) {
		Instant now = this.clock.instant();
		if (user.lockedAt(now)) {
			return null;
		}
		int max = this.settings.number(Setting.MAX_LOGIN_FAILURES);
		// to the microsecond, what both databases keep: read back, the lock an attempt wrote is its own
		Instant until = now.plus(this.settings.seconds(Setting.LOCKOUT_TIME)).truncatedTo(ChronoUnit.MICROS);
		return this.users.countAttempt(user.id(), max, now, until) ? until : null;
	}

	/**
	 * Whether the account is now locked by the attempt that would lock it until {@code until}: the lock's
	 * end is that attempt's own.
	 */
	private boolean lockedBy(long adminUserId, Instant until) {
		Instant now = this.clock.instant();
		return this.users.findById(adminUserId)
			.filter((user) -> user.lockedAt(now) && until.equals(user.lockExpiresAt()))
			.isPresent();
	}

	private boolean matches(String password, String hash) {
		this.passwordChecks.increment();
		return this.passwords.matches(password, hash);
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
