package dev.keyway.admin;

import dev.keyway.settings.InvalidSettingException;
import dev.keyway.settings.Setting;

import org.springframework.stereotype.Component;

/**
 * A refused configuration value as the admin reads it (issue 12.5): the field by its label, the
 * allowed values or range with its unit, and the value given. The management API keeps the
 * settings module's own message, which names the setting's path for automation.
 */
@AdminUi
@Component
class SettingMessages {

	private final AdminText text;

	SettingMessages(AdminText text) {
		this.text = text;
	}

	String of(InvalidSettingException error) {
		Setting setting = Setting.byPath(error.path()).orElse(null);
		if (setting == null) {
			return error.getMessage();
		}
		String got = "\"" + error.value() + "\"";
		if (setting.kind() == Setting.Kind.YES_NO) {
			return this.text.get("config.error.yesNo", label(setting), got);
		}
		if (!inRange(setting, error.value())) {
			String unit = this.text.getOrNull("config.setting." + setting.path() + ".unit");
			return (unit != null)
					? this.text.get("config.error.numberUnit", label(setting), setting.min(), setting.max(), unit, got)
					: this.text.get("config.error.number", label(setting), setting.min(), setting.max(), got);
		}
		// In range but refused: the one rule between two settings (Default Page Size ≤ Maximum Page Size).
		return this.text.get("config.error.notAbove", label(setting), label(Setting.MAXIMUM_PAGE_SIZE), got);
	}

	private String label(Setting setting) {
		String label = this.text.getOrNull("config.setting." + setting.path() + ".label");
		return (label != null) ? label : setting.label();
	}

	private static boolean inRange(Setting setting, String value) {
		try {
			long number = Long.parseLong(value.strip());
			return number >= setting.min() && number <= setting.max();
		}
		catch (NumberFormatException | NullPointerException ex) {
			return false;
		}
	}

}
