package dev.keyway.oauth;

import java.nio.charset.StandardCharsets;

/**
 * RFC 5849 section 3.6: UTF-8, then every byte outside the unreserved set {@code [A-Za-z0-9-._~]}
 * as {@code %XX} with upper-case hex. Hand-written because the JDK's URLEncoder is the form
 * encoding (space as {@code +}, {@code *} kept, {@code ~} encoded), which RFC 5849 forbids.
 */
final class PercentEncoding {

	private static final char[] HEX = "0123456789ABCDEF".toCharArray();

	private static final boolean[] UNRESERVED = new boolean[128];

	static {
		for (char c = 'a'; c <= 'z'; c++) {
			UNRESERVED[c] = true;
		}
		for (char c = 'A'; c <= 'Z'; c++) {
			UNRESERVED[c] = true;
		}
		for (char c = '0'; c <= '9'; c++) {
			UNRESERVED[c] = true;
		}
		UNRESERVED['-'] = true;
		UNRESERVED['.'] = true;
		UNRESERVED['_'] = true;
		UNRESERVED['~'] = true;
	}

	private PercentEncoding() {
	}

	static String encode(String value) {
		int length = value.length();
		int i = 0;
		while (i < length) {
			char c = value.charAt(i);
			if (c >= 128 || !UNRESERVED[c]) {
				break;
			}
			i++;
		}
		if (i == length) {
			return value;
		}
		StringBuilder out = new StringBuilder(length + 16);
		out.append(value, 0, i);
		// ASCII (a URL, a timestamp, a base64 value) char by char; the first non-ASCII char sends the
		// rest through UTF-8 bytes: no copy of the value for the common case (every signed call's URI)
		while (i < length) {
			char c = value.charAt(i);
			if (c >= 128) {
				for (byte b : value.substring(i).getBytes(StandardCharsets.UTF_8)) {
					appendByte(out, b & 0xff);
				}
				break;
			}
			appendByte(out, c);
			i++;
		}
		return out.toString();
	}

	private static void appendByte(StringBuilder out, int unsigned) {
		if (unsigned < 128 && UNRESERVED[unsigned]) {
			out.append((char) unsigned);
		}
		else {
			out.append('%').append(HEX[unsigned >> 4]).append(HEX[unsigned & 0xf]);
		}
	}

	/**
	 * Decodes {@code %XX} sequences (UTF-8); with {@code plusIsSpace} also {@code +} as a space
	 * (form and query encoding). Malformed escapes are kept as they are.
	 */
	static String decode(String value, boolean plusIsSpace) {
		if (value.indexOf('%') < 0 && (!plusIsSpace || value.indexOf('+') < 0)) {
			return value;
		}
		int length = value.length();
		// a char is at most 3 UTF-8 bytes (a surrogate pair is 4 bytes for 2 chars)
		byte[] bytes = new byte[length * 3];
		int size = 0;
		for (int i = 0; i < length; i++) {
			char c = value.charAt(i);
			int high;
			int low;
			if (c == '%' && i + 2 < length && (high = hex(value.charAt(i + 1))) >= 0
					&& (low = hex(value.charAt(i + 2))) >= 0) {
				bytes[size++] = (byte) (high * 16 + low);
				i += 2;
			}
			else if (c == '+' && plusIsSpace) {
				bytes[size++] = ' ';
			}
			else if (c < 0x80) {
				bytes[size++] = (byte) c;
			}
			else {
				int end = (Character.isHighSurrogate(c) && i + 1 < length) ? i + 2 : i + 1;
				for (byte b : value.substring(i, end).getBytes(StandardCharsets.UTF_8)) {
					bytes[size++] = b;
				}
				i = end - 1;
			}
		}
		return new String(bytes, 0, size, StandardCharsets.UTF_8);
	}

	private static int hex(char c) {
		if (c >= '0' && c <= '9') {
			return c - '0';
		}
		if (c >= 'A' && c <= 'F') {
			return c - 'A' + 10;
		}
		if (c >= 'a' && c <= 'f') {
			return c - 'a' + 10;
		}
		return -1;
	}

}
