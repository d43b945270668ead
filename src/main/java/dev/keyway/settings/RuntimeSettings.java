package dev.keyway.settings;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

import dev.keyway.oauth.BackgroundTaskLog;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * The current runtime settings, read on every request without a database round trip: an immutable
 * snapshot, reloaded after every local change commits, and every few seconds in case another node
 * changed something.
 */
@Component
public class RuntimeSettings {

	private final SettingStore store;

	private volatile Snapshot snapshot;

	private final BackgroundTaskLog task = new BackgroundTaskLog(RuntimeSettings.class, "Runtime settings refresh");

	RuntimeSettings(SettingStore store) {
		this.store = store;
		reload();
	}

	public String value(Setting setting) {
		return this.snapshot.values().get(setting);
	}

	public int number(Setting setting) {
		Duration parsed = this.snapshot.seconds()[setting.ordinal()];
		return (parsed != null) ? (int) parsed.getSeconds() : Integer.parseInt(value(setting));
	}

	public boolean enabled(Setting setting) {
		return "1".equals(value(setting));
	}

	/** A number of seconds, parsed once a snapshot (the request path reads the timestamp window on every call). */
	public Duration seconds(Setting setting) {
		Duration parsed = this.snapshot.seconds()[setting.ordinal()];
		return (parsed != null) ? parsed : Duration.ofSeconds(number(setting));
	}

	/** Every setting with its current value. */
	public Map<Setting, String> all() {
		return this.snapshot.values();
	}

	/** The periodic reload (another node may have changed a setting); the last snapshot stays while it fails. */
	@Scheduled(fixedDelayString = "${keyway.settings.refresh-interval:PT5S}",
			initialDelayString = "${keyway.settings.refresh-interval:PT5S}")
	void refresh() {
		this.task.run(this::reload);
	}

	public void reload() {
		Map<String, String> rows = this.store.findAll();
		Map<Setting, String> values = new EnumMap<>(Setting.class);
		for (Setting setting : Setting.values()) {
			String value = rows.get(setting.path());
			if (value == null) {
				throw new IllegalStateException("runtime_settings has no row for " + setting.path()
						+ "; the database schema is older than this node");
			}
			values.put(setting, value);
		}
		Duration[] seconds = new Duration[Setting.values().length];
		for (Map.Entry<Setting, String> entry : values.entrySet()) {
			try {
				seconds[entry.getKey().ordinal()] = Duration.ofSeconds(Integer.parseInt(entry.getValue()));
			}
			catch (NumberFormatException ex) {
				// not a number: number() and seconds() parse it when asked, and fail as they always did
			}
		}
		this.snapshot = new Snapshot(Collections.unmodifiableMap(values), seconds);
	}

	/** The settings' values, and those that are whole numbers as seconds (by the setting's ordinal), read together. */
	private record Snapshot(Map<Setting, String> values, Duration[] seconds) {
	}

	@TransactionalEventListener(phase = TransactionPhase.AFTER_COMPLETION, fallbackExecution = true)
	void on(SettingsChanged event) {
		reload();
	}

}
