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
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

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

	@Test
	void postProcessWhenDirectoryIsNotNormalThenEveryPlaceholderResolvesToTheAbsolutePath() {
		String configured = this.temp + "/a/../b";

		StandardEnvironment environment = environment(configured, "jdbc:h2:file:${keyway.data-dir}/keyway;DB_CLOSE_ON_EXIT=FALSE");
		new DataDirectory().postProcessEnvironment(environment, new SpringApplication());

		assertThat(environment.getProperty("keyway.data-dir")).isEqualTo(this.temp.resolve("b").toString());
		assertThat(environment.getProperty("spring.datasource.url"))
			.isEqualTo("jdbc:h2:file:" + this.temp.resolve("b") + "/keyway;DB_CLOSE_ON_EXIT=FALSE");
		assertThat(this.temp.resolve("b")).isDirectory();
	}

	@Test
	void absoluteWhenImplicitlyRelativeThenUnderTheWorkingDirectory() {
		// H2 refuses "jdbc:h2:file:data/keyway" (implicitly relative) with a stack trace at start
		assertThat(DataDirectory.absolute("data")).isEqualTo(Path.of("").toAbsolutePath().resolve("data").toString());
		assertThat(DataDirectory.absolute("./data/")).isEqualTo(Path.of("").toAbsolutePath().resolve("data").toString());
	}

	@Test
	void absoluteWhenUnderTildeThenUnderTheUsersHome() {
		// H2 reads "~/" as the home directory; the master key file's path did not
		assertThat(DataDirectory.absolute("~/keyway")).isEqualTo(Path.of(System.getProperty("user.home"), "keyway").toString());
		assertThat(DataDirectory.absolute("~")).isEqualTo(Path.of(System.getProperty("user.home")).toString());
	}

	@Test
	void absoluteWhenPathHasASemicolonThenRefusedWithTheRuleAndTheValue() {
		assertThatIllegalStateException().isThrownBy(() -> DataDirectory.absolute("/srv/keyway;MODE=MySQL"))
			.withMessage("keyway.data-dir must be a directory path without ';'; got \"/srv/keyway;MODE=MySQL\"");
	}

	@Test
	void postProcessWhenDirectoryIsEmptyThenRefusedRatherThanTheFileSystemsRoot() {
		assertThatIllegalStateException()
			.isThrownBy(() -> new DataDirectory().postProcessEnvironment(
					environment("", "jdbc:h2:file:${keyway.data-dir}/keyway"), new SpringApplication()))
			.withMessage("keyway.data-dir must be a directory path; got an empty value (the default is ./data)");
	}

	@Test
	void absoluteWhenTrailingSpaceOrCarriageReturnThenRefusedShowingWhere() {
		assertThatIllegalStateException().isThrownBy(() -> DataDirectory.absolute("/srv/keyway "))
			.withMessage("keyway.data-dir must be a directory path without leading or trailing spaces or control characters; "
					+ "got \"/srv/keyway \"");
		assertThatIllegalStateException().isThrownBy(() -> DataDirectory.absolute("/srv/keyway\r"))
			.withMessageEndingWith("got \"/srv/keyway?\"");
		assertThatIllegalStateException().isThrownBy(() -> DataDirectory.absolute("/srv/keyway\u0085x"))
			.withMessageEndingWith("got \"/srv/keyway?x\"");
	}

	@Test
	void postProcessWhenAFileHasTheDirectorysNameThenRefusedSayingSo() throws Exception {
		Path file = Files.createFile(this.temp.resolve("data"));

		assertThatIllegalStateException()
			.isThrownBy(() -> new DataDirectory().postProcessEnvironment(
					environment(file.toString(), "jdbc:h2:file:" + file + "/keyway"), new SpringApplication()))
			.withMessage("keyway.data-dir: cannot create the directory " + file + ": a file of that name exists");
	}

	@Test
	void absoluteWhenGivenTwiceAndJoinedWithACommaThenRefused() {
		// --keyway.data-dir=/srv/a --keyway.data-dir=/srv/b reaches the environment as "/srv/a,/srv/b"
		assertThatIllegalStateException().isThrownBy(() -> DataDirectory.absolute("/srv/a,/srv/b"))
			.withMessage("keyway.data-dir must be one directory path, without ',' (a setting given twice is joined with a "
					+ "comma); got \"/srv/a,/srv/b\"");
	}

	@Test
	void postProcessWhenTheUrlSpellsTheDirectoryDifferentlyThenStillCreatedOwnerOnly() throws Exception {
		// the review of the change: "url contains the directory" missed ./data in the URL beside data in the setting
		Path directory = this.temp.resolve("b");

		new DataDirectory().postProcessEnvironment(environment(directory.toString(), "jdbc:h2:file:" + this.temp
				+ "/a/../b/keyway;DB_CLOSE_ON_EXIT=FALSE"), new SpringApplication());

		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory))).isEqualTo("rwx------");
	}

	@Test
	void postProcessWhenPostgresWithInlineKeysThenTheUnusedDirectoryIsNotChecked() {
		// a compose file's KEYWAY_DATA_DIR=${X:-} on a node that keeps nothing in a data directory
		StandardEnvironment environment = environment("", "jdbc:postgresql://db.internal/keyway");
		environment.getPropertySources()
			.addLast(new MapPropertySource("keys", Map.of("keyway.crypto.master-keys", "a-key")));

		new DataDirectory().postProcessEnvironment(environment, new SpringApplication());

		assertThat(environment.getProperty("keyway.data-dir")).isEmpty();
	}

	@Test
	void keyFileNotLeftBehindWhenAnEarlierVersionPutItUnderATildeDirectoryThenSaysWhereToMoveIt() throws Exception {
		Path home = Files.createDirectory(this.temp.resolve("home"));
		Path work = Files.createDirectory(this.temp.resolve("work"));
		Path old = Files.createDirectories(work.resolve("~/keyway")).resolve("master.key");
		Files.writeString(old, "key");
		String now = home.resolve("keyway").toString();

		assertThatIllegalStateException()
			.isThrownBy(() -> DataDirectory.keyFileNotLeftBehind("~/keyway", now, now + "/master.key", work))
			.withMessage("keyway.data-dir: the master key of ~/keyway is at " + old + " (a directory named ~ in the working "
					+ "directory, where earlier versions put it), and its database under " + now + ": move " + old + " to "
					+ now + "/master.key and start again");
		Files.delete(old);
		DataDirectory.keyFileNotLeftBehind("~/keyway", now, now + "/master.key", work);
	}

	private static StandardEnvironment environment(String directory, String url) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addFirst(new MapPropertySource("test", Map.of("keyway.data-dir", directory, "spring.datasource.url", url)));
		return environment;
	}

}
