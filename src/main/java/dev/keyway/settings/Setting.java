package dev.keyway.settings;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The runtime settings (SPEC 2.8): Magento's configuration paths, kept in the database, changed in
 * the admin or through the management API, effective on every node without a restart. Defaults are
 * the rows the schema migration inserts.
 */
public enum Setting {

	INPUT_LIMITS_ENABLED("webapi/validation/input_limit_enabled", Group.WEB_API_INPUT_LIMITS, "Enable Input Limits",
			"Determines if input limits are enabled for Web API calls. When No, searches still return at most "
					+ Setting.MAX_ROWS + " rows and request bodies at most keyway.webapi.max-body-size.",
			Kind.YES_NO, 0, 1),

	INPUT_LIST_LIMIT("webapi/validation/complex_array_limit", Group.WEB_API_INPUT_LIMITS, "Input List Limit",
			"Sets the maximum number of items allowed in a list (array) of a Web API request body. Applies only "
					+ "when Enable Input Limits is Yes.",
			Kind.NUMBER, 1, Setting.MAX_ROWS),

	MAXIMUM_PAGE_SIZE("webapi/validation/maximum_page_size", Group.WEB_API_INPUT_LIMITS, "Maximum Page Size",
			"Sets the maximum number of items allowed in a paginated search result in the Web API response "
					+ "(searchCriteria[pageSize]). Applies only when Enable Input Limits is Yes.",
			Kind.NUMBER, 1, Setting.MAX_ROWS),

	DEFAULT_PAGE_SIZE("webapi/validation/default_page_size", Group.WEB_API_INPUT_LIMITS, "Default Page Size",
			"Sets the default number of items in a paginated search result in the Web API response, when the "
					+ "request gives no searchCriteria[pageSize]. Applies only when Enable Input Limits is Yes; at "
					+ "most the Maximum Page Size.",
			Kind.NUMBER, 1, Setting.MAX_ROWS),

	RATE_LIMIT_PER_SECOND("webapi/rate_limit/per_second", Group.WEB_API_RATE_LIMITS, "Default Calls per Second",
			"Calls a second an integration without a rate limit of its own may make (SPEC 5.12). 0 means no limit.",
			Kind.NUMBER, 0, 100_000),

	RATE_LIMIT_PER_MINUTE("webapi/rate_limit/per_minute", Group.WEB_API_RATE_LIMITS, "Default Calls per Minute",
			"Calls a clock minute an integration without a rate limit of its own may make. 0 means no limit.",
			Kind.NUMBER, 0, 6_000_000),

	RATE_LIMIT_BURST("webapi/rate_limit/burst", Group.WEB_API_RATE_LIMITS, "Default Burst",
			"Calls an idle integration may make at once before the per-second rate applies. 0 means one second's "
					+ "worth.",
			Kind.NUMBER, 0, 100_000),

	GUEST_ACCESS("webapi/webapisecurity/allow_insecure", Group.WEB_API_SECURITY, "Allow Anonymous Guest Access",
			"This feature applies only to CMS, Catalog and Store APIs. Please consult your developers for details on "
					+ "potential security risks.",
			Kind.YES_NO, 0, 1),

	CONSUMER_EXPIRATION("oauth/consumer/expiration_period", Group.CONSUMER, "Expiration Period",
			"Consumer key/secret will expire if not used within X seconds after Oauth token exchange starts.",
			Kind.NUMBER, 1, 31_536_000),

	POST_MAX_REDIRECTS("oauth/consumer/post_maxredirects", Group.CONSUMER,
			"OAuth consumer credentials HTTP Post maxredirects",
			"Number of maximum redirects for OAuth consumer credentials Post request.", Kind.NUMBER, 0, 20),

	POST_TIMEOUT("oauth/consumer/post_timeout", Group.CONSUMER, "OAuth consumer credentials HTTP Post timeout",
			"Timeout for OAuth consumer credentials Post request within X seconds.", Kind.NUMBER, 1, 300),

	BEARER_ACCESS_TOKENS("oauth/consumer/enable_integration_as_bearer", Group.CONSUMER,
			"Allow OAuth Access Tokens to be used as standalone Bearer tokens",
			"Yes lets an integration call the Web API with \"Authorization: Bearer <access token>\" alone, "
					+ "without an OAuth signature.",
			Kind.YES_NO, 0, 1),

	CLEANUP_PROBABILITY("oauth/cleanup/cleanup_probability", Group.CLEANUP, "Cleanup Probability",
			"Integer. 0 disables the cleanup of stale request tokens (not recommended); any other value enables "
					+ "it. Keyway cleans up in a background job, never on a request.",
			Kind.NUMBER, 0, 1_000_000),

	CLEANUP_EXPIRATION("oauth/cleanup/expiration_period", Group.CLEANUP, "Expiration Period",
			"Cleanup entries older than X minutes.", Kind.NUMBER, 1, 525_600),

	ADMIN_TOKEN_LIFETIME("oauth/access_token_lifetime/admin", Group.TOKEN_EXPIRATION, "Admin Token Lifetime (hours)",
			"Admin tokens stop working X hours after they were issued.", Kind.NUMBER, 1, 8_760),

