package dev.keyway.webapi;

import java.math.BigDecimal;

/**
 * A value as an error message shows it: quoted, cut to {@link #SHOWN} characters with its length (a
 * JSON number may have 1000 digits, a string a megabyte). The rule is {@link dev.keyway.oauth.EchoedValue}'s
 * (webapi may depend on oauth; it needs no store module for it); this adds the one for a JSON decimal.
 */
public final class Shown {

	static final int SHOWN = dev.keyway.oauth.EchoedValue.SHOWN;

	/** Longer numeric text is refused before it is parsed. */
	static final int MAX_NUMBER_TEXT = 64;

	private Shown() {
	}

	/** {@code "value"}, or its first {@link #SHOWN} characters followed by "…" and the full length. */
	public static String shown(String value) {
		return dev.keyway.oauth.EchoedValue.shown(value);
	}

	/** A decimal for a message: plain digits while it is small, else its scientific form, cut. */
	static String shown(BigDecimal value) {
		if (value == null) {
			return "null";
		}
		boolean small = Math.abs((long) value.precision() - value.scale()) <= 32 && Math.abs((long) value.scale()) <= 32;
		return cut(small ? value.toPlainString() : value.toString());
	}

	/** The text cut to {@link #SHOWN} characters, for a message that quotes it itself. */
	static String cut(String value) {
		return dev.keyway.oauth.EchoedValue.cut(value);
	}

}
