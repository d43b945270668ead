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
				LoopUpstream secure = secure("upstream.test", tls, tls.trusted())) {
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
				LoopUpstream secure = secure("elsewhere.test", tls, tls.trusted())) {
			assertFailsWith502(secure);
			assertThat(tls.requests).as("no request reached the upstream").isZero();
		}
	}

	@Test
	void sendWhenCertificateIsNotInTheJvmTrustStoreThenRefusedAsUnreachable() throws Exception {
		try (TlsUpstream tls = new TlsUpstream("upstream.test"); LoopUpstream secure = secure("upstream.test", tls, null)) {
			assertFailsWith502(secure);
			assertThat(tls.requests).isZero();
		}
	}

	@Test
	void sendWhenNameResolvesToSeveralAddressesAndTheFirstFailsThenTheNextIsTried() throws Exception {
		Upstream declared = new Upstream("two", URI.create("http://two.test:" + URI.create(this.scripted.url()).getPort()),
				Duration.ofSeconds(2), Duration.ofSeconds(10), null, false, List.of(), "test", null, null);
		// TEST-NET-1 (RFC 5737) leads nowhere: refused, unreachable or timed out, then the loopback
		UpstreamAddresses.Resolver twoAddresses = (host) -> new java.net.InetAddress[] {
				java.net.InetAddress.getByName("192.0.2.1"), java.net.InetAddress.getLoopbackAddress() };
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		try (LoopUpstream two = new LoopUpstream(this.proxy, declared, Timer.builder("a").register(registry),
				Timer.builder("f").register(registry), 4, twoAddresses, null)) {
			assertThat(awaitUsable(two)).isTrue();
			FakeCall call = new FakeCall(this.loop);
			this.loop.submit(() -> two.send(call, outgoing("/V1/raw/plain"), null)).get();

			assertThat(call.ended.get(10, TimeUnit.SECONDS)).isEqualTo(200);
		}
	}

	private void assertFailsWith502(LoopUpstream secure) throws Exception {
		assertThat(awaitUsable(secure)).isTrue();
		FakeCall call = new FakeCall(this.loop);
		this.loop.submit(() -> secure.send(call, outgoing("/V1/raw/tls"), null)).get();
		assertThat(call.ended).failsWithin(10, TimeUnit.SECONDS)
			.withThrowableOfType(java.util.concurrent.ExecutionException.class)
			.havingCause()
			.isInstanceOf(dev.keyway.webapi.ApiException.class)
			.withMessageContaining("cannot be reached");
	}

	/** An {@code https} upstream at {@code name}, which the resolver sends to the test server's loopback address. */
	private LoopUpstream secure(String name, TlsUpstream tls, io.netty.handler.ssl.SslContext trust) {
		Upstream declared = new Upstream("secure", URI.create("https://" + name + ":" + tls.port()), Duration.ofSeconds(2),
				Duration.ofSeconds(10), null, false, List.of(), "test", null, null);
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		return new LoopUpstream(this.proxy, declared, Timer.builder("a").register(registry),
				Timer.builder("f").register(registry), 4,
				(host) -> new java.net.InetAddress[] { java.net.InetAddress.getLoopbackAddress() }, trust);
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
