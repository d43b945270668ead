package dev.keyway.settings;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.keyway.audit.Actor;
import dev.keyway.audit.AuditTrail;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Changes runtime settings: all values validated first, then stored, audited and applied together. */
@Service
public class SettingsService {

	private final SettingStore store;

	private final AuditTrail audit;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	SettingsService(SettingStore store, AuditTrail audit, ApplicationEventPublisher events,
			Clock clock) {
		this.store = store;
		this.audit = audit;
		this.events = events;
		this.clock = clock;
	}

	/**
	 * Applies the submitted values (path to value).
	 * @return the settings that actually changed, path to new value
	 * @throws InvalidSettingsException listing every unknown path and invalid value; nothing is changed
	 */
	@Transactional
	public Map<String, String> update(Map<String, String> submitted, Actor actor) {
		List<InvalidSettingException> errors = new ArrayList<>();
		Map<Setting, String> normalized = new LinkedHashMap<>();
		submitted.forEach((path, value) -> {
			Setting setting = Setting.byPath(path).orElse(null);
			if (setting == null) {
				errors.add(new InvalidSettingException(path, value, "Unknown setting %s; known settings: %s."
					.formatted(Setting.shown(path), String.join(", ", Arrays.stream(Setting.values()).map(Setting::path).toList()))));
				return;
			}
			try {
				normalized.put(setting, setting.normalize(value));
			}
			catch (InvalidSettingException ex) {
				errors.add(ex);
			}
		});
		Map<String, String> stored = this.store.findAll();
		if (errors.isEmpty()) {
			checkPageSizes(normalized, stored, errors);
		}
		if (!errors.isEmpty()) {
			throw new InvalidSettingsException(errors);
		}
		Map<String, String> changed = new LinkedHashMap<>();
		normalized.forEach((setting, value) -> {
			String before = stored.get(setting.path());
			if (!Objects.equals(before, value)) {
				this.store.update(setting.path(), value, this.clock.instant());
				this.audit.record(actor, "setting.change", AuditTrail.Subject.setting(setting.path()),
						Map.of("value", before), Map.of("value", value));
				changed.put(setting.path(), value);
			}
		});
		if (!changed.isEmpty()) {
			this.events.publishEvent(new SettingsChanged(changed.keySet()));
		}
		return changed;
	}

	/** The Default Page Size may not exceed the Maximum Page Size, as both will be after this change. */
	private static void checkPageSizes(Map<Setting, String> normalized, Map<String, String> stored,
			List<InvalidSettingException> errors) {
		String defaultSize = normalized.getOrDefault(Setting.DEFAULT_PAGE_SIZE, stored.get(Setting.DEFAULT_PAGE_SIZE.path()));
		String maximumSize = normalized.getOrDefault(Setting.MAXIMUM_PAGE_SIZE, stored.get(Setting.MAXIMUM_PAGE_SIZE.path()));
		if (defaultSize != null && maximumSize != null && Long.parseLong(defaultSize) > Long.parseLong(maximumSize)) {
			errors.add(new InvalidSettingException(Setting.DEFAULT_PAGE_SIZE, defaultSize,
					"Setting \"%s\" (%s) must not exceed \"%s\" (%s, %s); got \"%s\".".formatted(
							Setting.DEFAULT_PAGE_SIZE.path(), Setting.DEFAULT_PAGE_SIZE.label(),
							Setting.MAXIMUM_PAGE_SIZE.path(), Setting.MAXIMUM_PAGE_SIZE.label(), maximumSize, defaultSize)));
		}
	}

}
