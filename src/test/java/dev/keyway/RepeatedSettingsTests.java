package dev.keyway;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.DefaultApplicationArguments;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.NestedExceptionUtils;

import dev.keyway.testing.DatabaseIndependent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DatabaseIndependent
class RepeatedSettingsTests {

	private static final KnownSettings KNOWN = KnownSettings.fromBuild();

	@Test
	void checkWhenASingleValuedSettingIsRepeatedThenRefusedWithItsNameAndCountNeverTheValues() {
		assertThatIllegalStateException()
			.isThrownBy(() -> check("--keyway.public-base-url=https://a.example/", "--keyway.public-base-url=https://b.example/"))
			.withMessage("keyway.public-base-url must be given once; got it 2 times on the command line "
					+ "(Spring would join the values with a comma)");
		assertThatIllegalStateException()
			.isThrownBy(() -> check("--keyway.crypto.master-keys=c2VjcmV0LW9uZQ==", "--keyway.crypto.master-keys=c2VjcmV0LXR3bw==",
					"--keyway.crypto.master-keys=c2VjcmV0LXRocmVl"))
			.withMessageStartingWith("keyway.crypto.master-keys must be given once; got it 3 times")
			.withMessageNotContaining("c2VjcmV0");
	}

	@Test
	void checkWhenAListSettingIsRepeatedOrEverySettingGivenOnceThenAccepted() {
		assertThatCode(() -> check("--keyway.callbacks.allowed-networks=127.0.0.0/8",
				"--keyway.callbacks.allowed-networks=::1", "--keyway.public-base-url=https://a.example/",
				"--server.port=8081", "--server.port=8082", "--keyway.nothing=1", "--keyway.nothing=2", "positional"))
			.doesNotThrowAnyException();
	}

	@Test
	void checkWhenTheNameIsWrittenAnotherWayThenRefusedAsKeywaySpellsIt() {
		assertThatIllegalStateException()
			.isThrownBy(() -> check("--Keyway.Public-Base-Url=https://a.example/", "--Keyway.Public-Base-Url=https://b.example/"))
			.withMessageStartingWith("keyway.public-base-url must be given once; got it 2 times");
	}

	@Test
	void onApplicationEventWhenAStartRepeatsASettingThenRefusedBeforeTheSettingsOwnCheck(@TempDir Path data) {
		// the data directory's own check refuses a "," (the joined value) a step later: this names the repetition
		SpringApplication application = new SpringApplication(Empty.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		assertThatThrownBy(() -> application.run("--keyway.data-dir=" + data.resolve("a"),
				"--keyway.data-dir=" + data.resolve("b")))
			.satisfies((ex) -> assertThat(NestedExceptionUtils.getMostSpecificCause(ex))
				.hasMessage("keyway.data-dir must be given once; got it 2 times on the command line "
						+ "(Spring would join the values with a comma)"));
		assertThat(data.resolve("a")).doesNotExist();
	}

	private static void check(String... args) {
		RepeatedSettings.check(new DefaultApplicationArguments(args), () -> KNOWN);
	}

	@Configuration(proxyBeanMethods = false)
	static class Empty {

	}

}
