package dev.keyway.gateway;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link UpstreamAddresses}: an upstream's DNS name looked up off the event loop, its answer kept, looked up again
 * when due, kept through failed look-ups for a while, every address in the resolver's order.
 */
class UpstreamAddressesTests {

	private static final long MINUTES = Duration.ofMinutes(5).toNanos();

	private final AtomicReference<String[]> answer = new AtomicReference<>(new String[] { "10.0.0.7" });

	private final AtomicInteger lookUps = new AtomicInteger();

	private final Set<String> threads = ConcurrentHashMap.newKeySet();

	private final UpstreamAddresses.Resolver resolver = (host) -> {
		this.lookUps.incrementAndGet();
		this.threads.add(Thread.currentThread().getName());
		assertThat(host).isEqualTo("erp.internal");
		String[] ips = this.answer.get();
		if (ips == null) {
			throw new UnknownHostException(host);
		}
		InetAddress[] all = new InetAddress[ips.length];
		for (int i = 0; i < ips.length; i++) {
			all[i] = InetAddress.getByName(ips[i]);
		}
		return all;
	};

	@Test
	void currentWhenUrlNamesAnAddressThenThatAddressWithoutLookUp() {
		try (UpstreamAddresses literal = new UpstreamAddresses("[::1]", 9000, "u", this.resolver, MINUTES, MINUTES)) {
			assertThat(literal.current()).containsExactly(new InetSocketAddress("::1", 9000));
		}
		assertThat(this.lookUps).hasValue(0);
	}

	@Test
	void currentWhenNameThenEmptyUntilLookedUpOffTheCallersThreadThenEveryAddressInOrder() throws Exception {
		this.answer.set(new String[] { "10.0.0.7", "10.0.0.8" });
		try (UpstreamAddresses named = named(MINUTES, MINUTES)) {
			assertThat(named.current()).as("no answer before the first look-up ends").isEmpty();
			await(() -> !named.current().isEmpty());

			assertThat(named.current()).containsExactly(new InetSocketAddress("10.0.0.7", 9000),
					new InetSocketAddress("10.0.0.8", 9000));
			assertThat(this.threads).containsExactly("keyway-upstream-lookup-erp");
			for (int i = 0; i < 100; i++) {
				named.current();
			}
			assertThat(this.lookUps).as("one look-up serves every call until it is due").hasValue(1);
		}
	}

	@Test
	void currentWhenAnswerDueThenLookedUpAgainWhileTheOldAnswerServes() throws Exception {
		try (UpstreamAddresses named = named(0, MINUTES)) {
			await(() -> !named.current().isEmpty());
			this.answer.set(new String[] { "10.0.0.9" });

			await(() -> named.current().equals(List.of(new InetSocketAddress("10.0.0.9", 9000))));
		}
	}

	@Test
	void currentWhenLookUpsFailThenLastAnswerKeptUntilItExpires() throws Exception {
		try (UpstreamAddresses kept = named(0, MINUTES)) {
			await(() -> !kept.current().isEmpty());
			this.answer.set(null);
			int before = this.lookUps.get();
			await(() -> {
				kept.current();
				return this.lookUps.get() > before;
			});
			Thread.sleep(50);
			int failed = this.lookUps.get();
			for (int i = 0; i < 100; i++) {
				assertThat(kept.current()).as("a DNS outage keeps the working address")
					.containsExactly(new InetSocketAddress("10.0.0.7", 9000));
			}
			assertThat(this.lookUps).as("after a failure the next look-up waits (5 s)").hasValue(failed);
		}
		this.answer.set(new String[] { "10.0.0.7" });
		try (UpstreamAddresses brief = named(Duration.ofMillis(200).toNanos(), 0)) {
			await(() -> !brief.current().isEmpty());
			this.answer.set(null);
			await(() -> brief.current().isEmpty());
		}
	}

	private UpstreamAddresses named(long resolvedFor, long keptAfterFailure) {
		return new UpstreamAddresses("erp.internal", 9000, "erp", this.resolver, resolvedFor, keptAfterFailure);
	}

	private static void await(BooleanSupplier condition) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
		while (!condition.getAsBoolean()) {
			assertThat(System.nanoTime() < deadline).as("condition met within 5 s").isTrue();
			Thread.sleep(5);
		}
	}

}
