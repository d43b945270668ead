package dev.keyway.oauth;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * RFC 5849 section 3.4.1: the signature base string
 * {@code METHOD&enc(base string URI)&enc(normalized parameters)}.
 */
final class SignatureBaseString {

	private SignatureBaseString() {
	}

	static String of(String method, String baseUri, List<Parameter> parameters) {
		return method.toUpperCase(Locale.ROOT) + '&' + PercentEncoding.encode(baseUri) + '&'
				+ PercentEncoding.encode(normalize(parameters));
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
	 * RFC 5849 section 3.4.1.3.2: names and values encoded, sorted by encoded name then encoded
	 * value (byte order: after encoding every character is ASCII), joined as {@code name=value}
	 * with {@code &}. {@code oauth_signature} is left out.
	 */
	static String normalize(List<Parameter> parameters) {
		List<String[]> encoded = new ArrayList<>(parameters.size());
		for (Parameter parameter : parameters) {
			if (!"oauth_signature".equals(parameter.name())) {
				encoded.add(new String[] { PercentEncoding.encode(parameter.name()),
						PercentEncoding.encode(parameter.value()) });
			}
		}
		encoded.sort((a, b) -> {
			int byName = a[0].compareTo(b[0]);
			return (byName != 0) ? byName : a[1].compareTo(b[1]);
		});
		StringBuilder out = new StringBuilder(parameters.size() * 24);
		for (String[] pair : encoded) {
			if (!out.isEmpty()) {
				out.append('&');
			}
			out.append(pair[0]).append('=').append(pair[1]);
		}
		return out.toString();
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
