package dev.keyway.oauth;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * RFC 5849 section 3.4.1: the signature base string
 * {@code METHOD&enc(base string URI)&enc(normalized parameters)}.
 */
final class SignatureBaseString {

	private static final Comparator<String[]> BY_NAME_THEN_VALUE = Comparator
		.<String[], String>comparing((pair) -> pair[0])
		.thenComparing((pair) -> pair[1]);

	private SignatureBaseString() {
	}

	static String of(String method, String baseUri, List<Parameter> parameters) {
		String[][] pairs = encodedAndSorted(parameters);
		String upperMethod = method.toUpperCase(Locale.ROOT);
		String encodedUri = PercentEncoding.encode(baseUri);
		// the exact length first, then one char array: this runs on every signed call
		int length = upperMethod.length() + 1 + encodedUri.length() + 1 + Math.max(0, pairs.length - 1) * 3;
		for (String[] pair : pairs) {
			length += doubleEncodedLength(pair[0]) + 3 + doubleEncodedLength(pair[1]);
		}
		char[] out = new char[length];
		int at = put(out, 0, upperMethod);
		out[at++] = '&';
		at = put(out, at, encodedUri);
		out[at++] = '&';
		// enc(normalized) in one pass: the encoded names and values hold only unreserved characters
		// and %XX escapes, so encoding them again changes only '%' (to %25); '=' and '&' become %3D, %26
		for (int i = 0; i < pairs.length; i++) {
			if (i > 0) {
				at = put(out, at, "%26");
			}
			at = putEncodingPercent(out, at, pairs[i][0]);
			at = put(out, at, "%3D");
			at = putEncodingPercent(out, at, pairs[i][1]);
		}
		return new String(out);
	}

	private static int doubleEncodedLength(String encoded) {
		int length = encoded.length();
		for (int i = 0; i < encoded.length(); i++) {
			if (encoded.charAt(i) == '%') {
				length += 2;
			}
		}
		return length;
	}

	private static int put(char[] out, int at, String text) {
		text.getChars(0, text.length(), out, at);
		return at + text.length();
	}

	private static int putEncodingPercent(char[] out, int at, String encoded) {
		int length = encoded.length();
		for (int i = 0; i < length; i++) {
			char c = encoded.charAt(i);
			if (c == '%') {
				out[at++] = '%';
				out[at++] = '2';
				out[at++] = '5';
			}
			else {
				out[at++] = c;
			}
		}
		return at;
	}

	/**
	 * RFC 5849 section 3.4.1.2: lower-case scheme and host, the port only when not the scheme's
	 * default, the path as sent with dot segments removed ({@code /} when empty); no query, no
	 * fragment.
	 */
	static String baseUri(String scheme, String host, int port, String rawPath) {
		String lowerScheme = scheme.toLowerCase(Locale.ROOT);
		StringBuilder uri = new StringBuilder(64).append(lowerScheme).append("://").append(host.toLowerCase(Locale.ROOT));
		boolean defaultPort = port < 0 || ("http".equals(lowerScheme) && port == 80)
				|| ("https".equals(lowerScheme) && port == 443);
		if (!defaultPort) {
			uri.append(':').append(port);
		}
		uri.append(removeDotSegments((rawPath == null || rawPath.isEmpty()) ? "/" : rawPath));
		return uri.toString();
	}

	/**
	 * RFC 5849 section 3.4.1.3.2: every parameter but oauth_signature, encoded, sorted by encoded
	 * name then encoded value (byte order: after encoding every character is ASCII).
	 */
	private static String[][] encodedAndSorted(List<Parameter> parameters) {
		int size = parameters.size();
		String[][] pairs = new String[size][];
		int count = 0;
		for (int i = 0; i < size; i++) {
			Parameter parameter = parameters.get(i);
			if (!"oauth_signature".equals(parameter.name())) {
				pairs[count++] = new String[] { PercentEncoding.encode(parameter.name()),
						PercentEncoding.encode(parameter.value()) };
			}
		}
		// for a dozen parameters Arrays.sort is a binary insertion sort that allocates nothing
		Arrays.sort(pairs, 0, count, BY_NAME_THEN_VALUE);
		return (count == size) ? pairs : Arrays.copyOf(pairs, count);
	}

	/** RFC 3986 section 5.2.4. */
	static String removeDotSegments(String path) {
		if (!path.contains(".")) {
			return path;
		}
		StringBuilder input = new StringBuilder(path);
		StringBuilder output = new StringBuilder(path.length());
		while (!input.isEmpty()) {
			if (startsWith(input, "../")) {
				input.delete(0, 3);
			}
			else if (startsWith(input, "./")) {
				input.delete(0, 2);
			}
			else if (startsWith(input, "/./")) {
				input.delete(0, 2);
			}
			else if (input.toString().equals("/.")) {
				input.replace(0, 2, "/");
			}
			else if (startsWith(input, "/../")) {
				input.delete(0, 3);
				removeLastSegment(output);
			}
			else if (input.toString().equals("/..")) {
				input.replace(0, 3, "/");
				removeLastSegment(output);
			}
			else if (input.toString().equals(".") || input.toString().equals("..")) {
				input.setLength(0);
			}
			else {
				int start = (input.charAt(0) == '/') ? 1 : 0;
				int next = input.indexOf("/", start);
				int end = (next < 0) ? input.length() : next;
				output.append(input, 0, end);
				input.delete(0, end);
			}
		}
		return output.toString();
	}

	private static boolean startsWith(StringBuilder text, String prefix) {
		return text.length() >= prefix.length() && text.substring(0, prefix.length()).equals(prefix);
	}

	private static void removeLastSegment(StringBuilder output) {
		int slash = output.lastIndexOf("/");
		output.setLength(Math.max(slash, 0));
	}

}
