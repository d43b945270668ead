package dev.keyway.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import dev.keyway.webapi.ApiException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A client's body that stops coming is the client's failure (408), not the upstream's (502, 504). */
class ClientBodyTests {

	@Test
	void readWhenClientBodyFailsThenFailureMarkedAsTheClients() {
		InputStream stalled = new InputStream() {
			@Override
			public int read() throws IOException {
				throw new SocketTimeoutException("Read timed out");
			}
		};

		assertThatThrownBy(() -> new ClientBody(stalled).read(new byte[8], 0, 8)).isInstanceOf(ClientBody.Failed.class)
			.hasMessage("Read timed out");
	}

	@Test
	void refusalWhenClientBodyFailedThen408ElseUpstreamsStatuses() throws IOException {
		Upstream upstream = new Upstream("erp", URI.create("http://127.0.0.1:9"), Duration.ofSeconds(1),
				Duration.ofSeconds(2), null, false, List.of(), "test", null, null);
		try (ReverseProxy proxy = new ReverseProxy(upstream, Clock.systemUTC(), new SimpleMeterRegistry())) {
			assertThat(((ApiException) proxy.refusal(new ClientBody.Failed(new SocketTimeoutException("Read timed out"))))
				.status()).isEqualTo(408);
			assertThat(((ApiException) proxy.refusal(new SocketTimeoutException("Read timed out"))).status()).isEqualTo(504);
			assertThat(((ApiException) proxy.refusal(new IOException("Connection refused"))).status()).isEqualTo(502);
		}
	}

}
