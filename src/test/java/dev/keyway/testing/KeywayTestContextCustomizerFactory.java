package dev.keyway.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Gives every Spring test context of this project a fresh database (H2 or PostgreSQL, see
 * {@link TestDatabases}), its own data directory, a known first admin, a {@link TestClock} and
 * bcrypt at its smallest work factor ({@link TestPasswordHashing}).
 */
public class KeywayTestContextCustomizerFactory implements ContextCustomizerFactory {

	/** User name and password of the first admin in every test context. */
	public static final String ADMIN_USERNAME = "admin";

	public static final String ADMIN_PASSWORD = "test-admin-password-1";

	/** Refusals answer at once in tests; RefusalDelayTests runs nodes with a delay. */
	public static final String REFUSAL_DELAY = "0s";

	@Override
	public ContextCustomizer createContextCustomizer(Class<?> testClass,
			List<ContextConfigurationAttributes> configAttributes) {
		return new Customizer();
	}

	/** Stateless, so that all test classes with the same configuration share one cached context. */
	static final class Customizer implements ContextCustomizer {

		@Override
		public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
			TestDatabases.Database database = TestDatabases.newDatabase();
			Path dataDir;
			try {
				dataDir = Files.createTempDirectory("keyway-test-");
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
			context.getEnvironment()
				.getPropertySources()
				.addFirst(new MapPropertySource("keywayTest",
						Map.of("spring.datasource.url", database.url(), "spring.datasource.username",
								database.username(), "spring.datasource.password", database.password(),
								"keyway.data-dir", dataDir.toString(), "keyway.admin.username", ADMIN_USERNAME,
								"keyway.admin.password", ADMIN_PASSWORD, "keyway.webapi.refusal-delay",
								REFUSAL_DELAY)));
			if (context.getBeanFactory() instanceof BeanDefinitionRegistry registry) {
				RootBeanDefinition clock = new RootBeanDefinition(TestClock.class);
				clock.setPrimary(true);
				clock.setRole(BeanDefinition.ROLE_INFRASTRUCTURE);
				registry.registerBeanDefinition("testClock", clock);
				TestPasswordHashing.register(registry);
			}
		}

		@Override
		public boolean equals(Object other) {
			return other instanceof Customizer;
		}

		@Override
		public int hashCode() {
			return Customizer.class.hashCode();
		}

	}

}
