package dev.keyway.bench.stacks;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.LoopResources;

/**
 * A Reactor Netty {@link HttpServer} with one route, on its defaults: the native epoll transport (reactor-netty-http
 * brings it at run time and prefers it on Linux; Tomcat and Jetty use Java NIO), its default event loops (one per
 * processor, at least 4), no access log, no compression. The route answers the same bytes
 * with an explicit Content-Length, so the answer is not chunked (as the servlets' is not). Binds to loopback only.
 */
final class NettyStack implements Stacks.Server {

	private DisposableServer server;

	@Override
	public String start(int port, byte[] body) {
		byte[] bytes = body.clone();
		String length = Integer.toString(bytes.length);
		this.server = HttpServer.create()
			.host(Stacks.HOST)
			.port(port)
			.route((routes) -> routes.get(Stacks.PATH, (request, response) -> response
				.header(HttpHeaderNames.CONTENT_TYPE, Stacks.CONTENT_TYPE)
				.header(HttpHeaderNames.CONTENT_LENGTH, length)
				.send(Mono.just(Unpooled.wrappedBuffer(bytes)))))
			.bindNow();
		// the shaded jar keeps no Implementation-Version: run.sh reports the versions Maven resolved
		return "Reactor Netty" + (LoopResources.hasNativeSupport() ? ", native transport (epoll)" : ", Java NIO transport");
	}

	@Override
	public void await() {
		this.server.onDispose().block();
	}

}
