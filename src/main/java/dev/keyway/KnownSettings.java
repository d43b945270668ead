package dev.keyway;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.keyway.oauth.EchoedValue;

/**
 * Every {@code keyway.*} setting Keyway reads, from the {@code META-INF/spring-configuration-metadata.json} that
 * Spring Boot's configuration processor writes at build time: the {@code @ConfigurationProperties} records, and
 * {@code additional-spring-configuration-metadata.json} for the keys read with {@code @Value} or from the
 * {@code Environment} ({@code KnownSettingsTests} fails when a key read in the code or shown in the docs is missing).
 * Only Keyway's own copy is read (other jars carry theirs, Spring Boot's is 400 KB).
 * Names are compared in Spring Boot's relaxed form: {@code keyway.data-dir}, {@code keyway.dataDir} and
 * {@code keyway.data_dir} are one setting, and {@code KEYWAY_DATADIR} and {@code KEYWAY_DATA_DIR} are its
 * environment variable.
 */
record KnownSettings(Map<String, String> types) {

	static final String PREFIX = "keyway.";

	/** An entry's name and, when it follows, its type (the processor writes "name", then "type"). */
	private static final Pattern NAME = Pattern.compile(
			"\"name\"\\s*:\\s*\"(keyway\\.[^\"\\\\]+)\"(?:\\s*,\\s*\"type\"\\s*:\\s*\"([^\"\\\\]+)\")?");

	/** What a setting's name may hold, list and map indexes included. */
	private static final Pattern NAME_CHARACTERS = Pattern.compile("[A-Za-z0-9._\\-\\[\\]]*");

	/** The build's copy of META-INF/spring-configuration-metadata.json next to this class (pom.xml: the repackaged
	 * jar moves META-INF/ off the class path, and other jars carry their own under that name). */
	private static final String METADATA = "spring-configuration-metadata.json";

	/** Keyway's settings as its build recorded them; none when run from classes the build did not process. */
	static KnownSettings fromBuild() {
		return Built.SETTINGS;
	}

	/** Read once a class loader: two checks of a start ask, and the file does not change under a running node. */
	private static final class Built {

		static final KnownSettings SETTINGS = read();

	}

