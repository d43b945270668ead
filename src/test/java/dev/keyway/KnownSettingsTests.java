package dev.keyway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.io.FileSystemResource;

import dev.keyway.testing.DatabaseIndependent;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps {@link KnownSettings} (the build's configuration metadata) complete: a key the code reads, the packaged
 * application.yml sets or the docs tell operators to set, and that the metadata lacks, would be warned against as
 * unknown on every node that sets it.
 */
@DatabaseIndependent
class KnownSettingsTests {

	private static final KnownSettings KNOWN = KnownSettings.fromBuild();

	/** ${keyway.x}, getProperty("keyway.x"), containsProperty("keyway.x"), name = "keyway.x", X = "keyway.x.y" */
	private static final Pattern READ_IN_CODE = Pattern.compile("(?:\\$\\{|Property\\(\"|name = \"|"
			+ "(?:PROPERTY|ENABLED|UPLOAD_SIZE|ALLOWED_NETWORKS) = \")(keyway\\.[a-zA-Z0-9.-]+[a-zA-Z0-9])");

	/** --keyway.x=, -Dkeyway.x=, keyway.x= and KEYWAY_X= as the docs show them */
	private static final Pattern SET_IN_DOCS = Pattern.compile("(?<![\\w.])(?:--|-D)?(keyway\\.[a-z][a-z0-9.-]*[a-z0-9])=");

	private static final Pattern VARIABLE = Pattern.compile("\\b(KEYWAY_[A-Z0-9_]*[A-Z0-9])\\b");

	@Test
	void fromBuildWhenCompiledThenHoldsThePropertiesRecordsAndTheAdditionalKeys() {
		assertThat(KNOWN.names()).contains("keyway.gateway.file", "keyway.webhooks.max-attempts",
				"keyway.public-base-url", "keyway.crypto.master-keys", "keyway.data-dir", "keyway.admin.enabled",
				"keyway.server.event-loop.port", "keyway.oauth.nonce-store").allMatch((n) -> n.startsWith("keyway."));
	}

	@Test
	void fromJsonWhenReadByPatternThenTheSameNamesAsAJsonParserReadsInTheProperties() throws IOException {
		// the pattern is hand-written for start-up's sake (KnownSettings.fromJson): a real parser reads the same file
		String json = Files.readString(Path.of("target/classes/META-INF/spring-configuration-metadata.json"));
		Map<String, String> parsed = new TreeMap<>();
		JsonMapper.shared().readTree(json).path("properties")
			.forEach((p) -> parsed.put(p.path("name").asString(), p.path("type").asString()));
		assertThat(KnownSettings.fromJson(json).types()).isEqualTo(parsed);
	}

	@Test
	void takesListWhenTheTypeIsAListThenTrueAndOtherwiseFalse() {
		assertThat(KNOWN.takesList("keyway.callbacks.allowed-networks")).isTrue();
		assertThat(KNOWN.takesList("keyway.webhooks.allowedNetworks")).isTrue();
		assertThat(KNOWN.takesList("keyway.public-base-url")).isFalse();
		assertThat(KNOWN.takesList("keyway.crypto.master-keys")).isFalse();
		assertThat(KNOWN.takesList("keyway.nothing")).isFalse();
	}

	@Test
	void knowsWhenTheCodeReadsAKeyThenItIsKnown() throws IOException {
		Set<String> read = new TreeSet<>();
		try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
			files.filter((f) -> f.toString().endsWith(".java")).forEach((f) -> collect(READ_IN_CODE, f, read));
		}
		assertThat(read).hasSizeGreaterThan(20);
		assertThat(read).allSatisfy((key) -> assertThat(KNOWN.knows(key)).as(key).isTrue());
	}

	@Test
	void knowsWhenThePackagedConfigurationSetsAKeyThenItIsKnown() throws IOException {
		Set<String> set = new TreeSet<>();
		for (var source : new YamlPropertySourceLoader().load("application.yml",
				new FileSystemResource("src/main/resources/application.yml"))) {
			for (String name : ((EnumerablePropertySource<?>) source).getPropertyNames()) {
				if (name.startsWith("keyway.")) {
					set.add(name);
				}
			}
		}
		assertThat(set).hasSizeGreaterThan(10);
		assertThat(set).allSatisfy((key) -> assertThat(KNOWN.knows(key)).as(key).isTrue());
	}

	@Test
	void knowsWhenTheDocsSetAKeyThenItIsKnown() throws IOException {
		Set<String> set = new TreeSet<>();
		try (Stream<Path> files = Stream.concat(Files.list(Path.of("docs")), Stream.of(Path.of("README.md")))) {
			// DECISIONS and BENCHMARKS are the project's history, and quote misspelled keys on purpose
			files.filter((f) -> f.toString().endsWith(".md") && !f.endsWith("DECISIONS.md") && !f.endsWith("BENCHMARKS.md"))
				.forEach((f) -> collect(SET_IN_DOCS, f, set));
		}
		assertThat(set).contains("keyway.admin.enabled", "keyway.gateway.file");
		assertThat(set).allSatisfy((key) -> assertThat(KNOWN.knows(key)).as(key).isTrue());
	}

	@Test
	void knowsWhenTheSettingsReferenceListsThemThenARowForEverySettingAndEveryRowASetting() throws IOException {
		// docs/SETTINGS.md was generated from the metadata; a setting added to the code without its row, or a row
		// left behind by a removed setting, fails here
		Set<String> rows = new TreeSet<>();
		Matcher row = Pattern.compile("(?m)^\\| `(keyway\\.[^`]+)` \\| `([A-Z0-9_]+)` \\|")
			.matcher(Files.readString(Path.of("docs/SETTINGS.md")));
		while (row.find()) {
			rows.add(row.group(1));
			// the row's variable is its own setting's, not merely some setting's
			assertThat(flat(row.group(2))).as(row.group(2)).isEqualTo(flat(row.group(1)));
			assertThat(KNOWN.knowsVariable(row.group(2))).as(row.group(2)).isTrue();
		}
		assertThat(rows).isEqualTo(KNOWN.names());
	}

	@Test
	void knowsVariableWhenDocsOrScriptsNameAKeywayVariableThenASettingOrAScriptsOwn() throws IOException {
		Set<String> named = new TreeSet<>();
		try (Stream<Path> files = Stream.of("docs", "tools", "README.md", "src/main/resources/application.yml")
			.flatMap(KnownSettingsTests::walk)) {
			// the history (DECISIONS, BENCHMARKS) names variables that are no settings on purpose
			files.filter((f) -> Files.isRegularFile(f) && !f.endsWith("DECISIONS.md") && !f.endsWith("BENCHMARKS.md"))
				.forEach((f) -> collect(VARIABLE, f, named));
		}
		assertThat(named).contains("KEYWAY_ADMIN_PASSWORD", "KEYWAY_JAVA");
		assertThat(named).allSatisfy((variable) -> assertThat(
				KNOWN.knowsVariable(variable) || UnknownSettings.SCRIPT_VARIABLES.contains(variable))
			.as(variable)
			.isTrue());
		// and the scripts' list names nothing that no script reads any more
		assertThat(named).containsAll(UnknownSettings.SCRIPT_VARIABLES);
	}

	private static String flat(String name) {
		return name.toLowerCase(java.util.Locale.ROOT).replaceAll("[-_.]", "");
	}

	@Test
	void namesGroupWhenAVariablesFirstWordIsAGroupThenTrue() {
		assertThat(KNOWN.namesGroup("KEYWAY_GATEWAY_FILLE")).isTrue();
		assertThat(KNOWN.namesGroup("KEYWAY_WEBHOOKS_URLL")).isTrue();
		assertThat(KNOWN.namesGroup("KEYWAY_PORT_8080_TCP")).isFalse();
		assertThat(KNOWN.namesGroup("KEYWAY_ERP_SECRET")).isFalse();
		assertThat(KNOWN.namesGroup("KEYWAY_GATEWAY")).isFalse();
	}

	@Test
	void namesGroupWhenAVariablesFirstWordIsASettingsOwnFirstWordThenTrue() {
		assertThat(KNOWN.namesGroup("KEYWAY_PUBLIC_URL")).isTrue();
		assertThat(KNOWN.namesGroup("KEYWAY_NODE_ID")).isTrue();
		assertThat(KNOWN.namesGroup("KEYWAY_DATA_DIRECTORY")).isTrue();
		assertThat(KNOWN.namesGroup("KEYWAY_PUBLICATION_URL")).isFalse();
	}

	@Test
	void neighboursWhenNoGroupSharesTheNameThenTheSettingsWithItsFirstWord() {
		assertThat(KNOWN.neighbours("keyway.public-url")).containsExactly("keyway.public-base-url");
		assertThat(KNOWN.neighbours("keyway.public.url")).containsExactly("keyway.public-base-url");
		assertThat(KNOWN.neighbours("keyway.data.dir")).containsExactly("keyway.data-dir");
		assertThat(KNOWN.neighbours("keyway.integrations.file")).containsExactlyInAnyOrder("keyway.integrations-file",
				"keyway.integrations-file-lock-timeout");
		assertThat(KNOWN.neighbours("keyway.gatway.file")).isEmpty();
		assertThat(KNOWN.neighbours("keyway[0]")).isEmpty();
	}

	@Test
	void shownWhenTheNameHoldsCharactersNoSettingHasThenCutThereAndCounted() {
		assertThat(KnownSettings.shown("keyway.callbacks.allowed-networks[0]")).isEqualTo("\"keyway.callbacks.allowed-networks[0]\"");
		assertThat(KnownSettings.shown("keyway.crypto.master-keys:c2VjcmV0")).isEqualTo("\"keyway.crypto.master-keys\" (and 9 more characters)");
		assertThat(KnownSettings.shown("k".repeat(100))).startsWith("\"" + "k".repeat(64) + "…\" (100 characters)");
	}

	private static Stream<Path> walk(String path) {
		try {
			return Files.walk(Path.of(path)).toList().stream();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void collect(Pattern pattern, Path file, Set<String> into) {
		try {
			// Latin-1: any byte reads (docs/ holds screenshots too), and every name sought is ASCII
			Matcher matcher = pattern.matcher(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
			while (matcher.find()) {
				into.add(matcher.group(1));
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(file.toString(), ex);
		}
	}

}
