package dev.keyway.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.InputStreamEntity;
import org.apache.hc.core5.http.message.BasicClassicHttpRequest;

import dev.keyway.oauth.OAuthRequest;
import dev.keyway.oauth.OAuthSigner;
import dev.keyway.oauth.Parameter;
import dev.keyway.oauth.RequestBody;
import dev.keyway.webapi.ApiException;
import dev.keyway.webapi.ApiRequest;
import dev.keyway.webapi.EventLoopCall;
import dev.keyway.webapi.Shown;


/**
 * Forwards one authorized call to its upstream and streams the answer back (issue 15.2): in the request's own
 * thread on pooled connections of Apache HttpClient 5 ({@link UpstreamConnections}), or without blocking from the
 * event-loop listener's event loop ({@link LoopUpstream}). Request and response bodies are streams, never held
 * (docs/DECISIONS.md "Gateway"); which headers pass either way is {@link ForwardedHeaders}'. An upstream that cannot
 * be reached is a 502, one that does not answer in time a 504; its answers pass through as they are.
 */
final class ReverseProxy implements AutoCloseable {

	private final Upstream upstream;

	/** The copy buffer of a long answer. */
	/**
	 * The most bytes of headers (name, value and 4 for ": " and CRLF each) an upstream's answer may bring: what
	 * Tomcat's port can send ({@code server.tomcat.max-http-response-header-size}, 64 KB) less 1 KB for the status
	 * line and Keyway's own headers. Over it both ports answer 502 (Tomcat's port answered 500 with no body).
	 */
	static final int ANSWER_HEADER_BYTES = 63 * 1024;

	/** An answer's headers over {@link #ANSWER_HEADER_BYTES}, as the failure to log, or null when they fit. */
	static IOException headersTooLong(Iterable<? extends java.util.Map.Entry<String, String>> headers) {
		long bytes = 0;
		for (java.util.Map.Entry<String, String> header : headers) {
			bytes += header.getKey().length() + header.getValue().length() + 4;
		}
		return (bytes <= ANSWER_HEADER_BYTES) ? null : new IOException("The answer's headers hold " + bytes
				+ " bytes, more than the " + ANSWER_HEADER_BYTES + " a client can be sent");
	}

	static final int BUFFER = 16 * 1024;

	private final UpstreamConnections connections;

	/** The upstream's connections on the listener's event loops (issue 15 on issue 14.1's listener). */
	private final LoopUpstream loopUpstream;

	private final String base;

	private final Clock clock;

	/** Time until the upstream's status line and headers came (or the failure), issue 16.4. */
	private final Timer answered;

	private final Timer failed;

	/** Forwards sent from an event loop, and from a request thread (Tomcat's, or a worker of the listener). */
	private final Counter fromLoop;

	private final Counter fromThread;

	ReverseProxy(Upstream upstream, Clock clock, MeterRegistry registry) {
		this.upstream = upstream;
		this.clock = clock;
		this.answered = latency(registry, upstream, "answered");
		this.failed = latency(registry, upstream, "failed");
		this.fromLoop = forwards(registry, upstream, "event-loop");
		this.fromThread = forwards(registry, upstream, "request-thread");
		this.base = base(upstream);
		this.connections = new UpstreamConnections(upstream.name(), upstream.url(), upstream.connectTimeout(),
				upstream.readTimeout(), upstream.trustedOrNull());
		this.loopUpstream = new LoopUpstream(this, upstream, this.answered, this.failed);
	}

	private static Counter forwards(MeterRegistry registry, Upstream upstream, String thread) {
		return Counter.builder("keyway.upstream.forwards")
			.description("Calls forwarded to an upstream, by where they waited for it: an event loop or a thread")
			.tag("upstream", upstream.name())
			.tag("thread", thread)
			.register(registry);
	}