	private static KnownSettings read() {
		try (InputStream in = KnownSettings.class.getResourceAsStream(METADATA)) {
			return (in != null) ? fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8))
					: new KnownSettings(Map.of());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Keyway's settings metadata (" + METADATA + ") could not be read", ex);
		}
	}

	/**
	 * The {@code keyway.*} names of the processor's file. Hand-read with a pattern rather than Jackson: the check runs
	 * on every start before Spring's own JSON mapper exists, and a mapper of its own cost more than the rest of the
	 * check (a cold JVM: ~0.5 s to create Jackson's mapper, 25 ms to read the names this way), against issue 14's
	 * 3 s start. The file is the configuration processor's, whose entries are {@code "name": "…"} objects; the
	 * groups' names (a record's prefix, {@code keyway.webhooks}) are dropped: they are no setting themselves.
	 */
	static KnownSettings fromJson(String json) {
		Map<String, String> types = new TreeMap<>();
		Matcher matcher = NAME.matcher(json);
		while (matcher.find()) {
			types.put(matcher.group(1), (matcher.group(2) != null) ? matcher.group(2) : "");
		}
		Set<String> names = types.keySet();
		names.removeIf((name) -> names.stream().anyMatch((other) -> other.startsWith(name + ".")));
		return new KnownSettings(Collections.unmodifiableMap(types));
	}

	/** The settings' names, sorted. */
	Set<String> names() {
		return this.types.keySet();
	}

	/** Whether a known setting takes several values (a list, which a repeated command-line option builds). */
	boolean takesList(String name) {
		String setting = canonical(name);
		String type = (setting != null) ? this.types.get(setting) : "";
		return type.startsWith("java.util.List") || type.startsWith("java.util.Set") || type.endsWith("[]");
	}

	/** Whether a name as written in a file, an argument or a system property is one of Keyway's settings. */
	boolean knows(String name) {
		return canonical(name) != null;
	}

	/** The setting a name stands for as its metadata spells it ({@code Keyway.dataDir}: {@code keyway.data-dir}). */
	String canonical(String name) {
		String relaxed = relaxed(withoutIndexes(name));
		return names().stream().filter((known) -> relaxed(known).equals(relaxed)).findFirst().orElse(null);
	}

	/** Whether an environment variable ({@code KEYWAY_GATEWAY_FILE}) is one of Keyway's settings. */
	boolean knowsVariable(String variable) {
		String flat = flat(variable.toLowerCase(Locale.ROOT).replaceAll("_[0-9]+(?=_|$)", ""));
		return names().stream().anyMatch((known) -> flat(known).equals(flat));
	}

	/**
	 * Whether a {@code KEYWAY_*} variable's first word names a group of settings ({@code KEYWAY_GATEWAY_…}) or is
	 * the first word of a setting of its own ({@code KEYWAY_PUBLIC_URL}: {@code keyway.public-base-url}): only those
	 * can be a setting's misspelling. Others are the machine's (Kubernetes' service links of a Service named keyway,
	 * {@code KEYWAY_PORT}, {@code KEYWAY_SERVICE_HOST}; Docker's links) or the operator's own, which the gateway file
	 * may read ({@code ${KEYWAY_ERP_SECRET}}).
	 */
	boolean namesGroup(String variable) {
		String[] words = variable.toLowerCase(Locale.ROOT).split("_");
		return words.length > 2 && names().stream()
			.map((known) -> known.split("\\."))
			.anyMatch((segments) -> (segments.length > 2) ? flat(segments[1]).equals(words[1])
					: firstWord(segments[1]).equals(words[1]));
	}

	/**
	 * A name given from outside as a message shows it: up to its first character no setting's name holds (so
	 * {@code --keyway.admin.password hunter2}, one argument without {@code =}, shows no password), then how many
	 * characters were left out; quoted, one line, cut ({@link EchoedValue}).
	 */
	static String shown(String name) {
		Matcher matcher = NAME_CHARACTERS.matcher(name);
		String kept = matcher.lookingAt() ? matcher.group() : "";
		return EchoedValue.shownOnOneLine(kept)
				+ ((kept.length() < name.length()) ? " (and " + (name.length() - kept.length()) + " more characters)" : "");
	}

	/**
	 * The known settings under the longest known parent of a name: for {@code keyway.gateway.fille},
	 * {@code keyway.gateway.file}; for a name no known setting shares more than {@code keyway.} with, the settings of
	 * their own with its first word ({@code keyway.public-url}: {@code keyway.public-base-url}), else none.
	 */
	List<String> neighbours(String name) {
		String relaxed = relaxed(withoutIndexes(name));
		String parent = relaxed;
		while (parent.lastIndexOf('.') > PREFIX.length() - 1) {
			parent = parent.substring(0, parent.lastIndexOf('.'));
			String under = parent + ".";
			List<String> found = new ArrayList<>();
			names().stream().filter((known) -> relaxed(known).startsWith(under)).forEach(found::add);
			if (!found.isEmpty()) {
				return found;
			}
		}
		// no group: the settings of their own whose first word is the name's (keyway.public-url, from
		// KEYWAY_PUBLIC_URL too: keyway.public-base-url)
		String plain = withoutIndexes(name);
		String first = firstWord(plain.substring(Math.min(plain.length(), PREFIX.length())));
		return names().stream()
			.filter((known) -> known.indexOf('.', PREFIX.length()) < 0)
			.filter((known) -> firstWord(known.substring(PREFIX.length())).equals(first))
			.toList();
	}

	/** A name's first word, up to its first dash, underscore or dot, in lower case ({@code public-base-url}: public). */
	private static String firstWord(String name) {
		String lower = name.toLowerCase(Locale.ROOT);
		int end = 0;
		while (end < lower.length() && "-_.".indexOf(lower.charAt(end)) < 0) {
			end++;
		}
		return lower.substring(0, end);
	}

	private static String withoutIndexes(String name) {
		return name.replaceAll("\\[[^]\\s]*]", "");
	}

	/** Spring Boot's relaxed names: case, dashes and underscores do not count within a segment. */
	private static String relaxed(String name) {
		return name.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
	}

	/** An environment variable's form: dots and underscores separate alike, dashes are dropped. */
	private static String flat(String name) {
		return name.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "").replace(".", "");
	}

}
