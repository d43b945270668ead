package dev.keyway.webapi;

import java.io.ByteArrayOutputStream;
import java.util.Map;
import java.util.concurrent.Executor;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServlet;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockServletContext;

/**
 * BENCHMARK ONLY (bench/eventloop): Keyway's {@link FrontDoor} and Web API servlet, unchanged, behind a Reactor
 * Netty {@link HttpServer}. Each call becomes a servlet request and response (spring-test's mocks, whose own cost
 * is part of the figure: the README says how much), runs the front door exactly as Tomcat runs it, and the
 * answer is sent with an explicit Content-Length. With {@code worker == null} the call runs on the event loop
 * that read it (as bench/stacks' bare Netty handler does); otherwise it is handed to the worker pool and the
 * answer goes back to the event loop, as a product would have to do for calls that wait on a database.
 * Only what the S1 call needs: a {@code GET} without a body, answered synchronously (a call that starts an
 * asynchronous answer, such as a refused signature's delayed 401, is answered 500 here).
 */
final class EventLoopProbe {

	private static final MockServletContext CONTEXT = new MockServletContext();

	private final FrontDoor door;

	private final Scheduler worker;

	private DisposableServer server;

	EventLoopProbe(HttpServlet webApi, CallMetrics metrics, org.springframework.beans.factory.ListableBeanFactory beans,
			Executor worker) {
		this.door = new FrontDoor(null, webApi, metrics, beans);
		this.worker = (worker != null) ? Schedulers.fromExecutor(worker) : null;
	}

	void start(String host, int port) {
		this.server = HttpServer.create().host(host).port(port).handle(this::handle).bindNow();
	}

	void stop() {
		if (this.server != null) {
			this.server.disposeNow();
		}
	}

	private Mono<Void> handle(HttpServerRequest request, HttpServerResponse response) {
		if (this.worker == null) {
			return answer(response, call(request));
		}
		return Mono.fromCallable(() -> call(request))
			.subscribeOn(this.worker)
			.flatMap((answered) -> answer(response, answered));
	}

	private Answered call(HttpServerRequest in) {
		String uri = in.uri();
		int query = uri.indexOf('?');
		String path = (query < 0) ? uri : uri.substring(0, query);
		MockHttpServletRequest request = new MockHttpServletRequest(CONTEXT, in.method().name(), path);
		if (query >= 0) {
			request.setQueryString(uri.substring(query + 1));
		}
		request.setServletPath("/rest");
		request.setPathInfo(path.startsWith("/rest") ? path.substring(5) : path);
		for (Map.Entry<String, String> header : in.requestHeaders()) {
			request.addHeader(header.getKey(), header.getValue());
		}
		request.setServerName(in.hostAddress().getHostString());
		request.setServerPort(in.hostAddress().getPort());
		request.setScheme("http");
		request.setRemoteAddr(in.remoteAddress().getAddress().getHostAddress());
		request.setAsyncSupported(true);
		Buffered response = new Buffered();
		try {
			this.door.doFilter(request, response, (req, res) -> {
			});
		}
		catch (Exception ex) {
			return new Answered(500, null, new byte[0]);
		}
		if (request.isAsyncStarted()) {
			return new Answered(500, null, new byte[0]);
		}
		byte[] body = (response.out.size() > 0) ? response.out.toByteArray() : response.getContentAsByteArray();
		return new Answered(response.getStatus(), response, body);
	}

	private static Mono<Void> answer(HttpServerResponse out, Answered answered) {
		out.status(answered.status());
		if (answered.headers() != null) {
			for (String name : answered.headers().getHeaderNames()) {
				for (String value : answered.headers().getHeaders(name)) {
					out.addHeader(name, value);
				}
			}
		}
		out.header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(answered.body().length));
		return out.send(Mono.just(Unpooled.wrappedBuffer(answered.body()))).then();
	}

	private record Answered(int status, MockHttpServletResponse headers, byte[] body) {
	}

	/**
	 * The mock response with an output stream that copies arrays in one go (the mock's own writes byte by byte
	 * through {@code OutputStream.write(int)}, a third of the call in a first profile).
	 */
	private static final class Buffered extends MockHttpServletResponse {

		final ByteArrayOutputStream out = new ByteArrayOutputStream(1024);

		private final ServletOutputStream stream = new ServletOutputStream() {
			@Override
			public void write(int b) {
				Buffered.this.out.write(b);
			}

			@Override
			public void write(byte[] b, int off, int len) {
				Buffered.this.out.write(b, off, len);
			}

			@Override
			public boolean isReady() {
				return true;
			}

			@Override
			public void setWriteListener(WriteListener listener) {
			}
		};

		@Override
		public ServletOutputStream getOutputStream() {
			return this.stream;
		}

	}

}
