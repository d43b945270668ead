package dev.keyway.gateway;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import dev.keyway.webapi.EventLoopCall;
import dev.keyway.webapi.StreamedAnswer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * {@link LoopUpstream} on its own event loop, with a stand-in for the listener's call: the cap of open
 * connections per event loop, and stopping after the event loops did.
 */
class LoopUpstreamTests {

	private ScriptedUpstream scripted;

	private EventLoopGroup group;

	private EventLoop loop;

	private ReverseProxy proxy;

	private LoopUpstream upstream;

	@BeforeEach
	void start() throws IOException {
		this.scripted = new ScriptedUpstream();
		this.group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
		this.loop = this.group.next();
		Upstream declared = new Upstream("raw", URI.create(this.scripted.url()), Duration.ofSeconds(2),
				Duration.ofSeconds(10), null, false, List.of(), "test", null, null);
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		this.proxy = new ReverseProxy(declared, java.time.Clock.systemUTC(), registry);
		this.upstream = new LoopUpstream(this.proxy, declared, Timer.builder("a").register(registry),
				Timer.builder("f").register(registry), 1);
	}

	@AfterEach
	void stop() throws IOException {
		this.group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
		this.proxy.close();
		this.scripted.close();
	}

	@Test
	void availableWhenEveryConnectionOfTheLoopIsBusyThenNotSoTheCallGoesToAWorker() throws Exception {
		FakeCall held = new FakeCall(this.loop);
		this.loop.submit(() -> this.upstream.send(held, outgoing("/V1/raw/hold"), null)).get();
		assertThat(this.scripted.held(5)).as("the held call reached the upstream").isEqualTo("/V1/raw/hold");

		assertThat(this.loop.submit(() -> this.upstream.available(this.loop)).get()).isFalse();
		held.gone.run();
		assertThat(held.ended.get(5, TimeUnit.SECONDS)).isEqualTo(LoopExchange.CLIENT_CLOSED);
		assertThat(this.scripted.dropped(5)).isEqualTo("/V1/raw/hold");
		// the closed connection is given back once its closing has run on the loop
		for (int i = 0; i < 50 && !this.loop.submit(() -> this.upstream.available(this.loop)).get(); i++) {
			Thread.sleep(20);
		}
		assertThat(this.loop.submit(() -> this.upstream.available(this.loop)).get()).isTrue();
	}

	@Test
	void closeWhenEventLoopsStoppedFirstThenNothingThrown() throws Exception {
		FakeCall call = new FakeCall(this.loop);
		this.loop.submit(() -> this.upstream.send(call, outgoing("/V1/raw/plain"), null)).get();
		assertThat(call.ended.get(5, TimeUnit.SECONDS)).isEqualTo(200);
		this.group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();

		assertThatCode(this.upstream::close).doesNotThrowAnyException();
	}

	@Test
	void sendWhenHttpsUpstreamPresentsTrustedCertificateForItsNameThenAnsweredOverTls() throws Exception {
		try (TlsUpstream tls = new TlsUpstream("upstream.test");
				LoopUpstream secure = secure("upstream.test", tls, LoopUpstream.clientTls(tls.certificate.cert()))) {
			FakeCall call = new FakeCall(this.loop);
			assertThat(awaitUsable(secure)).isTrue();
			this.loop.submit(() -> secure.send(call, outgoing("/V1/raw/tls"), null)).get();

			assertThat(call.ended.get(10, TimeUnit.SECONDS)).isEqualTo(200);
			assertThat(call.response.getContentAsString()).isEqualTo("{\"tls\":\"/V1/raw/tls\"}");
			assertThat(tls.serverNames).as("SNI names the URL's host").containsExactly("upstream.test");
		}
	}

	@Test
	void sendWhenCertificateNamesAnotherHostThenRefusedAsUnreachable() throws Exception {
		// the same trusted certificate, reached by a name it does not carry: host name verification refuses it
		try (TlsUpstream tls = new TlsUpstream("upstream.test");
				LoopUpstream secure = secure("elsewhere.test", tls, LoopUpstream.clientTls(tls.certificate.cert()))) {
			assertFailsWith502(secure);
			assertThat(tls.requests).as("no request reached the upstream").isZero();
		}
	}

