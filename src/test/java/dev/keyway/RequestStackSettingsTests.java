package dev.keyway;

import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.keyway.testing.DatabaseIndependent;

import static org.assertj.core.api.Assertions.assertThat;

/** The hand-written header rule answers exactly as StrictHttpFirewall's default regular expression. */
@DatabaseIndependent
class RequestStackSettingsTests {

	/** StrictHttpFirewall's default rule for header names and values. */
	private static final Pattern FIREWALL_DEFAULT = Pattern.compile("[\\p{IsAssigned}&&[^\\p{IsControl}]]*");

	@Test
	void printableWhenAnyCharOfTheBasicPlaneThenSameAnswerAsTheFirewallRule() {
		for (int c = 0; c <= Character.MAX_VALUE; c++) {
			String text = "a" + (char) c + "z";
			assertThat(RequestStackSettings.printable(text)).as("U+%04X", c)
				.isEqualTo(FIREWALL_DEFAULT.matcher(text).matches());
		}
	}

	@Test
	void printableWhenSupplementaryCodePointThenSameAnswerAsTheFirewallRule() {
		// assigned (emoji, CJK extension B), unassigned (U+2FFFF, U+E0080) and private use (U+F0000)
		for (int codePoint : new int[] { 0x1F600, 0x20000, 0x2FFFF, 0xE0080, 0xF0000 }) {
			String text = "v=" + Character.toString(codePoint);
			assertThat(RequestStackSettings.printable(text)).as("U+%X", codePoint)
				.isEqualTo(FIREWALL_DEFAULT.matcher(text).matches());
		}
	}

	@Test
	void printableWhenOAuthHeaderThenTrueAndWhenControlCharacterThenFalse() {
		assertThat(RequestStackSettings.printable(
				"OAuth oauth_consumer_key=\"k\", oauth_signature=\"a%2Bb%3D\", oauth_nonce=\"n\"")).isTrue();
		assertThat(RequestStackSettings.printable("")).isTrue();
		assertThat(RequestStackSettings.printable("a\u0000b")).isFalse();
		assertThat(RequestStackSettings.printable("a\tb")).isFalse();
		assertThat(RequestStackSettings.printable("a\u007fb")).isFalse();
		assertThat(RequestStackSettings.printable("a\u0085b")).isFalse();
	}

}
