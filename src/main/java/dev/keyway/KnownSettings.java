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
		String relaxed = relaxed(withoutIndexes(name));
		return this.types.entrySet().stream()
			.anyMatch((known) -> relaxed(known.getKey()).equals(relaxed) && (known.getValue().startsWith("java.util.List")
					|| known.getValue().startsWith("java.util.Set") || known.getValue().endsWith("[]")));
	}

	/** Whether a name as written in a file, an argument or a system property is one of Keyway's settings. */
	boolean knows(String name) {
		String relaxed = relaxed(withoutIndexes(name));
		return names().stream().anyMatch((known) -> relaxed(known).equals(relaxed));
	}

	/** Whether an environment variable ({@code KEYWAY_GATEWAY_FILE}) is one of Keyway's settings. */
	boolean knowsVariable(String variable) {
		String flat = flat(variable.toLowerCase(Locale.ROOT).replaceAll("_[0-9]+(?=_|$)", ""));
		return names().stream().anyMatch((known) -> flat(known).equals(flat));
	}

	/**
	 * The known settings under the longest known parent of a name: for {@code keyway.gateway.fille},
	 * {@code keyway.gateway.file}; for a name no known setting shares more than {@code keyway.} with, none.
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
		return List.of();
	}

	private static String withoutIndexes(String name) {
		return name.replaceAll("\\[[^]]*]", "");
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
