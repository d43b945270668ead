package dev.keyway.integration;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import dev.keyway.testing.KeywayNode;
import dev.keyway.testing.TestDatabases;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The integrations file is applied while the application context starts, before the server takes calls. As an
 * application runner it ran after the port was open (a DevOps trial: an integration removed from the file worked
 * for a second after a restart), and a refused file stopped a node that had started, with a second warning with a
 * trace ("Unable to close ApplicationContext … Cannot unregister active application context").
 */
@ExtendWith(OutputCaptureExtension.class)
class DeclaredIntegrationsStartupTests {

	@TempDir
	Path directory;

	@Test
	void startWhenFileDeclaresAnIntegrationThenItExistsWhenTheServerStartsTakingCalls() throws Exception {
		Path file = Files.writeString(this.directory.resolve("integrations.yml"),
				"integrations:\n  - name: Declared at start\n    all_resources: true\n");
		AtomicReference<Boolean> declaredWhenListening = new AtomicReference<>();

		try (KeywayNode node = start(file, (context) -> context.addApplicationListener(
				(ApplicationListener<WebServerInitializedEvent>) (started) -> declaredWhenListening
					.compareAndSet(null, started.getApplicationContext().getBean(IntegrationStore.class)
						.findByName("Declared at start").isPresent())))) {
			IntegrationService service = node.context().getBean(IntegrationService.class);

			assertThat(service.search(new IntegrationQuery("Declared at start", null, null, false, 1, 20, true)).items())
				.singleElement()
				.satisfies((integration) -> assertThat(integration.readOnly()).isTrue());
			assertThat(declaredWhenListening.get()).as("declared when the first port took calls").isTrue();
		}
	}

	@Test
	void startWhenFileIsRefusedThenTheStartFailsWithItsReasonAndNoSecondWarning(CapturedOutput output) throws Exception {
		Path file = Files.writeString(this.directory.resolve("integrations.yml"), "# nothing but a comment\n");

		Throwable refused = catchThrowable(() -> start(file).close());

		assertThat(refused).isNotNull();
		assertThat(output.getOut()).contains(file.toString())
			.doesNotContain("Unable to close ApplicationContext")
			.doesNotContain("Cannot unregister active application context");
	}

	private static KeywayNode start(Path file) {
		return start(file, (context) -> {
		});
	}

	private static KeywayNode start(Path file, ApplicationContextInitializer<ConfigurableApplicationContext> initializer) {
		byte[] key = new byte[32];
		new SecureRandom().nextBytes(key);
		return KeywayNode.start(TestDatabases.newDatabase(), Base64.getEncoder().encodeToString(key),
				Map.of("keyway.integrations-file", file.toString()), initializer);
	}

}
