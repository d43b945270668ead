package dev.keyway.oauth;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import dev.keyway.testing.DatabaseIndependent;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * JMH's annotation processor ran on the test classes: naming the configuration processor in pom.xml turned off the
 * discovery of processors on the class path, and without JMH's generated list bench/run.sh's JMH phase recorded no
 * figure and said nothing (a review, twenty-eighth session).
 */
@DatabaseIndependent
class BenchmarkListTests {

	@Test
	void benchmarkListWhenTestsCompiledThenNamesTheVerificationBenchmark() throws IOException {
		try (InputStream list = getClass().getClassLoader().getResourceAsStream("META-INF/BenchmarkList")) {
			assertThat(list).as("META-INF/BenchmarkList of the test classes").isNotNull();
			assertThat(new String(list.readAllBytes(), StandardCharsets.UTF_8)).contains("VerificationBenchmark");
		}
	}

}
