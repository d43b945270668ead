package dev.keyway.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.InputStreamEntity;
import org.apache.hc.core5.http.message.BasicClassicHttpRequest;

import dev.keyway.oauth.OAuthRequest;
import dev.keyway.oauth.OAuthSigner;
import dev.keyway.oauth.Parameter;
import dev.keyway.oauth.RequestBody;
import dev.keyway.webapi.ApiException;
import dev.keyway.webapi.ApiRequest;

import org.springframework.boot.convert.DurationStyle;

/**
 * Forwards one authorized call to its upstream and streams the answer back (issue 15.2), on pooled
 * connections of Apache HttpClient 5 ({@link UpstreamConnections}), in the request's own thread:
 * request and response bodies are streams, never held (docs/DECISIONS.md "Gateway"). Credentials ({@code Authorization}, {@code Cookie}) and hop-by-hop headers (RFC 9110
 * 7.6.1) are not forwarded, nor any client copy of the identity and forwarding headers, which
 * Keyway sets itself. An upstream that cannot be reached is a 502, one that does not answer in time a
 * 504; its answers pass through as they are, minus hop-by-hop headers.
 */
final class ReverseProxy implements AutoCloseable {

	/** RFC 9110 7.6.1 and the headers a proxy must not pass on (credentials; lengths set by the client). */
	private static final Set<String> NOT_FORWARDED = Set.of("connection", "keep-alive", "te", "transfer-encoding",
			"upgrade", "trailer", "proxy-connection", "proxy-authorization", "proxy-authenticate", "authorization",
			"cookie", "host", "content-length", "expect");

	/** Hop-by-hop headers of an answer (RFC 9110 7.6.1); the container sets its own framing. */
	private static final Set<String> NOT_RETURNED = Set.of("connection", "keep-alive", "te", "transfer-encoding",
			"upgrade", "trailer", "proxy-connection", "proxy-authenticate");

	private final Upstream upstream;

	private static final int BUFFER = 16 * 1024;

	private final UpstreamConnections connections;

	private final String base;

	private final Clock clock;

	/** Time until the upstream's status line and headers came (or the failure), issue 16.4. */
	private final Timer answered;

	private final Timer failed;

