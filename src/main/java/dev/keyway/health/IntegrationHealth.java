package dev.keyway.health;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.stereotype.Component;

/**
 * An integration's health as the management API answers it (SPEC 5.9): last use, calls and refusals
 * over the last 24 h (whole hours: the oldest bucket may reach back 24 h and part of an hour), the
 * newest refusals. The caller's right to read the integration is checked before.
 */
@Component
public class IntegrationHealth {

	private final HealthStore store;

	private final Clock clock;

	IntegrationHealth(HealthStore store, Clock clock) {
		this.store = store;
		this.clock = clock;
	}

	/** The JSON body: snake_case names, times in ISO-8601 UTC. */
	public Map<String, Object> of(long integrationId) {
		long since = HealthRecorder.hourOf(this.clock.millis()) - 23 * 3600;
		Optional<HealthStore.LastUse> last = this.store.lastUse(integrationId);
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("integration_id", integrationId);
		body.put("last_used_at", last.map((use) -> Instant.ofEpochMilli(use.usedAt()).toString()).orElse(null));
		body.put("last_used_ip", last.map(HealthStore.LastUse::sourceAddress).orElse(null));
		body.put("requests_24h", this.store.requestsSince(integrationId, since));
		body.put("refusals_24h", this.store.refusalsSince(integrationId, since));
		List<Map<String, Object>> recent = new ArrayList<>();
		for (HealthStore.RefusalRow row : this.store.recentRefusals(integrationId)) {
			Map<String, Object> item = new LinkedHashMap<>();
			item.put("time", Instant.ofEpochMilli(row.refusedAt()).toString());
			item.put("method", row.method());
			item.put("path", row.path());
			item.put("source_address", row.sourceAddress());
			item.put("reason", row.reason());
			item.put("hint", row.hint());
			if (row.baseString() != null) {
				item.put("base_string", row.baseString());
				item.put("signature_method", row.signatureMethod());
			}
			if (row.skewSeconds() != null) {
				item.put("skew_seconds", row.skewSeconds());
			}
			recent.add(item);
		}
		body.put("recent_refusals", recent);
		return body;
	}

}
