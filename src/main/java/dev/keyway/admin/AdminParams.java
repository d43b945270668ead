package dev.keyway.admin;

import java.math.BigInteger;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Numbers in the admin's URLs, read leniently: a hand-edited URL gets a page, never an error (SPEC
 * 2.10). The GET routes bind their numeric query parameters and integration ids as text and read
 * them here, so a value that is not a whole number, or one beyond the range, is ignored or clamped
 * like an out-of-range value, instead of being answered with Keyway's 400 page.
 */
final class AdminParams {

	private static final Pattern WHOLE_NUMBER = Pattern.compile("[+-]?[0-9]+");

	private AdminParams() {
	}

	/**
	 * The id the text names; empty when the text names none: missing, blank, not a whole number, or
	 * beyond a long (no integration has such an id).
	 */
	static Optional<Long> id(String text) {
		String value = (text != null) ? text.strip() : "";
		if (!WHOLE_NUMBER.matcher(value).matches()) {
			return Optional.empty();
		}
		try {
			return Optional.of(Long.parseLong(value));
		}
		catch (NumberFormatException ex) {
			return Optional.empty();
		}
	}

	/** The id the text names, or null (a filter that is not set). */
	static Long idOrNull(String text) {
		return id(text).orElse(null);
	}

	/**
	 * The whole number the text names, clamped to {@code min..max}, however large; {@code otherwise}
	 * when the text is missing or not a whole number.
	 */
	static int clamped(String text, int min, int max, int otherwise) {
		String value = (text != null) ? text.strip() : "";
		if (!WHOLE_NUMBER.matcher(value).matches()) {
			return otherwise;
		}
		BigInteger number = new BigInteger(value);
		return number.max(BigInteger.valueOf(min)).min(BigInteger.valueOf(max)).intValue();
	}

}
