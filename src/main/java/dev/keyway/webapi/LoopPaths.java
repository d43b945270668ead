package dev.keyway.webapi;

import java.io.ByteArrayOutputStream;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The text rules of {@link LoopRequest}: paths, form fields, the content type's charset, locales. */
final class LoopPaths {

	private LoopPaths() {
	}

	/**
	 * A request path with its {@code %XX} escapes decoded as UTF-8, as Tomcat decodes the servlet path
	 * ({@code +} stays a plus: it means a space only in a form), but an encoded slash ({@code %2F},
	 * {@code %2f}) or percent sign ({@code %25}) kept as sent, as Tomcat's port passes them through
	 * ({@code TomcatConnector}: its decoder keeps {@code %25} with {@code %2F}): the firewall then judges
	 * the same path on both ports, and {@code ..%2F} is part of a segment there, never a step up.
	 * @throws IllegalArgumentException for a malformed escape (the listener answers 400)
	 */
	static String decode(String path) {
		if (path.indexOf('%') < 0) {
			return path;
		}
		StringBuilder decoded = new StringBuilder(path.length());
		int from = 0;
		for (int kept = encodedSlashOrPercent(path, 0); kept >= 0; kept = encodedSlashOrPercent(path, from)) {
			decoded.append(percentDecoded(path.substring(from, kept))).append(path, kept, kept + 3);
			from = kept + 3;
		}
		return decoded.append(percentDecoded(path.substring(from))).toString();
	}

	/**
	 * The text with its {@code %XX} escapes decoded as UTF-8 ({@code +} stays a plus), refusing bytes that
	 * are not UTF-8 as Tomcat does — an overlong {@code %C0%AF} for {@code /}, a lone {@code %C3}.
	 * Hand-written: the JDK's {@code URLDecoder} and Spring's {@code UriUtils} put U+FFFD in their place,
	 * so such a path was served on the listener (Tomcat refused it), and a lax decoder further on could
	 * still read those bytes as a separator.
	 * @throws IllegalArgumentException for a malformed escape or bytes that are not UTF-8
	 */
	static String percentDecoded(String text) {
		if (text.indexOf('%') < 0) {
			return text;
		}
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
		int i = 0;
		while (i < text.length()) {
			if (text.charAt(i) == '%') {
				int high = (i + 2 < text.length()) ? hex(text.charAt(i + 1)) : -1;
				int low = (high >= 0) ? hex(text.charAt(i + 2)) : -1;
				if (low < 0) {
					throw new IllegalArgumentException("malformed percent-encoding at index " + i);
				}
				bytes.write((high << 4) | low);
				i += 3;
			}
			else if (text.charAt(i) < 0x80) {
				bytes.write(text.charAt(i++));
			}
			else {
				int codePoint = text.codePointAt(i);
				bytes.writeBytes(new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8));
				i += Character.charCount(codePoint);
			}
		}
		try {
			return StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(bytes.toByteArray()))
				.toString();
		}
		catch (CharacterCodingException ex) {
			throw new IllegalArgumentException("percent-encoded bytes that are not UTF-8", ex);
		}
	}

	/** An ASCII hex digit's value, else -1 ({@code Character.digit} also takes other scripts' digits). */
	private static int hex(char c) {
		if (c >= '0' && c <= '9') {
			return c - '0';
		}
		if (c >= 'A' && c <= 'F') {
			return c - 'A' + 10;
		}
		return (c >= 'a' && c <= 'f') ? c - 'a' + 10 : -1;
	}

	/** The index of the next {@code %2F}, {@code %2f} or {@code %25} (an encoded percent sign) at or after {@code from}, or -1. */
	static int encodedSlashOrPercent(String path, int from) {
		for (int i = path.indexOf('%', from); i >= 0 && i + 2 < path.length(); i = path.indexOf('%', i + 1)) {
			char next = path.charAt(i + 2);
			if (path.charAt(i + 1) == '2' && (next == 'F' || next == 'f' || next == '5')) {
				return i;
			}
		}
		return -1;
	}

	/** The {@code name=value} pairs of a query or form body, decoded; a malformed pair is left out, as Tomcat does. */
	static void formFields(String text, Charset charset, Map<String, List<String>> into) {
		if (text == null || text.isEmpty()) {
			return;
		}
		for (String pair : text.split("&")) {
			if (pair.isEmpty()) {
				continue;
			}
			int equals = pair.indexOf('=');
			try {
				String name = URLDecoder.decode((equals < 0) ? pair : pair.substring(0, equals), charset);
				String value = (equals < 0) ? "" : URLDecoder.decode(pair.substring(equals + 1), charset);
				into.computeIfAbsent(name, (key) -> new ArrayList<>(1)).add(value);
			}
			catch (IllegalArgumentException ex) {
				// a bad escape: Tomcat skips the parameter too
			}
		}
	}

	/** The {@code charset} parameter of a content type, unquoted, or null. */
	static String charset(String contentType) {
		if (contentType == null) {
			return null;
		}
		for (String parameter : contentType.split(";")) {
			String trimmed = parameter.trim();
			if (trimmed.regionMatches(true, 0, "charset=", 0, 8)) {
				String value = trimmed.substring(8).trim();
				if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
					value = value.substring(1, value.length() - 1);
				}
				return value.isEmpty() ? null : value;
			}
		}
		return null;
	}

	/** The locales of an {@code Accept-Language} value, highest weight first; none for a missing or bad value. */
	static List<Locale> locales(String acceptLanguage) {
		if (acceptLanguage == null || acceptLanguage.isBlank()) {
			return List.of();
		}
		try {
			List<Locale> locales = new ArrayList<>();
			for (Locale.LanguageRange range : Locale.LanguageRange.parse(acceptLanguage)) {
				if (range.getWeight() > 0 && !range.getRange().contains("*")) {
					locales.add(Locale.forLanguageTag(range.getRange()));
				}
			}
			return locales;
		}
		catch (IllegalArgumentException ex) {
			return List.of();
		}
	}

}
