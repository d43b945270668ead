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
 * over the last 24 h (whole hours: the oldest bucket may reach back 24 h and part of an hour) and since
 * creation, the newest refusals with the node that refused each. The caller's right to read the integration is checked before.
 */
@Component
public class IntegrationHealth {

	private final HealthStore store;

	private final Clock clock;

	IntegrationHealth(HealthStore store, Clock clock) {
		this.store = store;
		this.clock = clock;
	}

	/** The health of an integration (the caller's right to read it is checked before). */
	public HealthSummary summary(long integrationId) {
		long since = HealthRecorder.hourOf(this.clock.millis()) - 23 * 3600;
		Optional<HealthStore.LastUse> last = this.store.lastUse(integrationId);
		List<HealthSummary.RecentRefusal> recent = new ArrayList<>();
		for (HealthStore.RefusalRow row : this.store.recentRefusals(integrationId)) {
			recent.add(new HealthSummary.RecentRefusal(Instant.ofEpochMilli(row.refusedAt()), row.node(), row.method(), row.path(),
					row.sourceAddress(), row.reason(), row.hint(), row.baseString(), row.signatureMethod(),
					row.skewSeconds()));
		}
		return new HealthSummary(last.map((use) -> Instant.ofEpochMilli(use.usedAt())).orElse(null),
				last.map(HealthStore.LastUse::sourceAddress).orElse(null), this.store.requestsSince(integrationId, since),
				this.store.refusalsSince(integrationId, since), List.copyOf(recent), this.store.requestTotal(integrationId),
				this.store.refusalTotals(integrationId));
	}

	/** When each of these integrations was last used (those never used are absent): the grid's column. */
	public Map<Long, Instant> lastUsed(java.util.Collection<Long> integrationIds) {
		Map<Long, Instant> times = new java.util.HashMap<>();
		this.store.lastUses(integrationIds).forEach((id, use) -> times.put(id, Instant.ofEpochMilli(use.usedAt())));
		return times;
	}

	/** Calls that passed and refused since creation, of those of these integrations that have any: the grid's column. */
	public Map<Long, Totals> totals(java.util.Collection<Long> integrationIds) {
		Map<Long, Totals> totals = new java.util.HashMap<>();
		this.store.totals(integrationIds).forEach((id, row) -> totals.put(id, new Totals(row.requests(), row.refusals())));
		return totals;
	}

	/** An integration's calls since it was created: those that passed, those refused. */
	public record Totals(long requests, long refusals) {
	}

	/** The JSON body: snake_case names, times in ISO-8601 UTC. */
	public Map<String, Object> of(long integrationId) {
		HealthSummary health = summary(integrationId);
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("integration_id", integrationId);
		body.put("last_used_at", (health.lastUsedAt() != null) ? health.lastUsedAt().toString() : null);
		body.put("last_used_ip", health.lastUsedIp());
		body.put("requests_24h", health.requests24h());
		body.put("refusals_24h", health.refusals24h());
		body.put("requests_total", health.requestsTotal());
		body.put("refusals_total", health.refusalsTotal());
		List<Map<String, Object>> recent = new ArrayList<>();
		for (HealthSummary.RecentRefusal row : health.recentRefusals()) {
			Map<String, Object> item = new LinkedHashMap<>();
			item.put("time", row.time().toString());
			item.put("node", row.node());
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
