package dev.keyway.store;

import java.math.BigDecimal;

/**
 * Bounds on numbers and row counts that come from outside. A number's size is checked on its text
 * length, its digits before and after the decimal point, before anything formats it
 * ({@code toPlainString} of {@code 1e999999999} is a billion characters), rounds it or computes with it.
 * Refusals name the field, the bound, and the value cut to {@link #SHOWN} characters.
 */
public final class InputBounds {

	/**
	 * The most rows one search returns, whatever the request asks and whether or not the Web API input
	 * limits are enabled (their Maximum Page Size cannot be set above it).
	 */
	public static final int MAX_ROWS = 10_000;

	/** Numbers given as text (JSON strings, query values) may have at most this many characters. */
	public static final int MAX_NUMBER_TEXT = 64;

	/** Digits before the decimal point of any decimal input: below 10^15. */
	public static final int MAX_INTEGER_DIGITS = 15;

	/** Digits after the decimal point of any decimal input (trailing zeros do not count). */
	public static final int MAX_FRACTION_DIGITS = 12;

	/** How many characters of a refused value an error message shows. */
	public static final int SHOWN = 64;

	private InputBounds() {
	}

	/** {@code "value"}, or its first {@link #SHOWN} characters followed by "…" and the full length. */
	public static String shown(String value) {
		if (value == null) {
			return "null";
		}
		if (value.length() <= SHOWN) {
			return "\"" + value + "\"";
		}
		return "\"" + value.substring(0, SHOWN) + "…\" (" + value.length() + " characters)";
	}

	/**
	 * A decimal for a message: plain digits while it is small, else its scientific form, cut to
	 * {@link #SHOWN} characters (never {@code toPlainString} of an unbounded value).
	 */
	public static String shown(BigDecimal value) {
		if (value == null) {
			return "null";
		}
		boolean small = Math.abs((long) value.precision() - value.scale()) <= 32 && Math.abs((long) value.scale()) <= 32;
		return cut(small ? value.toPlainString() : value.toString());
	}

	/** The text cut to {@link #SHOWN} characters, for a message that quotes it itself. */
	public static String cut(String value) {
		if (value == null || value.length() <= SHOWN) {
			return value;
		}
		return value.substring(0, SHOWN) + "… (" + value.length() + " characters)";
	}

	/** The rule of every decimal input, as a message fragment naming the bounds. */
	public static String decimalRule() {
		return "a number with at most " + MAX_INTEGER_DIGITS + " digits before the decimal point and "
				+ MAX_FRACTION_DIGITS + " after it";
	}

	/**
	 * Parses a decimal given as text; null when the text is not a number or breaks a bound (the caller
	 * answers with {@link #decimalRule()}). The text length is checked first, then the digits.
	 */
	public static BigDecimal decimal(String text) {
		if (text == null || text.length() > MAX_NUMBER_TEXT) {
			return null;
		}
		try {
			return bounded(new BigDecimal(text.strip()));
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	/**
	 * The value when its digits are within the bounds, else null. Reads only the precision and the
	 * scale (long arithmetic: {@code 1e2147483647} would overflow an int), so it is cheap for any value.
	 */
	public static BigDecimal bounded(BigDecimal value) {
		if (value == null) {
			return null;
		}
		if (value.signum() == 0) {
			return BigDecimal.ZERO;
		}
		long integerDigits = (long) value.precision() - value.scale();
		if (integerDigits > MAX_INTEGER_DIGITS) {
			return null;
		}
		if (value.scale() > MAX_FRACTION_DIGITS) {
			BigDecimal stripped = value.stripTrailingZeros();
			return (stripped.scale() > MAX_FRACTION_DIGITS) ? null : stripped;
		}
		return value;
	}

}
