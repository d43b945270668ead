package dev.keyway.testing;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import dev.keyway.audit.Actor;
import dev.keyway.settings.RuntimeSettings;
import dev.keyway.settings.SettingsService;

import org.springframework.context.ApplicationContext;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * The one way a test of the shared application context changes runtime settings safely: with
 * {@code @ExtendWith(RestoreSettings.class)} every setting is snapshotted before each test (before
 * the class's own {@code @BeforeEach}) and put back after it (after its {@code @AfterEach}), whatever
 * the test changed, through the service, the management API or the admin UI. Values set in
 * {@code @BeforeAll} are part of the snapshot, so they survive from test to test.
 */
public final class RestoreSettings implements BeforeEachCallback, AfterEachCallback {

	private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(RestoreSettings.class);

	@Override
	public void beforeEach(ExtensionContext context) {
		ApplicationContext application = SpringExtension.getApplicationContext(context);
		context.getStore(NAMESPACE).put(SettingsSnapshot.class,
				SettingsSnapshot.of(application.getBean(RuntimeSettings.class)));
	}

	@Override
	public void afterEach(ExtensionContext context) {
		SettingsSnapshot snapshot = context.getStore(NAMESPACE).remove(SettingsSnapshot.class, SettingsSnapshot.class);
		if (snapshot != null) {
			SpringExtension.getApplicationContext(context)
				.getBean(SettingsService.class)
				.update(snapshot.values(), Actor.system(context.getRequiredTestClass().getSimpleName()));
		}
	}

}
