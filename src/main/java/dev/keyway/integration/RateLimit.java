package dev.keyway.integration;

import java.util.List;

import dev.keyway.oauth.EchoedValue;

/**
 * How many Web API calls an integration may make (issue 17.2, SPEC 5.12): a token bucket that refills
 * {@code perSecond} tokens a second and holds at most {@code burst} (0: as many as {@code perSecond}),
 * and at most {@code perMinute} calls in each clock minute. 0 for a window means no limit in it; both 0
 * is unlimited. An integration without a rate limit of its own (null) has the default of the runtime
 * settings.
 */
public record RateLimit(int perSecond, int perMinute, int burst) {

	/** The most calls a second (and the largest burst) an integration may be given. */
	public static final int MAX_PER_SECOND = 100_000;

	/** The most calls a minute an integration may be given. */
	public static final int MAX_PER_MINUTE = 6_000_000;

	private static final RateLimit UNLIMITED = new RateLimit(0, 0, 0);

	/**
	 * @throws IntegrationException (invalid) naming the broken bound and the value
	 */
	public RateLimit {
		check("per_second", perSecond, MAX_PER_SECOND);
		check("per_minute", perMinute, MAX_PER_MINUTE);
		check("burst", burst, MAX_PER_SECOND);
	}

	public static RateLimit unlimited() {
		return UNLIMITED;
	}

	/**
	 * The limit typed into a form's three fields: null when all are blank (the settings' default), a
	 * blank field being 0 otherwise.
	 * @throws IntegrationException (invalid) naming the field and the text that is not a whole number
	 */
	public static RateLimit ofText(String perSecond, String perMinute, String burst) {
		if (blank(perSecond) && blank(perMinute) && blank(burst)) {
			return null;
		}
		return new RateLimit(whole("per_second", perSecond), whole("per_minute", perMinute), whole("burst", burst));
	}

	private static boolean blank(String text) {
		return text == null || text.isBlank();
	}

	private static int whole(String field, String text) {
		if (blank(text)) {
			return 0;
		}
		try {
			return Integer.parseInt(text.strip());
		}
		catch (NumberFormatException ex) {
			throw IntegrationException.invalid(List.of(new FieldError("rate_limit",
					"\"rate_limit." + field + "\" must be a whole number; got " + EchoedValue.shown(text) + ".")));
		}
	}

	/** True when no window limits the calls. */
	public boolean isUnlimited() {
		return this.perSecond == 0 && this.perMinute == 0;
	}

	/** The bucket's capacity: the burst, or one second's worth when no burst is given. */
	public int capacity() {
		return (this.burst > 0) ? this.burst : this.perSecond;
	}

	private static void check(String field, int value, int max) {
		if (value < 0 || value > max) {
			throw IntegrationException.invalid(List.of(new FieldError("rate_limit",
					"\"rate_limit." + field + "\" must be a whole number from 0 (no limit) to " + max + "; got " + value
							+ ".")));
		}
	}

}
