package dev.keyway;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class DataDirectoryTests {

	@TempDir
	Path temp;

	@Test
	void postProcessWhenH2DataDirectoryMissingThenCreatedOwnerOnly() throws Exception {
		Path directory = this.temp.resolve("a/data");

		new DataDirectory().postProcessEnvironment(environment(directory.toString(),
				"jdbc:h2:file:" + directory + "/keyway;DB_CLOSE_ON_EXIT=FALSE"), new SpringApplication());

		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory))).isEqualTo("rwx------");
	}

	@Test
	void postProcessWhenDirectoryExistsThenItsPermissionsAreLeftAlone() throws Exception {
		Path directory = Files.createDirectory(this.temp.resolve("data"),
				PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-x---")));

		new DataDirectory().postProcessEnvironment(environment(directory.toString(),
				"jdbc:h2:file:" + directory + "/keyway"), new SpringApplication());

		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory))).isEqualTo("rwxr-x---");
	}

	@Test
	void postProcessWhenDatabaseIsNotAnH2FileInItThenNothingCreated() {
		Path directory = this.temp.resolve("unused");

		new DataDirectory().postProcessEnvironment(
				environment(directory.toString(), "jdbc:postgresql://db.internal/keyway"), new SpringApplication());

		assertThat(directory).doesNotExist();
	}

	private static StandardEnvironment environment(String directory, String url) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addFirst(new MapPropertySource("test", Map.of("keyway.data-dir", directory, "spring.datasource.url", url)));
		return environment;
	}

}