	MAX_LOGIN_FAILURES("oauth/authentication_lock/max_failures_count", Group.AUTHENTICATION_LOCKS,
			"Maximum Login Failures to Lockout Account",
			"Maximum Number of authentication failures to lock out account. 0 turns lock-out off.", Kind.NUMBER, 0,
			1_000),

	LOCKOUT_TIME("oauth/authentication_lock/timeout", Group.AUTHENTICATION_LOCKS, "Lockout Time (seconds)",
			"Period of time in seconds after which account will be unlocked.", Kind.NUMBER, 1, 31_536_000),

	ALLOW_HMAC_SHA1("oauth/signature/allow_hmac_sha1", Group.SIGNATURES, "Accept HMAC-SHA1 Signatures",
			"No: only HMAC-SHA256 signatures are accepted on the token endpoints and the Web API.", Kind.YES_NO, 0, 1),

	TIMESTAMP_WINDOW("oauth/signature/timestamp_window", Group.SIGNATURES, "Timestamp Window (seconds)",
			"Requests whose oauth_timestamp is further than this from the server clock, in either direction, are "
					+ "refused.",
			Kind.NUMBER, 1, 86_400),

	ADMIN_SESSION_LIFETIME("admin/security/session_lifetime", Group.ADMIN_SECURITY, "Admin Session Lifetime (seconds)",
			"An admin who does nothing for this long is signed out. A change applies from the next sign-in; sessions already open keep the lifetime they started with.", Kind.NUMBER, 60, 31_536_000);

	/**
	 * The most rows one Web API search returns whatever the settings say: the upper bound of the page
	 * sizes and of the list limit. The same number as {@code dev.keyway.store.InputBounds.MAX_ROWS}
	 * (settings may not depend on store; a test keeps the two equal).
	 */
	public static final int MAX_ROWS = 10_000;

	/** How a value is written and checked. */
	public enum Kind {

		/** {@code 1} for Yes, {@code 0} for No. */
		YES_NO,

		/** A whole number within [min, max]. */
		NUMBER

	}

	/** The configuration page sections settings appear in. */
	public enum Group {

		WEB_API_INPUT_LIMITS("webapi", "Web API Input Limits"),
		WEB_API_RATE_LIMITS("webapi", "Web API Rate Limits"), WEB_API_SECURITY("webapi", "Web API Security"), CONSUMER("oauth", "Consumer Settings"),
		CLEANUP("oauth", "Cleanup Settings"), TOKEN_EXPIRATION("oauth", "Access Token Expiration"),
		AUTHENTICATION_LOCKS("oauth", "Authentication Locks"), SIGNATURES("oauth", "Signatures"),
		ADMIN_SECURITY("oauth", "Admin Security");

		private final String page;

		private final String title;

		Group(String page, String title) {
			this.page = page;
			this.title = title;
		}

		/** The configuration page: {@code webapi} (Magento Web API) or {@code oauth} (OAuth). */
		public String page() {
			return this.page;
		}

		public String title() {
			return this.title;
		}

	}

	private final String path;

	private final Group group;

	private final String label;

	private final String comment;

	private final Kind kind;

	private final int min;

	private final int max;

	Setting(String path, Group group, String label, String comment, Kind kind, int min, int max) {
		this.path = path;
		this.group = group;
		this.label = label;
		this.comment = comment;
		this.kind = kind;
		this.min = min;
		this.max = max;
	}

	public String path() {
		return this.path;
	}

	public Group group() {
		return this.group;
	}

	public String label() {
		return this.label;
	}

	public String comment() {
		return this.comment;
	}

	public Kind kind() {
		return this.kind;
	}

	public int min() {
		return this.min;
	}

	public int max() {
		return this.max;
	}

	public static Optional<Setting> byPath(String path) {
		return Arrays.stream(values()).filter((setting) -> setting.path.equals(path)).findFirst();
	}

	/**
	 * The stored form of a submitted value.
	 * @throws InvalidSettingException naming the rule and the value when it breaks the rule
	 */
	public String normalize(String submitted) {
		String value = (submitted != null) ? submitted.strip() : "";
		if (this.kind == Kind.YES_NO) {
			switch (value.toLowerCase(Locale.ROOT)) {
				case "1", "yes", "true" -> {
					return "1";
				}
				case "0", "no", "false" -> {
					return "0";
				}
				default -> throw new InvalidSettingException(this, value,
						"Setting \"%s\" (%s) must be 1 (Yes) or 0 (No); got %s.".formatted(this.path, this.label,
								shown(value)));
			}
		}
		long number;
		try {
			number = Long.parseLong(value);
		}
		catch (NumberFormatException ex) {
			number = Long.MIN_VALUE;
		}
		if (number < this.min || number > this.max) {
			throw new InvalidSettingException(this, value, "Setting \"%s\" (%s) must be a whole number from %d to %d; got %s."
				.formatted(this.path, this.label, this.min, this.max, shown(value)));
		}
		return Long.toString(number);
	}

	/** A submitted value for a message: quoted, cut to 64 characters. */
	static String shown(String value) {
		if (value == null) {
			return "null";
		}
		return (value.length() <= 64) ? "\"" + value + "\""
				: "\"" + value.substring(0, 64) + "…\" (" + value.length() + " characters)";
	}

}
