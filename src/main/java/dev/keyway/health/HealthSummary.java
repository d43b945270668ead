package dev.keyway.health;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An integration's health as other modules read it (the admin's Edit page): the last call that
 * passed, calls and refusals by reason over the last 24 whole hours and since creation, the newest
 * refused calls.
 *
 * @param lastUsedAt the last call that passed, or null
 * @param lastUsedIp its source address, or null
 * @param requests24h calls that passed over the last 24 h
 * @param refusals24h refusals over the last 24 h by reason (snake_case), sorted by reason
 * @param recentRefusals the newest refused calls first (at most 50)
 * @param requestsTotal calls that passed since the integration was created (V42; counted from then on)
 * @param refusalsTotal refusals since the integration was created by reason (snake_case), sorted by reason
 */
public record HealthSummary(Instant lastUsedAt, String lastUsedIp, long requests24h, Map<String, Long> refusals24h,
		List<RecentRefusal> recentRefusals, long requestsTotal, Map<String, Long> refusalsTotal) {

	/** Total refusals over the last 24 h. */
	public long refusalTotal24h() {
		return this.refusals24h.values().stream().mapToLong(Long::longValue).sum();
	}

	/** Total refusals since the integration was created. */
	public long refusalTotalSinceCreation() {
		return this.refusalsTotal.values().stream().mapToLong(Long::longValue).sum();
	}

	/**
	 * A refused call as stored (no secret, signature or token value).
	 * @param node the node that refused it ({@code keyway.node-name}), null for calls refused before V42
	 *
	 * @param baseString for signature failures, the base string Keyway computed (token masked), else null
	 * @param signatureMethod with {@code baseString}, the method it was checked with
	 * @param skewSeconds for timestamps out of the window, the request's timestamp minus the server's clock
	 */
	public record RecentRefusal(Instant time, String node, String method, String path, String sourceAddress, String reason, String hint,
			String baseString, String signatureMethod, Long skewSeconds) {
	}

}
