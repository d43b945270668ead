package dev.keyway;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.Location;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.ResourceProvider;
import org.flywaydb.core.api.configuration.Configuration;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.ResourcePatternResolver;

/**
 * The migrations Flyway would run with, as one SHA-256 and the versions they apply: every file under
 * the configured class-path locations (SQL scripts and compiled Java migrations, by name and content)
 * and the settings that change what Flyway does with them. Two starts with the same digest hand
 * Flyway the same work; {@link UnchangedMigrations} uses it to skip Flyway when the history is the
 * one Flyway left with this digest.
 *
 * <p>Only the shape Keyway ships is covered: class-path locations holding versioned migrations
 * ({@code V<version>__<description>.sql} or a compiled {@code V…} class), no target, cherry-pick,
 * callbacks (beans or locations), init SQL, resolvers, Java migration beans, migration providers or
 * schemas. Anything else makes {@link #scan} empty (the reason logged at debug level), and Flyway runs on
 * every start as it always did.
 *
 * @param sha256 hex digest of the files and the settings
 * @param versions the versions the files apply, as Flyway writes them in its history
 */
record MigrationSet(String sha256, Set<String> versions) {

	private static final Log log = LogFactory.getLog(MigrationSet.class);

	/** What Spring Boot's AOT processing sets: outside a native image it hands over to Flyway's own scanner. */
	private static final String BOOT_RESOURCE_PROVIDER = "org.springframework.boot.flyway.autoconfigure.NativeImageResourceProvider";

	private static final Pattern VERSIONED = Pattern.compile("V([0-9][0-9._]*)__[^$]+\\.(sql|class)");

	static Optional<MigrationSet> scan(Configuration configuration, ResourcePatternResolver resolver)
			throws IOException {
		String unsupported = unsupported(configuration);
		if (unsupported != null) {
			log.debug("Flyway runs on every start: " + unsupported);
			return Optional.empty();
		}
		TreeMap<String, String> files = new TreeMap<>();
		Set<String> versions = new TreeSet<>();
		for (Location location : configuration.getLocations()) {
			for (Resource resource : resolver.getResources("classpath*:" + location.getRootPath() + "/**/*")) {
				String name = resource.getFilename();
				if (name == null || name.isEmpty() || !resource.isReadable()) {
					continue;
				}
				Matcher versioned = VERSIONED.matcher(name);
				if (versioned.matches()) {
					versions.add(versioned.group(1).replace('_', '.'));
				}
				else if (!(name.startsWith("V") && name.endsWith(".class") && name.contains("$"))) {
					return Optional.empty(); // a repeatable migration, a callback script, a stray file
				}
				String key = location.getRootPath() + "/" + name;
				if (files.put(key, digest(resource)) != null) {
					return Optional.empty(); // the same name in two jars: Flyway decides, every time
				}
			}
		}
		MessageDigest all = newDigest();
		files.forEach((name, content) -> update(all, name + "=" + content));
		settings(configuration).forEach((setting) -> update(all, setting));
		return Optional.of(new MigrationSet(HexFormat.of().formatHex(all.digest()), Set.copyOf(versions)));
	}

	/** Why this configuration is not the shape covered here, or null when it is. */
	private static String unsupported(Configuration configuration) {
		MigrationVersion target = configuration.getTarget();
		ResourceProvider resources = configuration.getResourceProvider();
		if (!Arrays.stream(configuration.getLocations()).allMatch(Location::isClassPath)) {
			return "a location outside the class path";
		}
		if ((target != null && target != MigrationVersion.LATEST) || !empty(configuration.getCherryPick())) {
			return "a target or cherry-picked migrations";
		}
		if (!empty(configuration.getCallbacks()) || !empty(configuration.getCallbackLocations())) {
			return "callbacks (they run on every migrate)";
		}
		if (configuration.getInitSql() != null) {
			return "an init SQL (it may point Flyway at another schema)";
		}
		if (!empty(configuration.getSchemas()) || configuration.getDefaultSchema() != null) {
			return "schemas of its own";
		}
		if (!empty(configuration.getResolvers()) || !empty(configuration.getJavaMigrations())
				|| configuration.isSkipDefaultResolvers() || configuration.getJavaMigrationClassProvider() != null
				|| (resources != null && !BOOT_RESOURCE_PROVIDER.equals(resources.getClass().getName()))) {
			return "migrations found by other means than Flyway's class-path scan";
		}
		if (!"V".equals(configuration.getSqlMigrationPrefix()) || !"__".equals(configuration.getSqlMigrationSeparator())
				|| !Arrays.equals(configuration.getSqlMigrationSuffixes(), new String[] { ".sql" })) {
			return "migration names other than V<version>__<description>.sql";
		}
		return null;
	}

	/** What else decides whether an unchanged history is valid and complete, or how it is written. */
	private static Iterable<String> settings(Configuration configuration) throws IOException {
		return List.of("flyway=" + flywayVersion(), "locations=" + Arrays.toString(configuration.getLocations()),
				"failOnMissingLocations=" + configuration.isFailOnMissingLocations(), "table=" + configuration.getTable(),
				"placeholders=" + new TreeMap<>(configuration.getPlaceholders()),
				"placeholderReplacement=" + configuration.isPlaceholderReplacement(),
				"placeholderPrefix=" + configuration.getPlaceholderPrefix(),
				"placeholderSuffix=" + configuration.getPlaceholderSuffix(),
				"ignoreMigrationPatterns=" + Arrays.toString(configuration.getIgnoreMigrationPatterns()),
				"validateOnMigrate=" + configuration.isValidateOnMigrate(),
				"outOfOrder=" + configuration.isOutOfOrder(),
				"baselineOnMigrate=" + configuration.isBaselineOnMigrate(),
				"baselineVersion=" + configuration.getBaselineVersion(),
				"encoding=" + configuration.getEncoding(),
				"repeatablePrefix=" + configuration.getRepeatableSqlMigrationPrefix());
	}

	/** A release of Flyway may validate more or upgrade its history table: it runs once with each. */
	private static String flywayVersion() throws IOException {
		try (InputStream in = Flyway.class.getResourceAsStream("/org/flywaydb/core/internal/version.txt")) {
			return (in != null) ? new String(in.readAllBytes(), StandardCharsets.UTF_8).strip()
					: String.valueOf(Flyway.class.getPackage().getImplementationVersion());
		}
	}

	private static boolean empty(Object[] values) {
		return values == null || values.length == 0;
	}

	private static String digest(Resource resource) throws IOException {
		MessageDigest file = newDigest();
		try (InputStream in = resource.getInputStream()) {
			byte[] buffer = new byte[8192];
			for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
				file.update(buffer, 0, read);
			}
		}
		return HexFormat.of().formatHex(file.digest());
	}

	private static void update(MessageDigest digest, String line) {
		digest.update((line + "\n").getBytes(StandardCharsets.UTF_8));
	}

	static MessageDigest newDigest() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every Java platform", ex);
		}
	}

}
