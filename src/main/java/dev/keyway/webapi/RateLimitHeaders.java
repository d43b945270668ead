package dev.keyway.webapi;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.keyway.integration.RateLimit;

/**
 * The answer to a call over its integration's rate limit (SPEC 5.12): 429 in Magento's error shape,
 * {@code Retry-After} in seconds (RFC 9110 §10.2.3), and the {@code RateLimit-Policy} and
 * {@code RateLimit} fields of draft-ietf-httpapi-ratelimit-headers in its structured-field syntax
 * (draft -08 onwards, RFC 8941 lists): a policy item per window with {@code q} (quota) and {@code w}
 * (window in seconds), e.g. {@code "per-second";q=10;w=1, "per-minute";q=300;w=60}, and the refusing
 * policy's {@code r} (remaining) and {@code t} (seconds until quota is back), e.g.
 * {@code "per-minute";r=0;t=42}.
 */
final class RateLimitHeaders {

	/** The message of a 429 (Magento's %1 placeholders): quota, window unit, seconds. */
	static final String RATE_LIMITED = "The integration's rate limit of %1 calls per %2 is reached; retry in %3 seconds.";

	private RateLimitHeaders() {
	}

	static ApiException refusal(RateLimiter.Limited limited) {
		TokenBucket.Window window = limited.window();
		String seconds = Long.toString(limited.retryAfterSeconds());
		// one immutable map for the three fields (a 429 is answered often: no copy per field)
		return new ApiException(429, RATE_LIMITED, List.of(Integer.toString(window.quota(limited.limit())), window.unit,
				seconds))
			.withHeaders(Map.of("Retry-After", seconds, "RateLimit-Policy", policy(limited.limit()), "RateLimit",
					"\"" + window.policy + "\";r=0;t=" + seconds));
	}

	/** The policies of a limit: one per limited window (the burst is the bucket's depth, not a policy). */
	static String policy(RateLimit limit) {
		List<String> items = new ArrayList<>(2);
		if (limit.perSecond() > 0) {
			items.add("\"" + TokenBucket.Window.PER_SECOND.policy + "\";q=" + limit.perSecond() + ";w=1");
		}
		if (limit.perMinute() > 0) {
			items.add("\"" + TokenBucket.Window.PER_MINUTE.policy + "\";q=" + limit.perMinute() + ";w=60");
		}
		return String.join(", ", items);
	}

}