	@Test
	@org.junit.jupiter.api.extension.ExtendWith(org.springframework.boot.test.system.OutputCaptureExtension.class)
	void sendWhenCertificateIsNotInTheJvmTrustStoreThenRefusedAsUnreachableAndTheReasonLoggedOnce(
			org.springframework.boot.test.system.CapturedOutput output) throws Exception {
		try (TlsUpstream tls = new TlsUpstream("upstream.test"); LoopUpstream secure = secure("upstream.test", tls, null)) {
			assertFailsWith502(secure);
			assertFailsWith502(secure);
			assertThat(tls.requests).isZero();
		}
		// the client learns "cannot be reached"; the operator, why: one line per upstream every 10 s at most
		assertThat(output.getOut().lines().filter((line) -> line.contains("Upstream \"raw\"")).toList()).singleElement()
			.asString()
			.contains("answered 502 to the client: SSLHandshakeException: ", "PKIX path building failed");
	}

	@Test
	void sendWhenNameResolvesToSeveralAddressesThenTriedInOrderTheNextWhenOneRefuses() throws Exception {
		int port = URI.create(this.scripted.url()).getPort();
		java.net.InetAddress other = java.net.InetAddress.getByName("127.0.0.2");
		// nothing listens on 127.0.0.2 at the scripted upstream's port: refused at once, then 127.0.0.1 answers
		assertThat(call(twoAddresses(port, other, java.net.InetAddress.getByName("127.0.0.1")))).isEqualTo(200);
		// the first address that answers is the one used: a second server at 127.0.0.2 answers first now
		try (java.net.ServerSocket second = new java.net.ServerSocket(port, 50, other)) {
			java.util.concurrent.CompletableFuture<Void> answered = java.util.concurrent.CompletableFuture.runAsync(() -> {
				try (java.net.Socket socket = second.accept()) {
					socket.getInputStream().read();
					socket.getOutputStream().write("HTTP/1.1 201 Created\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
						.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
				}
				catch (IOException ex) {
					throw new java.io.UncheckedIOException(ex);
				}
			});
			assertThat(call(twoAddresses(port, other, java.net.InetAddress.getByName("127.0.0.1")))).isEqualTo(201);
			answered.get(5, TimeUnit.SECONDS);
		}
	}

	@Test
	void sendWhenHttpsUpstreamNeverAnswersTheHandshakeThenTimedOutAfterTheConnectTimeout() throws Exception {
		try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
			java.util.concurrent.CompletableFuture.runAsync(() -> {
				try (java.net.Socket socket = silent.accept()) {
					Thread.sleep(5000);
				}
				catch (IOException | InterruptedException ex) {
					// the test ended
				}
			});
			Upstream declared = new Upstream("silent", URI.create("https://127.0.0.1:" + silent.getLocalPort()),
					Duration.ofMillis(700), Duration.ofSeconds(30), null, false, List.of(), "test", null, null);
			try (LoopUpstream secure = loopUpstream(declared, (host) -> new java.net.InetAddress[0], null)) {
				FakeCall call = new FakeCall(this.loop);
				this.loop.submit(() -> secure.send(call, outgoing("/V1/raw/tls"), null)).get();
				// the handshake counts in the connect timeout (700 ms here), as on the worker path: a 504 naming a
				// connect timeout (the answer is the test's proxy's, for "raw": connect 2s, read 10s)
				assertRefused(call, "did not answer within")
					.satisfies((failure) -> assertThat(((dev.keyway.webapi.ApiException) failure).parameters())
						.isEqualTo(List.of("raw", "2s")));
			}
		}
	}

	@Test
	void sendWhenHttpsUrlLeadsToPlainHttpServerThenRefusedAsUnreachable() throws Exception {
		// a plain HTTP server answers the TLS hello with an HTTP error, as nginx does on its http port
		try (java.net.ServerSocket plain = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
			java.util.concurrent.CompletableFuture.runAsync(() -> {
				try (java.net.Socket socket = plain.accept()) {
					socket.getInputStream().read(new byte[512]);
					socket.getOutputStream().write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
						.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
				}
				catch (IOException ex) {
					// the test ended
				}
			});
			Upstream declared = new Upstream("plain", URI.create("https://127.0.0.1:" + plain.getLocalPort()),
					Duration.ofSeconds(10), Duration.ofSeconds(10), null, false, List.of(), "test", null, null);
			try (LoopUpstream secure = loopUpstream(declared, (host) -> new java.net.InetAddress[0], null)) {
				assertFailsWith502(secure);
			}
		}
	}

