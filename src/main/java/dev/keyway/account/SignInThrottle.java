package dev.keyway.account;

import java.time.Clock;
import java.util.Locale;
import java.util.regex.Pattern;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import org.springframework.stereotype.Component;

/**
 * A token bucket per source address for sign-in attempts that check a password
 * ({@link SignInLimitProperties}): {@code burst} tokens, one more every {@code refill}. The address is
 * the servlet's remote address, which follows forwarded headers only from trusted proxies
 * ({@code server.forward-headers-strategy}); IPv6 addresses count per /64, the block one subscriber
 * usually holds.
 *
 * <p>
 * Per node, in a bounded Caffeine cache: a bucket unused for the time to refill completely is full
 * again, so dropping it loses nothing. Hand-written (one small synchronized class) rather than
 * Bucket4j: a second dependency for one bucket shape is not worth it.
 */
@Component
class SignInThrottle {

	/** The characters of an IPv6 literal; anything else is never given to {@code InetAddress} (no DNS). */
	private static final Pattern IPV6_LITERAL = Pattern.compile("[0-9A-Fa-f:.]+(%[0-9A-Za-z]+)?");

	private final Cache<String, Bucket> buckets;

	private final Clock clock;

	private final int burst;

	private final long refillMillis;

	SignInThrottle(SignInLimitProperties properties, Clock clock) {
		this.clock = clock;
		this.burst = properties.burst();
		this.refillMillis = properties.refill().toMillis();
		this.buckets = Caffeine.newBuilder()
			.maximumSize(100_000)
			.expireAfterAccess(properties.refill().multipliedBy(properties.burst()))
			.build();
	}

	/** Takes one token of the source's bucket; false when it is empty (the attempt must not check a password). */
	boolean tryAcquire(String source) {
		long now = this.clock.millis();
		return this.buckets.get(key(source), (k) -> new Bucket(this.burst, now)).tryTake(now, this.burst, this.refillMillis);
	}

	/** Returns the token of an attempt that checked no password or proved it (a right password costs nothing). */
	void giveBack(String source) {
		Bucket bucket = this.buckets.getIfPresent(key(source));
		if (bucket != null) {
			bucket.giveBack(this.burst);
		}
	}


	/** The bucket's key: the address, an IPv6 address cut to its /64. */
	static String key(String source) {
		if (source == null || source.isEmpty()) {
			return "unknown";
		}
		String address = source.startsWith("[") && source.endsWith("]") ? source.substring(1, source.length() - 1)
				: source;
		if (address.indexOf(':') < 0 || !IPV6_LITERAL.matcher(address).matches()) {
			return address.length() <= 64 ? address : address.substring(0, 64);
		}
		try {
			byte[] bytes = java.net.InetAddress.getByName(address).getAddress();
			if (bytes.length != 16) {
				return address;
			}
			StringBuilder prefix = new StringBuilder();
			for (int i = 0; i < 8; i += 2) {
				prefix.append(String.format(Locale.ROOT, "%x:", ((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff)));
			}
			return prefix.append(":/64").toString();
		}
		catch (java.net.UnknownHostException ex) {
			return address.length() <= 64 ? address : address.substring(0, 64);
		}
	}

	/** Tokens left and when they were last topped up. */
	private static final class Bucket {

		private double tokens;

		private long refilledAt;

		Bucket(int burst, long now) {
			this.tokens = burst;
			this.refilledAt = now;
		}

		synchronized boolean tryTake(long now, int burst, long refillMillis) {
			if (now > this.refilledAt) {
				this.tokens = Math.min(burst, this.tokens + (double) (now - this.refilledAt) / refillMillis);
				this.refilledAt = now;
			}
			if (this.tokens < 1) {
				return false;
			}
			this.tokens -= 1;
			return true;
		}

		synchronized void giveBack(int burst) {
			this.tokens = Math.min(burst, this.tokens + 1);
		}

	}

}
