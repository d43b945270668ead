package dev.keyway;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Creates the embedded database's data directory owner-only ({@code rwx------}) before H2 creates it
 * with the process's umask: its files hold the encrypted secrets, the admins' password hashes and the
 * sessions, and {@code master.key} beside them (itself owner-only). Only when the datasource is an H2
 * file inside {@code keyway.data-dir} and the directory does not exist yet; an existing directory is the
 * operator's and is left as it is (docs/DEPLOYMENT.md § 1).
 * <p>
 * First it makes the directory absolute ({@code ~/} is the user's home): H2 refuses a file path that
 * is implicitly relative ({@code data}, not {@code ./data}) with a stack trace, and the master key file
 * ({@code ${keyway.data-dir}/master.key}) read {@code ~} as a directory named {@code ~} while H2 read it as
 * the home directory. Every {@code ${keyway.data-dir}} placeholder then resolves to the same absolute path.
 */
class DataDirectory implements EnvironmentPostProcessor, Ordered {

	static final String PROPERTY = "keyway.data-dir";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		String configured = environment.getProperty(PROPERTY);
		if (configured != null && configured.isBlank()) {
			// the H2 file and master.key would land at the file system's root (${keyway.data-dir}/keyway)
			throw new IllegalStateException(PROPERTY + ": a directory path, not an empty value (the default is ./data)");
		}
		if (configured != null) {
			String absolute = absolute(configured);
			if (!absolute.equals(configured)) {
				environment.getPropertySources()
					.addFirst(new MapPropertySource("keywayDataDirectory", Map.of(PROPERTY, absolute)));
			}
		}
		String directory = environment.getProperty(PROPERTY);
		String url = environment.getProperty("spring.datasource.url");
		if (directory == null || directory.isBlank() || url == null || !url.startsWith("jdbc:h2:file:")
				|| !url.contains(directory)) {
			return;
		}
		create(Path.of(directory));
	}

	/** The directory as an absolute, normalised path; {@code ~} and {@code ~/...} are under the user's home. */
	static String absolute(String configured) {
		String expanded = configured.equals("~") || configured.startsWith("~/")
				? System.getProperty("user.home") + configured.substring(1) : configured;
		if (!expanded.equals(expanded.strip()) || expanded.chars().anyMatch(Character::isISOControl)) {
			// a space or a carriage return left by an edited environment file would name another, empty directory
			throw new IllegalStateException(PROPERTY + ": a directory path without leading or trailing spaces or control "
					+ "characters: \"" + bounded(configured).replaceAll("\\p{Cntrl}", "?") + "\"");
		}
		if (expanded.indexOf(';') >= 0) {
			// the embedded database's URL is built from it, and H2 reads what follows a ';' as its settings
			throw new IllegalStateException(PROPERTY + ": a directory path without ';': " + bounded(configured));
		}
		if (expanded.indexOf(',') >= 0) {
			// Spring joins a setting given twice with a comma: "/x,/y" would be a new, empty database and master key
			throw new IllegalStateException(PROPERTY + ": one directory path, without ',' (a setting given twice is "
					+ "joined with a comma): " + bounded(configured));
		}
		try {
			return Path.of(expanded).toAbsolutePath().normalize().toString();
		}
		catch (InvalidPathException ex) {
			throw new IllegalStateException(PROPERTY + ": a directory path: " + bounded(configured), ex);
		}
	}

	private static String bounded(String value) {
		return value.length() <= 200 ? value : value.substring(0, 200) + "...";
	}

	/** {@code createDirectories} leaves an existing directory, and its permissions, as they are. */
	static void create(Path directory) {
		try {
			if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
				Files.createDirectories(directory,
						PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
			}
			else {
				Files.createDirectories(directory);
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException(PROPERTY + ": cannot create the directory " + bounded(directory.toString())
					+ ": " + dev.keyway.oauth.ConfiguredFile.reason(ex), ex);
		}
	}

	/** After the configuration files are read (application.yml names the default directory). */
	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
