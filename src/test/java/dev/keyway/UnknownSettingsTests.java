package dev.keyway;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import dev.keyway.testing.DatabaseIndependent;

import static org.assertj.core.api.Assertions.assertThat;

@DatabaseIndependent
@ExtendWith(OutputCaptureExtension.class)
class UnknownSettingsTests {

	private static final KnownSettings KNOWN = KnownSettings.fromBuild();

	@Test
	void warningsWhenKeyMisspelledThenNamesTheKeyWhereItCameFromAndTheSettingsNextToIt() {
		assertThat(warnings(Map.of("keyway.gateway.fille", "gateway.yml"), Map.of()))
			.containsExactly("\"keyway.gateway.fille\" (command line) is no setting of Keyway and is ignored; "
					+ "the settings next to it: keyway.gateway.file");
		assertThat(warnings(Map.of("keyway.webhook.url", "https://x.example/"), Map.of()))
			.singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
			.contains("\"keyway.webhook.url\"").contains("docs/SETTINGS.md lists the settings");
	}

	@Test
	void warningsWhenRelaxedFormsIndexesAndVariablesOfKnownSettingsThenNone() {
		assertThat(warnings(Map.of("keyway.dataDir", "d", "keyway.data_dir", "d", "KEYWAY.GATEWAY.FILE", "g",
				"keyway.callbacks.allowed-networks[0]", "127.0.0.0/8", "keyway.webhooks.allowedNetworks[1]", "::1"),
				Map.of("KEYWAY_DATA_DIR", "d", "KEYWAY_DATADIR", "d", "KEYWAY_CALLBACKS_ALLOWEDNETWORKS", "x",
						"KEYWAY_CALLBACKS_ALLOWED_NETWORKS_0", "x", "KEYWAY_ADMIN_PASSWORD", "p",
						"KEYWAY_SERVER_EVENTLOOP_PORT", "0")))
			.isEmpty();
	}

	@Test
	void warningsWhenOtherPrefixesOrScriptVariablesThenNone() {
		assertThat(warnings(Map.of("spring.datasource.urll", "x", "keywayy.data-dir", "x", "server.portt", "1"),
				Map.of("KEYWAY_JAVA", "/usr/bin/java", "KEYWAY_FAST_START_DIR", "/tmp/x", "HOME", "/root")))
			.isEmpty();
	}

	@Test
	void warningsWhenAnArgumentWithoutEqualsSignHoldsAValueThenOnlyTheNamePartIsShown() {
		// --"keyway.admin.password hunter2" as one argument (a container's args:) is an option named all of it
		assertThat(warnings(Map.of("keyway.admin.password hunter2", ""), Map.of()))
			.singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
			.startsWith("\"keyway.admin.password\" (and 8 more characters) (command line) is no setting")
			.doesNotContain("hunter2");
	}

	@Test
	void warningsWhenVariablesOfServiceLinksOrTheOperatorsOwnThenNone() {
		// a Kubernetes Service named keyway gives every pod these; the gateway file may read the operator's own
		assertThat(warnings(Map.of(), Map.of("KEYWAY_PORT", "tcp://10.0.0.1:8080", "KEYWAY_SERVICE_HOST", "10.0.0.1",
				"KEYWAY_SERVICE_PORT_HTTP", "8080", "KEYWAY_PORT_8080_TCP_ADDR", "10.0.0.1", "KEYWAY_ERP_SECRET", "s",
				"KEYWAY_ENV_FOO", "x")))
			.isEmpty();
	}

	@Test
	void warningsWhenServiceLinksOfAServiceNamedLikeASettingsGroupThenNone() {
		// Services named keyway-admin and keyway-node: their first words are settings' first words
		assertThat(warnings(Map.of(), Map.of("KEYWAY_ADMIN_SERVICE_HOST", "10.0.0.2", "KEYWAY_ADMIN_SERVICE_PORT", "8080",
				"KEYWAY_ADMIN_SERVICE_PORT_HTTP", "8080", "KEYWAY_NODE_PORT", "tcp://10.0.0.3:8080",
				"KEYWAY_NODE_PORT_8080_TCP", "tcp://10.0.0.3:8080", "KEYWAY_NODE_PORT_8080_TCP_ADDR", "10.0.0.3",
				"KEYWAY_NODE_PORT_8080_TCP_PROTO", "tcp")))
			.isEmpty();
		assertThat(warnings(Map.of(), Map.of("KEYWAY_ADMIN_PORTT", "8080"))).hasSize(1);
	}

