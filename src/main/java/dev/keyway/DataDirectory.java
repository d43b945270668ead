package dev.keyway;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import dev.keyway.oauth.EchoedValue;

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

	private static final String H2_FILE = "jdbc:h2:file:";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		String configured = environment.getProperty(PROPERTY);
		String url = environment.getProperty("spring.datasource.url", "");
		boolean h2File = url.startsWith(H2_FILE);
		// a PostgreSQL node with its master keys inline keeps nothing there: its value is nobody's concern
		if (configured == null || !(h2File || environment.getProperty("keyway.crypto.master-keys", "").isBlank())) {
			return;
		}
		if (configured.isBlank()) {
			// the H2 file and master.key would land at the file system's root (${keyway.data-dir}/keyway)
			throw new IllegalStateException(PROPERTY + " must be a directory path; got an empty value (the default is ./data)");
		}
		String absolute = absolute(configured);
		if (!absolute.equals(configured)) {
			environment.getPropertySources()
				.addFirst(new MapPropertySource("keywayDataDirectory", Map.of(PROPERTY, absolute)));
		}
		keyFileNotLeftBehind(configured, absolute, environment.getProperty("keyway.crypto.master-key-file"),
				Path.of("").toAbsolutePath());
		String database = environment.getProperty("spring.datasource.url", "");
		if (h2File && resolved(database.substring(H2_FILE.length()).split(";", 2)[0]).startsWith(Path.of(absolute))) {
			create(Path.of(absolute));
		}
	}

	/**
	 * Before this class made the directory absolute, {@code ~/keyway} put H2's files under the home directory and
	 * {@code master.key} under a directory named {@code ~} in the working directory. A node upgraded with that key
	 * file would generate a new key beside its database and then refuse to start (its secrets are under the old
	 * one): say where the old file is instead.
	 */
	static void keyFileNotLeftBehind(String configured, String absolute, String keyFile, Path workingDirectory) {
		Path now = Path.of(absolute, "master.key");
		if (!(configured.equals("~") || configured.startsWith("~/")) || keyFile == null
				|| !Path.of(keyFile).toAbsolutePath().normalize().equals(now) || Files.exists(now)) {
			return;
		}
		Path before = workingDirectory.resolve(configured).resolve("master.key").normalize();
		if (Files.exists(before)) {
			throw new IllegalStateException(PROPERTY + ": the master key of " + configured + " is at " + before
					+ " (a directory named ~ in the working directory, where earlier versions put it), and its "
					+ "database under " + absolute + ": move " + before + " to " + now + " and start again");
		}
	}

	/** The directory as an absolute, normalised path; {@code ~} and {@code ~/...} are under the user's home. */
	static String absolute(String configured) {
		if (!configured.equals(configured.strip()) || configured.chars().anyMatch(Character::isISOControl)
				|| configured.indexOf('\u2028') >= 0 || configured.indexOf('\u2029') >= 0) {
			// a space or a carriage return left by an edited environment file would name another, empty directory
			throw refused("a directory path without leading or trailing spaces or control characters", configured, null);
		}
		if (configured.indexOf(';') >= 0) {
			// the embedded database's URL is built from it, and H2 reads what follows a ';' as its settings
			throw refused("a directory path without ';'", configured, null);
		}
		if (configured.indexOf(',') >= 0) {
			// Spring joins a setting given twice with a comma: "/x,/y" would be a new, empty database and master key
			throw refused("one directory path, without ',' (a setting given twice is joined with a comma)", configured,
					null);
		}
		try {
			return resolved(configured).toString();
		}
		catch (InvalidPathException ex) {
			throw refused("a directory path", configured, ex);
		}
	}

	/** {@code ~} expanded as H2 expands it, then absolute and normalised. */
	private static Path resolved(String path) {
		String expanded = path.equals("~") || path.startsWith("~/") ? System.getProperty("user.home") + path.substring(1)
				: path;
		return Path.of(expanded).toAbsolutePath().normalize();
	}

	private static IllegalStateException refused(String rule, String value, Exception cause) {
		return new IllegalStateException(
				PROPERTY + " must be " + rule + "; got " + EchoedValue.shownOnOneLine(value), cause);
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
			throw new IllegalStateException(PROPERTY + ": cannot create the directory " + directory + ": "
					+ dev.keyway.oauth.ConfiguredFile.reason(ex), ex);
		}
	}

	/** After the configuration files are read (application.yml names the default directory). */
	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
