package dev.keyway.oauth;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * How a refusal tells what is wrong with a file or directory an operator named in a setting (the gateway file, the
 * integrations file, the master key file, the data directory). Java's own words are poor here: a
 * {@code NoSuchFileException}'s message is the bare path, and a directory read as a file reached the YAML parser as
 * "not valid YAML: Is a directory". In this module because every other module may depend on it.
 */
public final class ConfiguredFile {

	private ConfiguredFile() {
	}

	/**
	 * What stops {@code file} from being read as a regular file, with its absolute path, or empty when nothing does
	 * (a file that exists but cannot be read is told by {@link #reason} when reading it fails).
	 */
	public static Optional<String> problem(Path file) {
		if (Files.isDirectory(file)) {
			return Optional.of("it is a directory (" + where(file) + ")");
		}
		if (!Files.exists(file)) {
			return Optional.of("there is no such file (" + where(file) + ")");
		}
		return Optional.empty();
	}

	/** Why reading or writing failed, in words. */
	public static String reason(IOException ex) {
		if (ex instanceof NoSuchFileException) {
			return "no such file or directory";
		}
		if (ex instanceof AccessDeniedException) {
			return "permission denied";
		}
		if (ex instanceof FileAlreadyExistsException) {
			return "a file of that name exists";
		}
		if (ex instanceof FileSystemException fileSystem && fileSystem.getReason() != null) {
			return fileSystem.getReason();
		}
		return String.valueOf(ex.getMessage());
	}

	private static String where(Path file) {
		return file.toAbsolutePath() + (file.isAbsolute() ? "" : "; a relative path is resolved against the working directory");
	}

}
