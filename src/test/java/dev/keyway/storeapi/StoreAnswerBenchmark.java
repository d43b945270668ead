package dev.keyway.storeapi;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

import dev.keyway.store.StoreConfig;

@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
/**
 * JMH: what writing the {@code GET /V1/store/storeConfigs} answer costs without the HTTP stack — the
 * answer built as maps ({@link StoreRoutes#config}) and serialized, the same
 * as records (a bean serializer instead of a map serializer), and the maps' building alone
 * (docs/BENCHMARKS.md, "Wave 2, thirteenth session" and "fourteenth session"). Not a test: run it as
 * {@code VerificationBenchmark} is run (bench/README.md, "JMH alone").
 */
public class StoreAnswerBenchmark {

	/** The same fields as a record, named by the application's snake_case strategy. */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record Wire(int id, String code, int websiteId, String locale, String baseCurrencyCode,
			String defaultDisplayCurrencyCode, String timezone, String weightUnit, String baseUrl, String baseLinkUrl,
			String baseStaticUrl, String baseMediaUrl, String secureBaseUrl, String secureBaseLinkUrl,
			String secureBaseStaticUrl, String secureBaseMediaUrl) {
	}

	/** As the application configures Jackson (application.yml: snake_case). */
	private final JsonMapper json = JsonMapper.builder()
		.propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
		.build();

	private final ByteArrayOutputStream out = new ByteArrayOutputStream(4096);

	private List<StoreConfig> configs;

	/** The demo store's two store views (V3__demo_store.sql), as the benchmark's server answers them. */
	@Setup
	public void setup() {
		String b = "http://localhost:8080/";
		this.configs = List.of(
				new StoreConfig(1, "default", 1, "en_US", "USD", "USD", "America/Denver", "lbs", b, b, b + "static/",
						b + "media/", b, b, b + "static/", b + "media/"),
				new StoreConfig(2, "fr", 1, "fr_FR", "USD", "EUR", "Europe/Paris", "lbs", b, b, b + "static/",
						b + "media/", b, b, b + "static/", b + "media/"));
	}

	static Wire wire(StoreConfig c) {
		return new Wire(c.id(), c.code(), c.websiteId(), c.locale(), c.baseCurrencyCode(), c.defaultDisplayCurrencyCode(),
				c.timezone(), c.weightUnit(), c.baseUrl(), c.baseLinkUrl(), c.baseStaticUrl(), c.baseMediaUrl(),
				c.secureBaseUrl(), c.secureBaseLinkUrl(), c.secureBaseStaticUrl(), c.secureBaseMediaUrl());
	}

	@Benchmark
	public int maps() {
		this.out.reset();
		this.json.writeValue(this.out, this.configs.stream().map(StoreRoutes::config).toList());
		return this.out.size();
	}

	@Benchmark
	public int records() {
		this.out.reset();
		this.json.writeValue(this.out, this.configs.stream().map(StoreAnswerBenchmark::wire).toList());
		return this.out.size();
	}

	@Benchmark
	public int mapsBuildOnly() {
		return this.configs.stream().map(StoreRoutes::config).toList().size();
	}

}