	private int call(LoopUpstream upstream) throws Exception {
		try (upstream) {
			assertThat(awaitUsable(upstream)).isTrue();
			FakeCall call = new FakeCall(this.loop);
			this.loop.submit(() -> upstream.send(call, outgoing("/V1/raw/plain"), null)).get();
			return call.ended.get(10, TimeUnit.SECONDS);
		}
	}

	private LoopUpstream twoAddresses(int port, java.net.InetAddress first, java.net.InetAddress second) {
		Upstream declared = new Upstream("two", URI.create("http://two.test:" + port), Duration.ofSeconds(2),
				Duration.ofSeconds(10), null, false, List.of(), "test", null, null);
		return loopUpstream(declared, (host) -> new java.net.InetAddress[] { first, second }, null);
	}

	private LoopUpstream loopUpstream(Upstream declared, UpstreamAddresses.Resolver resolver,
			io.netty.handler.ssl.SslContext tls) {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		return new LoopUpstream(this.proxy, declared, Timer.builder("a").register(registry),
				Timer.builder("f").register(registry), 4, resolver, tls);
	}

	private void assertFailsWith502(LoopUpstream secure) throws Exception {
		assertThat(awaitUsable(secure)).isTrue();
		FakeCall call = new FakeCall(this.loop);
		this.loop.submit(() -> secure.send(call, outgoing("/V1/raw/tls"), null)).get();
		assertRefused(call, "cannot be reached");
	}

	/** The call ended with Keyway's refusal (an {@link dev.keyway.webapi.ApiException}) saying {@code text}. */
	private static org.assertj.core.api.ThrowableAssertAlternative<?> assertRefused(FakeCall call,
			String text) {
		return assertThat(call.ended).failsWithin(10, TimeUnit.SECONDS)
			.withThrowableOfType(java.util.concurrent.ExecutionException.class)
			.havingCause()
			.isInstanceOf(dev.keyway.webapi.ApiException.class)
			.withMessageContaining(text);
	}

	/** An {@code https} upstream at {@code name}, which the resolver sends to the test server's loopback address. */
	private LoopUpstream secure(String name, TlsUpstream tls, io.netty.handler.ssl.SslContext trust) {
		// generous timeouts: a first handshake on a loaded machine with the C1 compiler only takes its time
		Upstream declared = new Upstream("secure", URI.create("https://" + name + ":" + tls.port()), Duration.ofSeconds(10),
				Duration.ofSeconds(10), null, false, List.of(), "test", null, null);
		return loopUpstream(declared, (host) -> new java.net.InetAddress[] { java.net.InetAddress.getLoopbackAddress() },
				trust);
	}

	private static boolean awaitUsable(LoopUpstream upstream) throws InterruptedException {
		for (int i = 0; i < 500 && !upstream.usable(); i++) {
			Thread.sleep(10);
		}
		return upstream.usable();
	}

	private static ReverseProxy.Outgoing outgoing(String path) {
		return new ReverseProxy.Outgoing("GET", URI.create("http://127.0.0.1" + path), path, List.of(), null);
	}

	/** The listener's call as far as the gateway uses it: a response in memory, its end recorded. */
	private static final class FakeCall implements EventLoopCall {

		final EventLoop loop;

		final MockHttpServletRequest request = new MockHttpServletRequest("GET", "/rest/V1/raw/x");

		final MockHttpServletResponse response = new MockHttpServletResponse();

		/** The status the call ended with. */
		final CompletableFuture<Integer> ended = new CompletableFuture<>();

		Runnable gone = () -> {
		};

		FakeCall(EventLoop loop) {
			this.loop = loop;
		}

		@Override
		public HttpServletRequest request() {
			return this.request;
		}

		@Override
		public HttpServletResponse response() {
			return this.response;
		}

		@Override
		public EventLoop eventLoop() {
			return this.loop;
		}

		@Override
		public Bootstrap client() {
			return new Bootstrap().group(this.loop).channel(NioSocketChannel.class);
		}

		@Override
		public void complete() {
			this.ended.complete(this.response.getStatus());
		}

		@Override
		public void fail(Exception failure) {
			this.ended.completeExceptionally(failure);
		}

		@Override
		public boolean continueOnWorker(StreamedAnswer rest) {
			throw new UnsupportedOperationException("short answers only");
		}

		@Override
		public Runnable onClientGone(Runnable gone) {
			this.gone = () -> this.loop.execute(gone);
			return () -> {
			};
		}

		@Override
		public Pipe pipe(Channel source, Duration idle) {
			throw new UnsupportedOperationException("short answers only");
		}

	}

}
