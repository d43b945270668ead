package dev.keyway.oauth;

/**
 * A value from outside (a request, a form, a file, a property, an argument) as an error message shows
 * it: quoted, and cut to its first {@link #SHOWN} characters with its full length when longer, so a
 * megabyte sent is not a megabyte answered, logged or rendered. The one rule of every module that may use
 * this one; the store keeps the same rule in {@code InputBounds}, the leaf modules (acl, audit, outbound)
 * in a private copy, because their module rules let them depend on nothing. Never pass a secret.
 */
public final class EchoedValue {

	/** How many characters of a value a message shows. */
	public static final int SHOWN = 64;

	private static final java.util.regex.Pattern CONTROL = java.util.regex.Pattern.compile("[\\p{Cc}\\u2028\\u2029]");

	private EchoedValue() {
	}

	/**
	 * {@code "value"}, or {@code "its first 64 characters…" (N characters)}; {@code null} for null. For a
	 * message of the form "rule; got value".
	 */
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
	 * {@link #shown} with every control character (C0, C1) and Unicode line separator as {@code ?}: for a value that
	 * may hold a line break (a setting, a user name) in a message that is logged, so it cannot forge a log line.
	 */
	public static String shownOnOneLine(String value) {
		return shown((value == null) ? null : CONTROL.matcher(value).replaceAll("?"));
	}

	/**
	 * The text cut to {@link #SHOWN} characters followed by {@code … (N characters)}, for a message that
	 * quotes the value itself (or for a Magento {@code %1} parameter, which the message's template quotes).
	 */
	public static String cut(String value) {
		if (value == null || value.length() <= SHOWN) {
			return value;
		}
		return value.substring(0, SHOWN) + "… (" + value.length() + " characters)";
	}

}
