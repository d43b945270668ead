package dev.keyway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import dev.keyway.testing.DatabaseIndependent;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the citations of the behaviour reference resolvable: every "SPEC x.y" written in the sources,
 * the resources and the documents (lists such as "SPEC 4.1, 4.7" and ranges such as "SPEC 2.3 to 2.6"
 * included) names a numbered heading of {@code docs/SPEC.md}. Plain files, no Spring context.
 */
@DatabaseIndependent
class SpecCitationsTests {

	private static final Path SPEC = Path.of("docs", "SPEC.md");

	private static final List<Path> SCANNED = List.of(Path.of("src", "main", "java"), Path.of("src", "test", "java"),
			Path.of("src", "main", "resources"), Path.of("docs"), Path.of("README.md"), Path.of("DEVELOPERS.md"));

	private static final String NUMBER = "\\d+(?:\\.\\d+)?";

	/** "SPEC 2.4", "SPEC 4.1, 4.7", "SPEC 2.3 to 2.6", "SPEC 2.3–2.6", "SPEC 5.3 and 5.4". */
	private static final Pattern CITATION = Pattern
		.compile("SPEC\\s+(" + NUMBER + "(?:\\s*(?:,|–|-|\\bto\\b|\\band\\b|\\bor\\b)\\s*" + NUMBER + ")*)");

	private static final Pattern ONE_NUMBER = Pattern.compile(NUMBER);

	/** "## 2. Integration lifecycle", "### 2.8 Runtime settings ...". */
	private static final Pattern HEADING = Pattern.compile("^#{2,6}\\s+(\\d+(?:\\.\\d+)*)\\.?\\s");

	@Test
	void citationsWhenScanningSourcesAndDocumentsThenEveryCitedSectionIsAHeadingOfTheSpec() throws IOException {
		Set<String> headings = headings(Files.readAllLines(SPEC, StandardCharsets.UTF_8));
		List<String> citations = new ArrayList<>();
		List<String> unresolved = new ArrayList<>();
		for (Path file : scannedFiles()) {
			List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
			for (int i = 0; i < lines.size(); i++) {
				for (String number : citations(lines.get(i))) {
					citations.add(number);
					if (!headings.contains(number)) {
						unresolved.add(file + ":" + (i + 1) + " cites SPEC " + number);
					}
				}
			}
		}
		assertThat(citations).as("citations found under %s", SCANNED).hasSizeGreaterThan(50);
		assertThat(unresolved).as("citations naming no heading of %s (headings: %s)", SPEC, headings).isEmpty();
	}

	@Test
	void headingsWhenReadingTheSpecThenSectionsOneToNineAndTheirCitedSubsectionsExist() throws IOException {
		Set<String> headings = headings(Files.readAllLines(SPEC, StandardCharsets.UTF_8));
		assertThat(headings).contains("1", "2", "3", "4", "5", "6", "7", "8", "9", "2.1", "2.8", "4.7", "5.6");
	}

	@Test
	void citationsWhenALineHoldsListsAndRangesThenEveryNumberIsFound() {
		assertThat(citations("rules (SPEC 2.3 to 2.6), endpoints (SPEC 4.1, 4.7); SPEC 2–3 and SPEC 5.2."))
			.containsExactly("2.3", "2.6", "4.1", "4.7", "2", "3", "5.2");
		assertThat(citations("SPEC 2.4 step 3 posts to the callback")).containsExactly("2.4");
		assertThat(citations("no citation here: SPECIFIC 4, spec 4.2")).isEmpty();
	}

	@Test
	void headingsWhenANumberIsMissingThenItIsNotListed() {
		Set<String> headings = headings(List.of("# Title", "## 1. Words", "### 2.10 Audit log", "#### Not numbered",
				"text 3.1 here"));
		assertThat(headings).containsExactly("1", "2.10");
		assertThat(headings).doesNotContain("2.1", "3.1");
	}

	/** The section numbers a line cites, in order. */
	static List<String> citations(String line) {
		List<String> numbers = new ArrayList<>();
		Matcher citation = CITATION.matcher(line);
		while (citation.find()) {
			Matcher number = ONE_NUMBER.matcher(citation.group(1));
			while (number.find()) {
				numbers.add(number.group());
			}
		}
		return numbers;
	}

	static Set<String> headings(List<String> lines) {
		Set<String> numbers = new LinkedHashSet<>();
		for (String line : lines) {
			Matcher heading = HEADING.matcher(line);
			if (heading.find()) {
				numbers.add(heading.group(1));
			}
		}
		return numbers;
	}

	private static List<Path> scannedFiles() throws IOException {
		List<Path> files = new ArrayList<>();
		for (Path root : SCANNED) {
			try (Stream<Path> walk = Files.walk(root)) {
				walk.filter(Files::isRegularFile).filter(SpecCitationsTests::isText).sorted().forEach(files::add);
			}
			catch (UncheckedIOException ex) {
				throw ex.getCause();
			}
		}
		return files;
	}

	private static boolean isText(Path file) {
		String name = file.getFileName().toString();
		return Stream.of(".java", ".md", ".properties", ".html", ".js", ".json", ".yml", ".sql").anyMatch(name::endsWith);
	}

}
