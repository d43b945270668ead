package dev.keyway.oauth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;

import org.flywaydb.core.Flyway;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import dev.keyway.CacheProperties;

import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * JMH micro-benchmarks of the verification path of a signed Web API call without the HTTP stack
 * (issue 7, item 5): parse the {@code Authorization} header, build the base string, HMAC-SHA256 and
 * constant-time compare; then the whole {@link ResourceRequestVerifier#verify} with warm caches; and
 * the in-memory nonce store, empty and pre-filled to rate x window live nonces. Not a test (no
 * {@code Tests} suffix): {@code bench/run.sh} runs it through {@code org.openjdk.jmh.Main}, pinned
 * to one core. The request is the benchmark's S1 call: {@code GET /rest/V1/store/storeConfigs}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = { "-Xms3g", "-Xmx3g" })
public class VerificationBenchmark {

	static final String CONSUMER_KEY = "jch64v3wzmfscpxmw676dfpt5gm7mpfz";

	static final String CONSUMER_SECRET = "5b5ytcbca45wb83b8kvekso3zhx71c38";

	static final String TOKEN = "81okspllpv68hnjl0nycswr3vpm0edbt";

	static final String TOKEN_SECRET = "jgx2uxxalo973fsttwtnonybvk7jm5cw";

	static final String BASE_URI = "http://127.0.0.1:18081/rest/V1/store/storeConfigs";

	/** Signed requests with distinct nonces, so the full verifier never sees a replay within a run. */
	@State(Scope.Thread)
	public static class Requests {

		static final int COUNT = 1 << 16;

		String[] headers = new String[COUNT];

		int next;

		String header;

		OAuthRequest parsed;

		String baseString;

		String signature;

		Mac mac;

		byte[] baseBytes;

		@Setup(Level.Trial)
		public void sign() throws Exception {
			long timestamp = Instant.now().getEpochSecond();
			for (int i = 0; i < COUNT; i++) {
				this.headers[i] = header("bench" + Long.toString(new SecureRandom().nextLong() & Long.MAX_VALUE, 36) + i,
						timestamp);
			}
			this.header = this.headers[0];
			this.parsed = OAuthRequest.parse("GET", BASE_URI, null, this.header, null);
			this.baseString = this.parsed.baseString();
			this.signature = this.parsed.protocol("oauth_signature");
			this.mac = Mac.getInstance("HmacSHA256");
			this.mac.init(new SecretKeySpec(SignatureMethod.key(CONSUMER_SECRET, TOKEN_SECRET).getBytes(StandardCharsets.UTF_8),
					"HmacSHA256"));
			this.baseBytes = this.baseString.getBytes(StandardCharsets.UTF_8);
		}

		String nextHeader() {
			String value = this.headers[this.next];
			this.next = (this.next + 1) & (COUNT - 1);
			return value;
		}

		static String header(String nonce, long timestamp) {
			String unsigned = "OAuth oauth_consumer_key=\"" + CONSUMER_KEY + "\",oauth_nonce=\"" + nonce
					+ "\",oauth_signature_method=\"HMAC-SHA256\",oauth_timestamp=\"" + timestamp + "\",oauth_token=\""
					+ TOKEN + "\",oauth_version=\"1.0\"";
			OAuthRequest request = OAuthRequest.parse("GET", BASE_URI, null, unsigned, null);
			String signature = SignatureMethod.HMAC_SHA256.sign(request.baseString(), CONSUMER_SECRET, TOKEN_SECRET);
			return unsigned + ",oauth_signature=\"" + PercentEncoding.encode(signature) + "\"";
		}

	}

	/** A verifier with warm caches (no database on the way, as in the server) and an in-memory nonce store. */
	@State(Scope.Thread)
	public static class Verifier {

		ResourceRequestVerifier verifier;

		@Setup(Level.Iteration)
		public void build() {
			Clock clock = Clock.systemUTC();
			Consumer consumer = new Consumer(1, CONSUMER_KEY, CONSUMER_SECRET, Instant.now());
			StoredToken token = new StoredToken(1, 1, TokenType.ACCESS, TOKEN, TOKEN_SECRET, "v".repeat(32), false,
					Instant.now());
			CredentialCache cache = new CredentialCache(null, null, null, null, CacheProperties.defaultSpec()) {
				@Override
				Optional<Consumer> consumer(String key) {
					return CONSUMER_KEY.equals(key) ? Optional.of(consumer) : Optional.empty();
				}

				@Override
				Optional<StoredToken> token(long consumerId) {
					return (consumerId == 1) ? Optional.of(token) : Optional.empty();
				}
			};
			ProtocolChecks checks = new ProtocolChecks(cache, new MemoryNonceStore(clock), new FixedSettings(), clock);
			this.verifier = new ResourceRequestVerifier(checks, cache, null, null, java.time.Clock.systemUTC());
		}

	}

	/** The nonce store, empty or holding {@code live} unexpired nonces (rate x window of the issue: 22,000/s x 600 s). */
	@State(Scope.Thread)
	public static class Nonces {

		@Param({ "0", "13200000" })
		public int live;

		MemoryNonceStore store;

		long expiry;

		long counter;

		@Setup(Level.Trial)
		public void fill() {
			this.store = new MemoryNonceStore(Clock.systemUTC());
			this.expiry = Instant.now().getEpochSecond() + 3600;
			for (int i = 0; i < this.live; i++) {
				this.store.claim(1 + (i & 1023), "prefill" + i, this.expiry);
			}
			if (this.live > 0) {
				System.out.printf("NONCE_FOOTPRINT live=%d bytes=%d bytes_per_nonce=%.1f%n", this.store.size(),
						this.store.bytes(), (double) this.store.bytes() / this.store.size());
			}
		}

	}

	/** The floor: HMAC-SHA256 of the base string with a ready Mac (no key set-up, no encoding). */
	@Benchmark
	public byte[] hmacSha256Only(Requests requests) {
		return requests.mac.doFinal(requests.baseBytes);
	}

	/** Parse the Authorization header and the request line into an {@link OAuthRequest}. */
	@Benchmark
	public OAuthRequest parse(Requests requests) {
		return OAuthRequest.parse("GET", BASE_URI, null, requests.header, null);
	}

	/** The signature base string of a parsed request. */
	@Benchmark
	public String baseString(Requests requests) {
		return requests.parsed.baseString();
	}

	/** Key encoding, Mac initialisation, HMAC-SHA256 and base64, as {@link SignatureMethod#sign} does. */
	@Benchmark
	public String sign(Requests requests) {
		return SignatureMethod.HMAC_SHA256.sign(requests.baseString, CONSUMER_SECRET, TOKEN_SECRET);
	}

	/** The verification path of the issue: parse + base string + HMAC + constant-time compare. */
	@Benchmark
	public boolean verificationPath(Requests requests) {
		OAuthRequest request = OAuthRequest.parse("GET", BASE_URI, null, requests.header, null);
		return SignatureMethod.HMAC_SHA256.verify(request.baseString(), CONSUMER_SECRET, TOKEN_SECRET,
				request.protocol("oauth_signature"));
	}

	/**
	 * Everything {@link ResourceRequestVerifier#verify} does for a fresh request: parse, protocol
	 * checks, cached consumer and token, signature, nonce claimed in a {@link MemoryNonceStore}.
	 */
	@Benchmark
	public long fullVerifier(Requests requests, Verifier verifier) {
		if (requests.next == 0) {
			verifier.build(); // the headers come round again: a fresh nonce store (amortised over 65,536 calls)
		}
		return verifier.verifier.verify(OAuthRequest.parse("GET", BASE_URI, null, requests.nextHeader(), null));
	}

	/** One claim of a fresh nonce. */
	@Benchmark
	public boolean nonceClaim(Nonces nonces) {
		return nonces.store.claim(7, "n" + nonces.counter++, nonces.expiry);
	}

	/**
	 * The single node's nonce store since issue 11.3, as the verifier calls it: a timestamp not
	 * ahead of the clock (the common case) is claimed in memory only, nothing queued for the H2 file
	 * database (since wave 2; before, every claim was written behind, ~1 µs a nonce here). Compare
	 * with {@link #nonceClaim} at {@code live=0}.
	 */
	@Benchmark
	public boolean nonceClaimWrittenBehind(WrittenBehind nonces) {
		return nonces.store.claim(7, "n" + nonces.counter++, nonces.expiry - 3600, nonces.expiry);
	}

	@State(Scope.Thread)
	public static class WrittenBehind {

		DurableMemoryNonceStore store;

		long expiry;

		long counter;

		@Setup(Level.Trial)
		public void open() throws IOException {
			Path dir = Files.createTempDirectory("keyway-jmh-nonces-");
			DataSource dataSource = new DriverManagerDataSource(
					"jdbc:h2:file:" + dir.resolve("keyway") + ";DB_CLOSE_DELAY=-1", "sa", "");
			Flyway.configure()
				.dataSource(dataSource)
				.placeholders(Map.of("unlogged", ""))
				.load()
				.migrate();
			this.store = new DurableMemoryNonceStore(dataSource, Clock.systemUTC());
			this.expiry = Instant.now().getEpochSecond() + 3600;
		}

		@TearDown(Level.Trial)
		public void close() throws InterruptedException {
			System.out.printf("NONCE_WRITE_BEHIND pending_at_end=%d%n", this.store.pending());
			this.store.destroy();
		}

	}

	static final class FixedSettings implements OAuthSettings {

		@Override
		public Duration timestampWindow() {
			return Duration.ofSeconds(600);
		}

		@Override
		public boolean hmacSha1Allowed() {
			return true;
		}

		@Override
		public Duration consumerWindow() {
			return Duration.ofSeconds(300);
		}

		@Override
		public boolean bearerAccessTokens() {
			return false;
		}

		@Override
		public boolean cleanupEnabled() {
			return false;
		}

		@Override
		public Duration cleanupAge() {
			return Duration.ofSeconds(120);
		}

	}

	/** Checks that the signed headers verify, then runs nothing else: {@code java ... VerificationBenchmark}. */
	public static void main(String[] args) throws Exception {
		Requests requests = new Requests();
		requests.sign();
		Verifier verifier = new Verifier();
		verifier.build();
		System.out.println(verifier.verifier.verify(OAuthRequest.parse("GET", BASE_URI, null, requests.nextHeader(), null)));
		System.out.println(Base64.getEncoder().encodeToString(new VerificationBenchmark().hmacSha256Only(requests)));
		System.out.println(List.of(new VerificationBenchmark().verificationPath(requests)));
	}

}
