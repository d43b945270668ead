package dev.keyway.integration;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The key the grid sorts names by, so that they sort as people read ("Ünïcødé" before "Victim") on
 * H2 and PostgreSQL alike, in a stored, indexed column ({@code integrations.sort_key}): compatibility
 * decomposition (NFKD), accents and other combining marks dropped, the few Latin letters that do not
 * decompose folded to their base letters, then lower case. Ties (names differing only in accents or
 * case) are broken by {@code name_key}, which is unique.
 * <p>
 * Hand-written rather than a collation: H2 has one collation per database, PostgreSQL's ICU
 * collations do not exist in H2, and a JDK {@code Collator} key is binary, several times longer and
 * may change with the JDK; NFKD is stable across Unicode versions.
 */
public final class NameSortKey {

	private static final Pattern MARKS = Pattern.compile("\\p{M}+");

	private NameSortKey() {
	}

	/** The sort key of {@code name}; at most 4 times its length (NFKD can lengthen a text). */
	public static String of(String name) {
		String decomposed = MARKS.matcher(Normalizer.normalize(name, Normalizer.Form.NFKD)).replaceAll("");
		StringBuilder key = new StringBuilder(decomposed.length());
		decomposed.codePoints().forEach((c) -> key.append(fold(c)));
		return key.toString().toLowerCase(Locale.ROOT);
	}

	private static String fold(int c) {
		return switch (c) {
			case 'ø', 'Ø' -> "o";
			case 'æ', 'Æ' -> "ae";
			case 'œ', 'Œ' -> "oe";
			case 'ß' -> "ss";
			case 'đ', 'Đ', 'ð', 'Ð' -> "d";
			case 'ł', 'Ł' -> "l";
			case 'þ', 'Þ' -> "th";
			case 'ı' -> "i";
			default -> Character.toString(c);
		};
	}

}