	/** Tagged by the upstream's name from the gateway file: a closed set the operator wrote. */
	private static Timer latency(MeterRegistry registry, Upstream upstream, String outcome) {
		return Timer.builder("keyway.upstream.latency")
			.description("Time until an upstream answered with its status and headers, or failed")
			.tag("upstream", upstream.name())
			.tag("outcome", outcome)
			.serviceLevelObjectives(Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
					Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
					Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10))
			.register(registry);
	}

	/**
	 * One forwarded request as both clients send it: origin-form {@code path}, the headers Keyway passes on and
	 * sets (identity, forwarding, signature, a Magento upstream's own credentials), and a form body read to be
	 * signed (null when the body, if any, is still the client's stream).
	 */
	record Outgoing(String method, URI target, String path, List<String[]> headers, byte[] form) {
	}

	/** The request to send for a call: everything but the body's bytes, which are read only to sign a form. */
	Outgoing outgoing(ApiRequest call, String pathAndQuery, HttpServletRequest request) {
		String method = request.getMethod();
		MagentoAccess magento = this.upstream.magento();
		// the client's oauth_* query parameters are its credentials at Keyway: never passed on, to any kind of
		// upstream (an http upstream's access log held tokens usable as Bearer: an operator trial)
		URI target = target(this.base, withoutOAuthParameters(pathAndQuery));
		String path = target.getRawPath() + ((target.getRawQuery() != null) ? "?" + target.getRawQuery() : "");
		List<String[]> headers = new ArrayList<>(16);
		ForwardedHeaders.copyRequest(request, headers);
		Map<String, String> identity = IdentityHeaders.of(call.caller(), call.storeCode());
		// the client's copies of these names were not copied (IdentityHeaders.reservedCanonical): each is set once
		identity.forEach((name, value) -> headers.add(new String[] { name, value }));
		headers.add(new String[] { "X-Forwarded-For", request.getRemoteAddr() });
		// a Magento reads the scheme of the URL it verifies from X-Forwarded-Proto (its "offloader header"), and Keyway
		// signs the upstream's own URL: the client's https there made every call behind a TLS edge a 401 (an operator trial)
		headers.add(new String[] { "X-Forwarded-Proto", (magento != null) ? target.getScheme() : request.getScheme() });
		headers.add(new String[] { "X-Forwarded-Host", host(request) });
		if (this.upstream.secret() != null) {
			headers.add(new String[] { IdentityHeaders.SIGNATURE, UpstreamSignature.header(this.upstream.secret(), method,
					path, this.clock.instant().getEpochSecond(), identity) });
		}
		byte[] form = null;
		if (hasBody(request) && RequestBody.isForm(request)) {
			// a form body is read (within the limit) for any upstream: its oauth_* parameters are the client's
			// credentials at Keyway (RFC 5849 3.5.2), never passed on, as the query's; a Magento upstream's
			// signature covers the rest (RFC 5849 3.4.1.3). A stalled upload is the client's (408), not the upstream's
			try (InputStream in = new ClientBody(call.bodyStream())) {
				form = withoutOAuthParameters(in.readAllBytes());
			}
			catch (IOException ex) {
				throw refusal(ex);
			}
		}
		if (magento != null) {
			headers.add(new String[] { "Authorization", (magento.auth() == MagentoAccess.Auth.BEARER)
					? "Bearer " + magento.credentials().token() : oauthAuthorization(magento, method, target, form) });
		}
		return new Outgoing(method, target, path, headers, form);
	}

	/** Keyway's OAuth 1.0a signature for a Magento: the upstream URL's query and a form body's pairs (RFC 5849 3.4.1.3). */
	private String oauthAuthorization(MagentoAccess magento, String method, URI target, byte[] form) {
		return OAuthSigner.authorization(magento.credentials(), method, target,
				(form != null) ? OAuthRequest.parseForm(new String(form, StandardCharsets.UTF_8)) : List.of(),
				this.clock.instant().getEpochSecond());
	}

	/**
	 * The same request signed again for a Magento (a new nonce and timestamp), to be sent again: the first one's nonce
	 * is for one request, and a copy would be a replay there (an operator trial saw the event loop's retry do that).
	 */
	Outgoing signedAgain(Outgoing out) {
		List<String[]> headers = new ArrayList<>(out.headers().size());
		for (String[] header : out.headers()) {
			if (!"Authorization".equalsIgnoreCase(header[0])) {
				headers.add(header);
			}
		}
		headers.add(new String[] { "Authorization",
				oauthAuthorization(this.upstream.magento(), out.method(), out.target(), out.form()) });
		return new Outgoing(out.method(), out.target(), out.path(), headers, out.form());
	}

	/**
	 * Forwards the call without blocking the event loop it runs on (issue 15, the listener of issue 14.1), when the
	 * upstream can be reached from it ({@link LoopUpstream#usable()}); false: {@link #forward} on a worker.
	 * The body of a call on the event loop has arrived whole (a larger or chunked one runs on a worker).
	 */
	boolean forwardOnLoop(ApiRequest call, String pathAndQuery, EventLoopCall loop) {
		if (!this.loopUpstream.usable() || !this.loopUpstream.available(loop.eventLoop())) {
			return false;
		}
		HttpServletRequest request = loop.request();
		Outgoing out = outgoing(call, pathAndQuery, request);
		byte[] body = out.form();
		if (body == null && hasBody(request)) {
			try (InputStream in = new ClientBody(call.bodyStream())) {
				body = in.readAllBytes();
			}
			catch (IOException ex) {
				throw refusal(ex);
			}
		}
		this.fromLoop.increment();
		this.loopUpstream.send(loop, out, body);
		return true;
	}

	/**
	 * Forwards the call to {@code pathAndQuery} of the upstream and writes its answer.
	 * @param pathAndQuery the raw path (and query) the upstream receives, after its URL's own path
	 */
	void forward(ApiRequest call, String pathAndQuery, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		Outgoing prepared = outgoing(call, pathAndQuery, request);
		this.fromThread.increment();
		BasicClassicHttpRequest out = new BasicClassicHttpRequest(prepared.method(), this.connections.target(),
				prepared.path());
		for (String[] header : prepared.headers()) {
			out.addHeader(header[0], header[1]);
		}
		if (prepared.form() != null) {
			out.setEntity(new ByteArrayEntity(prepared.form(), null));
		}
		else if (hasBody(request)) {
			out.setEntity(new InputStreamEntity(new ClientBody(call.bodyStream()), request.getContentLengthLong(), null));
		}
		UpstreamConnections.Exchange exchange;
		long start = System.nanoTime();
		try {
			exchange = this.connections.send(out);
			this.answered.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
		}
		catch (IOException ex) {
			this.failed.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
			throw refusal(ex);
		}
		try (exchange) {
			ClassicHttpResponse answer = exchange.response();
			answeredWith(answer.getCode());
			List<java.util.Map.Entry<String, String>> head = new ArrayList<>(answer.getHeaders().length);
			for (Header header : answer.getHeaders()) {
				head.add(java.util.Map.entry(header.getName(), header.getValue()));
			}
			IOException tooLong = headersTooLong(head);
			if (tooLong != null) {
				// the exchange closes without completing: its connection is discarded, not reused
				throw refusal(tooLong);
			}
			List<String[]> own = ForwardedHeaders.of(response);
			response.setStatus(answer.getCode());
			List<String[]> returned = new ArrayList<>(answer.getHeaders().length);
			for (Header header : answer.getHeaders()) {
				returned.add(new String[] { header.getName(), header.getValue() });
			}
			ForwardedHeaders.passOnAnswer(returned, response);
			HttpEntity entity = answer.getEntity();
			if (entity == null) {
				exchange.completed();
				return;
			}
			// not closed on failure: closing would read the rest of the body; the exchange discards the connection
			InputStream in = entity.getContent();
			copy(in, response, bufferSize(entity.getContentLength()), own);
			exchange.completed();
		}
	}

	/**
	 * Copies an answer's body to the client; a failure before anything was sent is a 502, a timeout a 504, whose
	 * answer keeps {@code own}, the headers the response held before the upstream's were put on it.
	 */
	void copy(InputStream in, HttpServletResponse response, int bufferSize, List<String[]> own) throws IOException {
		try {
			OutputStream body = response.getOutputStream();
			byte[] buffer = new byte[bufferSize];
			for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
				body.write(buffer, 0, n);
			}
		}
		catch (IOException ex) {
			if (!response.isCommitted()) {
				// nothing was sent: the upstream's answer broke off (502) or stalled (504) before it could be passed on
				response.reset();
				for (String[] header : own) {
					response.addHeader(header[0], header[1]);
				}
				throw refusal(ex);
			}
			throw ex;
		}
	}

	/**
	 * The copy buffer: the body's length when it is known and small (most answers), else 16 KiB,
	 * so a 30-byte answer does not allocate and clear 16 KiB, and a long stream moves in large writes.
	 */
	static int bufferSize(long contentLength) {
		return (contentLength >= 0 && contentLength < BUFFER) ? Math.max(1, (int) contentLength) : BUFFER;
	}

	/**
	 * The upstream's URI for a path and query: parsed to refuse what is not a URI, and to sign it for a Magento;
	 * sent as origin-form. Exactly the authorized path or a 400, never a shorter one: a fragment ({@code #}),
	 * which {@code URI} would cut off with everything after it, is refused (both doors refuse it in a request
	 * line already; this holds for any caller), and the message never shows the query (it may hold credentials).
	 */
	static URI target(String base, String pathAndQuery) {
		int question = pathAndQuery.indexOf('?');
		if (pathAndQuery.indexOf('#') >= 0) {
			throw ApiException.badRequest("A forwarded path has no fragment (#): " + shownPath(pathAndQuery, question));
		}
		try {
			return new URI(base + ((question < 0) ? pathAndQuery
					: pathAndQuery.substring(0, question + 1) + strayPercentsEscaped(pathAndQuery, question + 1)));
		}
		catch (URISyntaxException ex) {
			throw ApiException.badRequest("The path and query cannot be passed on as a URI (" + ex.getReason() + "): "
					+ shownPath(pathAndQuery, question));
		}
	}

	/** The path of a refused target as a message shows it: bounded, and never its query (credentials, maybe). */
	private static String shownPath(String pathAndQuery, int question) {
		return Shown.shown((question < 0) ? pathAndQuery : pathAndQuery.substring(0, question));
	}

	/**
	 * The query from {@code from} with each {@code %} that starts no escape ({@code x=%}, {@code x=%zz}) written as
	 * {@code %25}: a URI cannot hold it, and a lenient decoder — Keyway's own (RFC 5849's parameters keep a
	 * malformed escape as sent), PHP's, nginx's — reads {@code %25zz} as the {@code %zz} the client sent, so the
	 * upstream receives the value the call was verified with (a 400 here, while {@code /auth/verify} approved
	 * the same call behind nginx, which passes it as sent).
	 */
	static String strayPercentsEscaped(String text, int from) {
		StringBuilder out = null;
		for (int i = from; i < text.length(); i++) {
			if (text.charAt(i) == '%' && !(i + 2 < text.length() && hex(text.charAt(i + 1)) && hex(text.charAt(i + 2)))) {
				if (out == null) {
					out = new StringBuilder(text.length() + 8).append(text, from, i);
				}
				out.append("%25");
			}
			else if (out != null) {
				out.append(text.charAt(i));
			}
		}
		return (out != null) ? out.toString() : text.substring(from);
	}

	/** An ASCII hex digit (RFC 3986 HEXDIG), as a percent-escape takes two. */
	static boolean hex(char c) {
		return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
	}

	/**
	 * The path and query without the client's own {@code oauth_*} query parameters: they are the
	 * client's credentials at Keyway, and a Magento would read them beside Keyway's signature.
	 */
	static String withoutOAuthParameters(String pathAndQuery) {
		int question = pathAndQuery.indexOf('?');
		if (question < 0) {
			return pathAndQuery;
		}
		String kept = withoutOAuthPairs(pathAndQuery.substring(question + 1));
		String path = pathAndQuery.substring(0, question);
		return kept.isEmpty() ? path : path + "?" + kept;
	}

	/**
	 * A form body without the client's own {@code oauth_*} parameters, for the reasons of the query's;
	 * the body as it came (its bytes untouched) when it holds none.
	 */
	static byte[] withoutOAuthParameters(byte[] form) {
		// ISO-8859-1 keeps every byte as one char: the pairs kept are sent exactly as the client sent them
		String text = new String(form, StandardCharsets.ISO_8859_1);
		String kept = withoutOAuthPairs(text);
		return (kept == text) ? form : kept.getBytes(StandardCharsets.ISO_8859_1);
	}

	/**
	 * {@code name=value} pairs joined by {@code &}, without those whose decoded name starts with {@code oauth_}; the
	 * very string given when it holds none (empty pairs and all, as the client sent them: a review).
	 */
	private static String withoutOAuthPairs(String pairs) {
		StringBuilder kept = new StringBuilder(pairs.length());
		boolean dropped = false;
		for (String pair : pairs.split("&")) {
			if (isOAuthPair(pair)) {
				dropped = true;
				continue;
			}
			kept.append(kept.isEmpty() ? "" : "&").append(pair);
		}
		return dropped ? kept.toString() : pairs;
	}

	/** Whether a query holds a client's own {@code oauth_*} parameter (a bare {@code ?} or empty pairs hold none). */
	static boolean holdsOAuthParameters(String query) {
		if (query == null) {
			return false;
		}
		for (String pair : query.split("&")) {
			if (isOAuthPair(pair)) {
				return true;
			}
		}
		return false;
	}

	private static boolean isOAuthPair(String pair) {
		List<Parameter> parsed = OAuthRequest.parseForm(pair);
		return !parsed.isEmpty() && parsed.get(0).name().startsWith("oauth_");
	}

	/** The upstream's URL without a final slash: the forwarded path is appended to it. */
	private static String base(Upstream upstream) {
		String url = upstream.url().toString();
		return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
	}

	/** A body comes when the client declares a length or a transfer coding (RFC 9112 6.3). */
	static boolean hasBody(HttpServletRequest request) {
		return request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
	}

	private static String host(HttpServletRequest request) {
		int port = request.getServerPort();
		boolean usual = ("http".equals(request.getScheme()) && port == 80)
				|| ("https".equals(request.getScheme()) && port == 443);
		return request.getServerName() + (usual ? "" : ":" + port);
	}

	private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ReverseProxy.class);

	/** At most one warning per upstream every 10 s; the failures in between are counted in the next one. */
	private final dev.keyway.oauth.WarningEvery warnings = new dev.keyway.oauth.WarningEvery(java.time.Duration.ofSeconds(10));

	/** What a failed exchange means: the client's body over the limit (413), a timeout (504), else 502. */
	RuntimeException refusal(IOException ex) {
		RuntimeException refusal = refusalOf(ex);
		if (refusal instanceof ApiException api && api.status() >= 502) {
			warn(api.status(), ex);
		}
		return refusal;
	}

	/**
	 * Tells the operator why an upstream failed (the client's answer says only "cannot be reached" or "did not
	 * answer"): one line, the exception's class and message (no request data), at most every 10 s per upstream.
	 */
	private void warn(int status, IOException ex) {
		int more = this.warnings.due();
		if (more < 0) {
			return;
		}
		Throwable reason = ex;
		while (reason.getCause() != null && reason.getCause() != reason && reason.getMessage() == null) {
			reason = reason.getCause();
		}
		log.warn("Upstream \"{}\" ({}): answered {} to the client: {}: {}{}", this.upstream.name(), this.base, status,
				reason.getClass().getSimpleName(), bounded(String.valueOf(reason.getMessage())),
				dev.keyway.oauth.WarningEvery.andMore(more, "failures"));
	}

	private final dev.keyway.oauth.WarningEvery refusedCredentials = new dev.keyway.oauth.WarningEvery(
			java.time.Duration.ofSeconds(10));

	/**
	 * A Magento's 401 to Keyway's own credentials for it passes to the client unchanged, and a real Magento's body reads
	 * like Keyway's answer to the client's own bad signature: the operator learns it here, at most every 10 s per
	 * upstream (an operator trial: the developer chased their own credentials while nothing said the Magento refused
	 * Keyway's). Both ports call it with the upstream's status.
	 */
	void answeredWith(int status) {
		if (status != 401 || this.upstream.magento() == null) {
			return;
		}
		int more = this.refusedCredentials.due();
		if (more >= 0) {
			log.warn("Upstream \"{}\" ({}): the Magento answered 401 to Keyway's own credentials for it (the gateway "
					+ "file's); the answer went to the client unchanged{}",
					this.upstream.name(), this.base, dev.keyway.oauth.WarningEvery.andMore(more, "refusals"));
		}
	}

	/** An exception's message for the log: one line, at most 300 characters (an upstream may put text in it). */
	private static String bounded(String message) {
		String line = message.replaceAll("[\\p{Cntrl}\\u0085\\u2028\\u2029]+", " ");
		return (line.length() <= 300) ? line : line.substring(0, 300) + "… (" + line.length() + " characters)";
	}

	private RuntimeException refusalOf(IOException ex) {
		ApiException tooLarge = ApiRequest.bodyTooLarge(ex);
		if (tooLarge != null) {
			return tooLarge;
		}
		if (ex instanceof ClientBody.Failed) {
			// the client's body stopped coming (a stall, or its connection closed): not the upstream's failure
			return new ApiException(408, "The request body did not arrive in full: %1",
					List.of(java.util.Objects.toString(ex.getMessage(), "the connection closed")));
		}
		if (ex instanceof ConnectTimedOut) {
			return timeout(this.upstream.connectTimeout());
		}
		if (ex instanceof InterruptedIOException) {
			// a read that timed out (SocketTimeoutException)
			return timeout(this.upstream.readTimeout());
		}
		return new ApiException(502, "The upstream service \"%1\" cannot be reached.", List.of(this.upstream.name()));
	}

	/** A 504 naming the timeout that passed, as the gateway file would write it ({@code 2s}, {@code 500ms}). */
	private ApiException timeout(java.time.Duration passed) {
		return new ApiException(504, "The upstream service \"%1\" did not answer within %2.",
				List.of(this.upstream.name(), GatewayCatalog.shown(passed)));
	}

	@Override
	public void close() throws IOException {
		try {
			this.loopUpstream.close();
		}
		finally {
			this.connections.close();
		}
	}

}
