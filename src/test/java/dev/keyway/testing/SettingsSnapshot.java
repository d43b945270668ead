package dev.keyway.testing;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.keyway.audit.Actor;
import dev.keyway.settings.RuntimeSettings;
import dev.keyway.settings.SettingsService;

/**
 * The runtime settings at one moment, by path. Tests do not use it directly: {@link RestoreSettings}
 * takes one before each test and restores it after.
 */
public record SettingsSnapshot(Map<String, String> values) {

	public static SettingsSnapshot of(RuntimeSettings settings) {
		Map<String, String> values = new LinkedHashMap<>();
		settings.all().forEach((setting, value) -> values.put(setting.path(), value));
		return new SettingsSnapshot(values);
	}

	public void restore(SettingsService service, Actor actor) {
		service.update(this.values, actor);
	}

}