	ReverseProxy(Upstream upstream, Clock clock, MeterRegistry registry) {
		this.upstream = upstream;
		this.clock = clock;
		this.answered = latency(registry, upstream, "answered");
		this.failed = latency(registry, upstream, "failed");
		this.base = base(upstream);
		this.connections = new UpstreamConnections(upstream.name(), upstream.url(), upstream.connectTimeout(),
				upstream.readTimeout());
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
	 * Forwards the call to {@code pathAndQuery} of the upstream and writes its answer.
	 * @param pathAndQuery the raw path (and query) the upstream receives, after its URL's own path
	 */
	void forward(ApiRequest call, String pathAndQuery, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		String method = request.getMethod();
		MagentoAccess magento = this.upstream.magento();
		// parsed to refuse what is not a URI (and to sign for a Magento); sent as origin-form path
		URI target = URI.create(this.base + ((magento != null) ? withoutOAuthParameters(pathAndQuery) : pathAndQuery));
		String path = target.getRawPath() + ((target.getRawQuery() != null) ? "?" + target.getRawQuery() : "");
		BasicClassicHttpRequest out = new BasicClassicHttpRequest(method, this.connections.target(), path);
		copyRequestHeaders(request, out);
		Map<String, String> identity = IdentityHeaders.of(call.caller(), call.storeCode());
		identity.forEach(out::setHeader);
		out.setHeader("X-Forwarded-For", request.getRemoteAddr());
		out.setHeader("X-Forwarded-Proto", request.getScheme());
		out.setHeader("X-Forwarded-Host", host(request));
		if (this.upstream.secret() != null) {
			out.setHeader(IdentityHeaders.SIGNATURE, UpstreamSignature.header(this.upstream.secret(), method, path,
					this.clock.instant().getEpochSecond(), identity));
		}
		if (magento != null && magento.auth() == MagentoAccess.Auth.OAUTH && hasBody(request)
				&& RequestBody.isForm(request)) {
			// a form body is signed (RFC 5849 3.4.1.3): read it (within the limit) to sign and send it
			byte[] form;
			try (InputStream in = call.bodyStream()) {
				form = in.readAllBytes();
			}
			catch (IOException ex) {
				throw refusal(ex);
			}
			out.setEntity(new ByteArrayEntity(form, null));
			out.setHeader("Authorization", OAuthSigner.authorization(magento.credentials(), method, target,
					OAuthRequest.parseForm(new String(form, StandardCharsets.UTF_8)), this.clock.instant().getEpochSecond()));
		}
		else {
			if (magento != null) {
				out.setHeader("Authorization", (magento.auth() == MagentoAccess.Auth.BEARER)
						? "Bearer " + magento.credentials().token()
						: OAuthSigner.authorization(magento.credentials(), method, target, List.of(),
								this.clock.instant().getEpochSecond()));
			}
			if (hasBody(request)) {
				out.setEntity(new InputStreamEntity(call.bodyStream(), request.getContentLengthLong(), null));
			}
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
			response.setStatus(answer.getCode());
			copyResponseHeaders(answer, response);
			HttpEntity entity = answer.getEntity();
			if (entity == null) {
				exchange.completed();
				return;
			}
			// not closed on failure: closing would read the rest of the body; the exchange discards the connection
			InputStream in = entity.getContent();
			try {
				OutputStream body = response.getOutputStream();
				byte[] buffer = new byte[bufferSize(entity.getContentLength())];
				for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
					body.write(buffer, 0, n);
				}
			}
			catch (SocketTimeoutException ex) {
				if (!response.isCommitted()) {
					response.reset();
					throw timeout();
				}
				throw ex;
			}
			exchange.completed();
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
	 * The path and query without the client's own {@code oauth_*} query parameters: they are the
	 * client's credentials at Keyway, and a Magento would read them beside Keyway's signature.
	 */
	static String withoutOAuthParameters(String pathAndQuery) {
		int question = pathAndQuery.indexOf('?');
		if (question < 0) {
			return pathAndQuery;
		}
		StringBuilder kept = new StringBuilder();
		for (String pair : pathAndQuery.substring(question + 1).split("&")) {
			List<Parameter> parsed = OAuthRequest.parseForm(pair);
			if (!parsed.isEmpty() && parsed.get(0).name().startsWith("oauth_")) {
				continue;
			}
			kept.append(kept.isEmpty() ? "" : "&").append(pair);
		}
		String path = pathAndQuery.substring(0, question);
		return kept.isEmpty() ? path : path + "?" + kept;
	}

	/** The upstream's URL without a final slash: the forwarded path is appended to it. */
	private static String base(Upstream upstream) {
		String url = upstream.url().toString();
		return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
	}

	/** A body comes when the client declares a length or a transfer coding (RFC 9112 6.3). */
	private static boolean hasBody(HttpServletRequest request) {
		return request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
	}

	private static void copyRequestHeaders(HttpServletRequest request, HttpRequest out) {
		Set<String> named = connectionTokens(Collections.list(request.getHeaders("Connection")));
		for (Enumeration<String> names = request.getHeaderNames(); names.hasMoreElements();) {
			String name = names.nextElement();
			String lower = name.toLowerCase(Locale.ROOT);
			if (NOT_FORWARDED.contains(lower) || named.contains(lower) || lower.startsWith("proxy-")
					|| IdentityHeaders.reserved(name)) {
				continue;
			}
			for (Enumeration<String> values = request.getHeaders(name); values.hasMoreElements();) {
				out.addHeader(name, values.nextElement());
			}
		}
	}

	private static void copyResponseHeaders(HttpResponse answer, HttpServletResponse response) {
		List<String> connection = new ArrayList<>(1);
		for (Header header : answer.getHeaders("Connection")) {
			connection.add(header.getValue());
		}
		Set<String> named = connectionTokens(connection);
		for (Header header : answer.getHeaders()) {
			String lower = header.getName().toLowerCase(Locale.ROOT);
			if (!NOT_RETURNED.contains(lower) && !named.contains(lower) && !lower.startsWith("proxy-")) {
				response.addHeader(header.getName(), header.getValue());
			}
		}
	}

	/** The header names that {@code Connection} values list (RFC 9110 7.6.1): none for most messages. */
	private static Set<String> connectionTokens(List<String> values) {
		if (values.isEmpty()) {
			return Set.of();
		}
		Set<String> named = new HashSet<>();
		for (String value : values) {
			for (String token : value.split(",")) {
				named.add(token.strip().toLowerCase(Locale.ROOT));
			}
		}
		return named;
	}

	private static String host(HttpServletRequest request) {
		int port = request.getServerPort();
		boolean usual = ("http".equals(request.getScheme()) && port == 80)
				|| ("https".equals(request.getScheme()) && port == 443);
		return request.getServerName() + (usual ? "" : ":" + port);
	}

	/** What a failed exchange means: the client's body over the limit (413), a timeout (504), else 502. */
	private RuntimeException refusal(IOException ex) {
		ApiException tooLarge = ApiRequest.bodyTooLarge(ex);
		if (tooLarge != null) {
			return tooLarge;
		}
		if (ex instanceof InterruptedIOException) {
			// SocketTimeoutException and ConnectTimeoutException are both InterruptedIOExceptions
			return timeout();
		}
		return new ApiException(502, "The upstream service \"%1\" cannot be reached.", List.of(this.upstream.name()));
	}

	private ApiException timeout() {
		return new ApiException(504, "The upstream service \"%1\" did not answer within %2.",
				List.of(this.upstream.name(), DurationStyle.SIMPLE.print(this.upstream.readTimeout())));
	}

	@Override
	public void close() throws IOException {
		this.connections.close();
	}

}
