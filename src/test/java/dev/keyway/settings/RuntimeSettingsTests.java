package dev.keyway.settings;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.keyway.testing.DatabaseIndependent;
import dev.keyway.testing.DatabaseOutage;

import static org.assertj.core.api.Assertions.assertThat;

/** The periodic reload of runtime settings while the database is away: the last snapshot stays. */
@DatabaseIndependent
class RuntimeSettingsTests {

	@Test
	void refreshWhenDatabaseUnavailableThenOneWarnWithoutTraceSnapshotKeptAndInfoWhenItAnswers() {
		try (DatabaseOutage.Log output = DatabaseOutage.log(RuntimeSettings.class)) {
			DatabaseOutage outage = new DatabaseOutage();
			outage.end();
			Map<String, String> rows = new HashMap<>();
			for (Setting setting : Setting.values()) {
				rows.put(setting.path(), "1");
			}
			SettingStore store = new SettingStore(null) {

				@Override
				Map<String, String> findAll() {
					outage.check();
					return Map.copyOf(rows);
				}

			};
			RuntimeSettings settings = new RuntimeSettings(store);
			Setting any = Setting.values()[0];
			outage.begin();
			rows.put(any.path(), "0");
			for (int i = 0; i < 3; i++) {
				settings.refresh();
			}
			DatabaseOutage.assertReportedOnce(output, "Runtime settings refresh");
			assertThat(settings.value(any)).isEqualTo("1");

			outage.end();
			settings.refresh();
			settings.refresh();
			DatabaseOutage.assertRecoveredOnce(output, "Runtime settings refresh");
			assertThat(settings.value(any)).isEqualTo("0");
		}
	}

	@Test
	void secondsWhenValueChangedAndReloadedThenNewValueAndNonNumberStillRefused() {
		Map<String, String> rows = new HashMap<>();
		for (Setting setting : Setting.values()) {
			rows.put(setting.path(), "600");
		}
		SettingStore store = new SettingStore(null) {

			@Override
			Map<String, String> findAll() {
				return Map.copyOf(rows);
			}

		};
		RuntimeSettings settings = new RuntimeSettings(store);
		assertThat(settings.seconds(Setting.TIMESTAMP_WINDOW)).isEqualTo(java.time.Duration.ofSeconds(600));
		assertThat(settings.number(Setting.TIMESTAMP_WINDOW)).isEqualTo(600);

		rows.put(Setting.TIMESTAMP_WINDOW.path(), "120");
		rows.put(Setting.CONSUMER_EXPIRATION.path(), "soon");
		settings.reload();

		assertThat(settings.seconds(Setting.TIMESTAMP_WINDOW)).isEqualTo(java.time.Duration.ofSeconds(120));
		assertThat(settings.number(Setting.TIMESTAMP_WINDOW)).isEqualTo(120);
		assertThat(settings.value(Setting.TIMESTAMP_WINDOW)).isEqualTo("120");
		assertThat(settings.all()).containsEntry(Setting.TIMESTAMP_WINDOW, "120");
		org.assertj.core.api.Assertions.assertThatThrownBy(() -> settings.seconds(Setting.CONSUMER_EXPIRATION))
			.isInstanceOf(NumberFormatException.class);
	}

}
