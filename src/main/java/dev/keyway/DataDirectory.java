package dev.keyway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Creates the embedded database's data directory owner-only ({@code rwx------}) before H2 creates it
 * with the process's umask: its files hold the encrypted secrets, the admins' password hashes and the
 * sessions, and {@code master.key} beside them (itself owner-only). Only when the datasource is an H2
 * file inside {@code keyway.data-dir} and the directory does not exist yet; an existing directory is the
 * operator's and is left as it is (docs/DEPLOYMENT.md § 1).
 */
class DataDirectory implements EnvironmentPostProcessor, Ordered {

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		String directory = environment.getProperty("keyway.data-dir");
		String url = environment.getProperty("spring.datasource.url");
		if (directory == null || directory.isBlank() || url == null || !url.startsWith("jdbc:h2:file:")
				|| !url.contains(directory)) {
			return;
		}
		create(Path.of(directory));
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
			throw new UncheckedIOException("Cannot create the data directory (keyway.data-dir): " + directory, ex);
		}
	}

	/** After the configuration files are read (application.yml names the default directory). */
	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