	@Test
	void warningsWhenVariableMisspelledThenTheSettingsNextToItsDottedForm() {
		assertThat(warnings(Map.of(), Map.of("KEYWAY_GATEWAY_FILLE", "gateway.yml")))
			.containsExactly("\"KEYWAY_GATEWAY_FILLE\" (environment variable) is no setting of Keyway and is ignored; "
					+ "the settings next to it: keyway.gateway.file");
	}

	@Test
	void warningsWhenASettingOfItsOwnIsMisspelledThenTheSettingsWithItsFirstWord() {
		// KEYWAY_PUBLIC_URL for keyway.public-base-url: no group is named public
		assertThat(warnings(Map.of("keyway.public-url", "https://shop.example"),
				Map.of("KEYWAY_PUBLIC_URL", "https://shop.example", "KEYWAY_PUBLIC_BASE_URL", "https://shop.example",
						"KEYWAY_DATA_DIR", "/var/lib/keyway")))
			.containsExactlyInAnyOrder(
					"\"keyway.public-url\" (command line) is no setting of Keyway and is ignored; "
							+ "the settings next to it: keyway.public-base-url",
					"\"KEYWAY_PUBLIC_URL\" (environment variable) is no setting of Keyway and is ignored; "
							+ "the settings next to it: keyway.public-base-url");
	}

	@Test
	void warningsWhenValueIsASecretOrTheKeyHoldsALineBreakThenOnlyTheKeyOnOneLine() {
		List<String> lines = warnings(Map.of("keyway.crypto.master-keyz", "c2VjcmV0LXZhbHVlLW5ldmVyLXNob3du",
				"keyway.x\nWARN forged", "v"), Map.of());
		assertThat(lines).hasSize(2).noneMatch((line) -> line.contains("c2VjcmV0") || line.contains("\n"));
		assertThat(lines).anyMatch((line) -> line.startsWith("\"keyway.x\" (and 12 more characters) (command line)"));
		assertThat(lines).anyMatch((line) -> line.contains("keyway.crypto.master-keys, "));
	}

	@Test
	void warningsWhenManyUnknownKeysThenTwentyListedAndTheRestCounted() {
		Map<String, Object> keys = new LinkedHashMap<>();
		for (int i = 0; i < UnknownSettings.LISTED + 5; i++) {
			keys.put("keyway.nothing" + i, "v");
		}
		List<String> lines = warnings(keys, Map.of());
		assertThat(lines).hasSize(UnknownSettings.LISTED + 1);
		assertThat(lines.get(UnknownSettings.LISTED)).startsWith("5 more keyway settings");
	}

	@Test
	void warningsWhenTheNodesOwnConfigurationAndAMisspelledArgumentThenOnlyTheArgument(@TempDir Path data) {
		// the packaged application.yml, the data directory's placeholder and the machine's environment as a start
		// reads them: nothing of Keyway's own configuration may read as unknown
		SpringApplication application = new SpringApplication(Empty.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		try (ConfigurableApplicationContext context = application.run("--keyway.data-dir=" + data,
				"--keyway.gateway.fille=gateway.yml")) {
			List<String> lines = UnknownSettings.warnings(context.getEnvironment(), KNOWN);
			// the machine's variables are not the node's (the test run's database switch, keyway-test.database, is
			// named outside keyway.* for this reason)
			assertThat(lines).filteredOn((line) -> !line.contains("(environment variable)"))
				.singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
				.startsWith("\"keyway.gateway.fille\" (command line)");
		}
	}

	@Test
	void postProcessBeanFactoryWhenAStartHasAnUnknownKeyThenItIsLoggedAsAWarning(@TempDir Path data,
			CapturedOutput output) {
		SpringApplication application = new SpringApplication(WithCheck.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		try (ConfigurableApplicationContext context = application.run("--keyway.data-dir=" + data,
				"--keyway.oauth.nonce-stor=memory")) {
			assertThat(output).containsPattern("WARN .*UnknownSettings +: \"keyway.oauth.nonce-stor\" \\(command line\\) "
					+ "is no setting of Keyway and is ignored; the settings next to it: keyway.oauth.cleanup-interval, "
					+ "keyway.oauth.nonce-memory, keyway.oauth.nonce-store, keyway.oauth.nonce-writers");
		}
	}

	private static List<String> warnings(Map<String, Object> arguments, Map<String, Object> variables) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
		environment.getPropertySources().remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
		environment.getPropertySources().addFirst(new MapPropertySource("commandLineArgs", arguments));
		environment.getPropertySources().addLast(new SystemEnvironmentPropertySource(
				StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
		return UnknownSettings.warnings(environment, KNOWN);
	}

	@Configuration(proxyBeanMethods = false)
	static class Empty {

	}

	@Configuration(proxyBeanMethods = false)
	@Import(UnknownSettings.class)
	static class WithCheck {

	}

}
