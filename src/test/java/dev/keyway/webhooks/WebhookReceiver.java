package dev.keyway.webhooks;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.ToIntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.util.encoders.Hex;

/**
 * An operator's webhook receiver for tests: the JDK's HTTP server on 127.0.0.1. It checks
 * {@code Keyway-Signature} with BouncyCastle's HMac (independent of Keyway's JDK-based signer),
 * records every request as it came over the wire, and handles each event id once (the idempotent
 * receiver the docs describe): {@link #processed()} holds the ids it acted on.
 */
final class WebhookReceiver implements AutoCloseable {

	private static final Pattern SIGNATURE = Pattern.compile("t=(\\d+),v1=([0-9a-f]{64})");

	private static final Pattern ID = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"");

	/** One request as received, with the outcome of the independent signature check. */
	record Received(long receivedAtNanos, String eventIdHeader, String contentType, String signature, long timestamp,
			boolean signatureValid, String body) {

		String eventId() {
			Matcher matcher = ID.matcher(this.body);
			return matcher.find() ? matcher.group(1) : null;
		}

		boolean about(String integrationName) {
			return this.body.contains("\"name\":\"" + integrationName + "\"");
		}

		boolean ofType(String type) {
			return this.body.contains("\"type\":\"" + type + "\"");
		}

	}

	private final HttpServer server;

	private final String secret;

	private final List<Received> received = new CopyOnWriteArrayList<>();

	private final Set<String> processed = ConcurrentHashMap.newKeySet();

	/** The status to answer a request with; 200 unless a test says otherwise. */
	private volatile ToIntFunction<Received> answer = (request) -> 200;

	WebhookReceiver(String secret) throws IOException {
		this.secret = secret;
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.setExecutor(Executors.newCachedThreadPool());
		this.server.createContext("/hooks", this::handle);
		this.server.start();
	}

	String url() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/hooks?source=keyway";
	}

	void answer(ToIntFunction<Received> answer) {
		this.answer = answer;
	}

	List<Received> received() {
		return new ArrayList<>(this.received);
	}

	List<Received> about(String integrationName) {
		return this.received.stream().filter((request) -> request.about(integrationName)).toList();
	}

	Set<String> processed() {
		return Set.copyOf(this.processed);
	}

	private void handle(HttpExchange exchange) throws IOException {
		String body;
		try (InputStream in = exchange.getRequestBody()) {
			body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		String signature = exchange.getRequestHeaders().getFirst("Keyway-Signature");
		long timestamp = -1;
		boolean valid = false;
		Matcher matcher = SIGNATURE.matcher(String.valueOf(signature));
		if (matcher.matches()) {
			timestamp = Long.parseLong(matcher.group(1));
			valid = constantTimeEquals(hmac(matcher.group(1) + "." + body), matcher.group(2));
		}
		Received request = new Received(System.nanoTime(), exchange.getRequestHeaders().getFirst("Keyway-Event-Id"),
				exchange.getRequestHeaders().getFirst("Content-Type"), signature, timestamp, valid, body);
		this.received.add(request);
		int status = valid ? this.answer.applyAsInt(request) : 400;
		if (status / 100 == 2) {
			// idempotent handling: a second delivery of one id is acknowledged and ignored
			this.processed.add(request.eventId());
		}
		exchange.sendResponseHeaders(status, -1);
		exchange.close();
	}

	private String hmac(String text) {
		HMac mac = new HMac(new SHA256Digest());
		mac.init(new KeyParameter(this.secret.getBytes(StandardCharsets.UTF_8)));
		byte[] input = text.getBytes(StandardCharsets.UTF_8);
		mac.update(input, 0, input.length);
		byte[] out = new byte[mac.getMacSize()];
		mac.doFinal(out, 0);
		return Hex.toHexString(out);
	}

	private static boolean constantTimeEquals(String a, String b) {
		return java.security.MessageDigest.isEqual(a.getBytes(StandardCharsets.US_ASCII),
				b.getBytes(StandardCharsets.US_ASCII));
	}

	@Override
	public void close() {
		this.server.stop(0);
		((ExecutorService) this.server.getExecutor()).shutdownNow();
	}

}
