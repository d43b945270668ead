package dev.keyway.settings;

import java.util.Set;

/** Published (inside the transaction) when runtime settings change. */
public record SettingsChanged(Set<String> paths) {
}
