package dev.keyway.oauth;

import java.util.concurrent.atomic.LongAdder;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.DisposableBean;

/**
 * Counts the claims of whichever nonce store is configured (issue 16.4), accepted or replayed, with
 * two {@link LongAdder}s (no meter lookup on the request path), and exports them with the store's
 * live nonces as {@code keyway.nonce.claims} and {@code keyway.nonce.store.live}, tagged by the
 * store's kind ({@code memory}, {@code database}, {@code per-request}).
 */
final class CountingNonceStore implements NonceStore, DisposableBean {

	private final NonceStore store;

	private final String kind;

	private final LongAdder accepted = new LongAdder();

	private final LongAdder replayed = new LongAdder();

	CountingNonceStore(NonceStore store, String kind) {
		this.store = store;
		this.kind = kind;
	}

	@Override
	public boolean claim(long consumerId, String nonce, long expiresAtEpochSecond) {
		boolean fresh = this.store.claim(consumerId, nonce, expiresAtEpochSecond);
		(fresh ? this.accepted : this.replayed).increment();
		return fresh;
	}

	@Override
	public boolean claim(long consumerId, String nonce, long timestampEpochSecond, long expiresAtEpochSecond) {
		boolean fresh = this.store.claim(consumerId, nonce, timestampEpochSecond, expiresAtEpochSecond);
		(fresh ? this.accepted : this.replayed).increment();
		return fresh;
	}

	@Override
	public long forgottenUntil() {
		return this.store.forgottenUntil();
	}

	@Override
	public boolean forgotten(long timestampEpochSecond, long expiresAtEpochSecond) {
		return this.store.forgotten(timestampEpochSecond, expiresAtEpochSecond);
	}

	@Override
	public long liveNonces() {
		return this.store.liveNonces();
	}

	@Override
	public long droppedEarly() {
		return this.store.droppedEarly();
	}

	/** Registers the counters and the gauge (by {@link NonceStoreConfiguration}'s binder). */
	void bindTo(MeterRegistry registry) {
		FunctionCounter.builder("keyway.nonce.claims", this.accepted, LongAdder::sum)
			.description("Nonces of correctly signed requests: accepted (first use) or replayed (refused)")
			.tag("store", this.kind)
			.tag("outcome", "accepted")
			.register(registry);
		FunctionCounter.builder("keyway.nonce.claims", this.replayed, LongAdder::sum)
			.description("Nonces of correctly signed requests: accepted (first use) or replayed (refused)")
			.tag("store", this.kind)
			.tag("outcome", "replayed")
			.register(registry);
		FunctionCounter.builder("keyway.nonce.store.dropped", this, CountingNonceStore::droppedEarly)
			.description("Nonces dropped before their timestamps left the window because the in-memory table was full; "
					+ "requests as old are refused")
			.tag("store", this.kind)
			.register(registry);
		Gauge.builder("keyway.nonce.store.live", this, (counting) -> {
			long live = counting.liveNonces();
			return (live < 0) ? Double.NaN : live;
		})
			.description("Nonces this node holds in memory, refused a second use until their window ends")
			.tag("store", this.kind)
			.register(registry);
	}

	@Override
	public void destroy() throws Exception {
		if (this.store instanceof DisposableBean disposable) {
			disposable.destroy();
		}
	}

}
