package dev.keyway.integration;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.keyway.audit.Actor;
import dev.keyway.testing.KeywayIntegrationTest;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/** The grid's name sort follows how people read, on H2 and PostgreSQL alike (issue 12.7). */
@KeywayIntegrationTest
class IntegrationSortTests {

	static final Actor ACTOR = Actor.system("sort tests");

	@Autowired
	IntegrationService service;

	@Test
	void searchWhenSortedByNameThenAccentedNamesSortWithTheirBaseLetters() {
		String tag = UUID.randomUUID().toString().substring(0, 8);
		for (String name : List.of("Victim ", "Ünïcødé ", "apple ", "Zebra ", "Éclair ", "Œuvre ")) {
			this.service.create(new IntegrationDraft(name + tag, null, null, null, false, List.of()), ACTOR);
		}

		List<String> ascending = names(new IntegrationQuery(tag, null, IntegrationQuery.Sort.NAME, false, 1, 20));
		List<String> descending = names(new IntegrationQuery(tag, null, IntegrationQuery.Sort.NAME, true, 1, 20));
		List<String> byStatus = names(new IntegrationQuery(tag, null, IntegrationQuery.Sort.STATUS, false, 1, 20));

		List<String> expected = List.of("apple ", "Éclair ", "Œuvre ", "Ünïcødé ", "Victim ", "Zebra ")
			.stream()
			.map((name) -> name + tag)
			.toList();
		assertThat(ascending).containsExactlyElementsOf(expected);
		assertThat(descending).containsExactlyElementsOf(reversed(expected));
		assertThat(byStatus).containsExactlyElementsOf(expected);
	}

	@Test
	void ofWhenAccentsCaseAndLigaturesThenBaseLettersInLowerCase() {
		assertThat(NameSortKey.of("Ünïcødé")).isEqualTo("unicode");
		assertThat(NameSortKey.of("Straße Œuvre ﬁle")).isEqualTo("strasse oeuvre file");
		assertThat(NameSortKey.of("İstanbul")).isEqualTo("istanbul");
	}

	private static List<String> reversed(List<String> names) {
		List<String> copy = new java.util.ArrayList<>(names);
		java.util.Collections.reverse(copy);
		return copy;
	}

	private List<String> names(IntegrationQuery query) {
		return this.service.search(query).items().stream().map(Integration::name).toList();
	}

}
