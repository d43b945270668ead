package dev.keyway.webhooks;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.util.Timeout;

import dev.keyway.outbound.OutboundPolicy;
import dev.keyway.outbound.PinnedDnsResolver;

/**
 * POSTs one signed webhook body under the SSRF rules of the credentials POST (docs/DECISIONS.md,
 * "Outbound calls"): the host is resolved once and checked by the {@link OutboundPolicy} before
 * anything connects, the connection is pinned to the checked addresses, redirects are not followed
 * (a 3xx is a failed attempt), and one deadline bounds the whole exchange.
 */
final class WebhookSender {

	private final OutboundPolicy policy;

	private final Duration timeout;

	WebhookSender(OutboundPolicy policy, Duration timeout) {
		this.policy = policy;
		this.timeout = timeout;
	}

	/**
	 * @return the receiver's HTTP status
	 * @throws dev.keyway.outbound.OutboundRefusedException when the policy refuses the URL: nothing was sent
	 * @throws IOException when no answer came back within the timeout
	 */
	int post(String url, String eventId, String signature, String body) throws IOException {
		URI target = URI.create(url);
		PinnedDnsResolver dns = new PinnedDnsResolver(this.policy);
		dns.pin(target);
		HttpPost request = new HttpPost(target);
		request.setEntity(new StringEntity(body, ContentType.APPLICATION_JSON));
		request.setHeader(WebhookSignature.HEADER, signature);
		request.setHeader("Keyway-Event-Id", eventId);
		request.setConfig(RequestConfig.custom()
			.setConnectionRequestTimeout(Timeout.of(this.timeout))
			.setResponseTimeout(Timeout.of(this.timeout))
			.build());
		// the per-read timeouts do not bound a slow trickle of bytes: the deadline aborts the exchange
		CompletableFuture<Void> abort = new CompletableFuture<>();
		abort.completeOnTimeout(null, this.timeout.toNanos(), TimeUnit.NANOSECONDS).thenRun(request::cancel);
		try (CloseableHttpClient client = client(dns, this.timeout)) {
			return client.execute(request, (response) -> {
				EntityUtils.consume(response.getEntity());
				return response.getCode();
			});
		}
		catch (IOException ex) {
			if (request.isCancelled()) {
				throw new IOException("no answer within " + this.timeout.toMillis() + " ms", ex);
			}
			throw ex;
		}
		finally {
			abort.cancel(false);
		}
	}

	/** One client per delivery: its connections know only the pinned host, nothing outlives it. */
	private static CloseableHttpClient client(PinnedDnsResolver dns, Duration timeout) {
		return HttpClients.custom()
			.setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
				.setDnsResolver(dns)
				.setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(Timeout.of(timeout)).build())
				.build())
			.disableRedirectHandling()
			.disableAutomaticRetries()
			.disableCookieManagement()
			.disableAuthCaching()
			.disableContentCompression()
			.build();
	}

}
