package dev.keyway.oauth;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.keyway.testing.DatabaseIndependent;

import static org.assertj.core.api.Assertions.assertThat;

@DatabaseIndependent
class TokenGeneratorTests {

	private final TokenGenerator generator = new TokenGenerator();

	@Test
	void nextWhenCalledThen32CharactersOfDigitsAndLowerCaseLetters() {
		for (int i = 0; i < 1_000; i++) {
			assertThat(this.generator.next()).hasSize(TokenGenerator.LENGTH).matches("[0-9a-z]{32}");
		}
		assertThat(TokenGenerator.LENGTH).isEqualTo(32);
	}

	@Test
	void nextWhenDrawnManyTimesThenNoDuplicates() {
		Set<String> seen = new HashSet<>();
		for (int i = 0; i < 50_000; i++) {
			assertThat(seen.add(this.generator.next())).as("draw %d is new", i).isTrue();
		}
	}

	@Test
	void nextWhenDrawnManyTimesThenEveryCharacterAppearsAboutEquallyOften() {
		Map<Character, Integer> counts = new HashMap<>();
		int draws = 10_000;
		for (int i = 0; i < draws; i++) {
			for (char c : this.generator.next().toCharArray()) {
				counts.merge(c, 1, Integer::sum);
			}
		}
		assertThat(counts).hasSize(36);
		double expected = draws * 32.0 / 36;
		// about 8,900 each; a bias of 1/36 would be far outside +-5 %
		counts.forEach((character, count) -> assertThat((double) count).as("count of '%s'", character)
			.isBetween(expected * 0.95, expected * 1.05));
	}

}
