import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.CookieManager;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The benchmark's Java side, one file, run as {@code java bench/java/LoadGen.java <command> ...}
 * (no dependencies: the JDK's NIO, HttpClient and HMAC).
 *
 * <ul>
 * <li>{@code rate}: the fixed-rate (open-model) generator. Every request is built and signed before
 * the run; request i is due at start + i / rate and its latency is measured from that intended time,
 * not from when a connection was free (no coordinated omission, as wrk2). One thread drives a
 * fixed set of keep-alive connections through a selector; due requests wait in a backlog while all
 * connections are busy, and that wait counts. Percentiles are exact (all latencies sorted,
 * nearest rank). Prints one JSON line; exits 1 when any answer was not 2xx or any request failed.
 * {@code --warmup <seconds>} sends the same load that long first, unmeasured, in the same JVM.
 * <li>{@code check}: harness sanity: a valid signed call is accepted, its replay and a wrong
 * signature are refused (proves the target verifies and protects against replays).
 * <li>{@code revoke}: revocation propagation between two nodes on one PostgreSQL.
 * <li>{@code grid}: admin grid timings over the seeded integrations.
 * </ul>
 */
public class LoadGen {

	public static void main(String[] args) throws Exception {
		if (args.length == 0) {
			System.err.println("usage: LoadGen rate|check|revoke|grid --key value ...");
			System.exit(2);
		}
		Map<String, String> o = options(args);
		int exit = switch (args[0]) {
			case "rate" -> rate(o);
			case "check" -> check(o);
			case "revoke" -> revoke(o);
			case "grid" -> grid(o);
			default -> throw new IllegalArgumentException("unknown command " + args[0]);
		};
		System.exit(exit);
	}

	static Map<String, String> options(String[] args) {
		Map<String, String> o = new HashMap<>();
		for (int i = 1; i + 1 < args.length; i += 2) {
			if (!args[i].startsWith("--")) {
				throw new IllegalArgumentException("expected --option, got " + args[i]);
			}
			o.put(args[i].substring(2), args[i + 1]);
		}
		return o;
	}

	// ---------------------------------------------------------------- OAuth 1.0a signing (RFC 5849)

	record Creds(String consumerKey, String consumerSecret, String token, String tokenSecret) {

		static List<Creds> read(String file) throws IOException {
			List<Creds> list = new ArrayList<>();
			for (String line : Files.readAllLines(Path.of(file))) {
				String[] f = line.strip().split("\\s+");
				if (f.length == 4) {
					list.add(new Creds(f[0], f[1], f[2], f[3]));
				}
			}
			if (list.isEmpty()) {
				throw new IllegalArgumentException("no credentials in " + file);
			}
			return list;
		}
	}

	static String enc(String s) {
		StringBuilder out = new StringBuilder();
		for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
			int c = b & 0xff;
			if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
					|| c == '_' || c == '~') {
				out.append((char) c);
			}
			else {
				out.append('%').append("0123456789ABCDEF".charAt(c >> 4)).append("0123456789ABCDEF".charAt(c & 15));
			}
		}
		return out.toString();
	}

	/** The Authorization header value of a signed request. */
	static String authorization(String method, URI uri, Creds c, String nonce, long timestamp, boolean corrupt)
			throws Exception {
		TreeMap<String, List<String>> params = new TreeMap<>();
		if (uri.getRawQuery() != null) {
			for (String pair : uri.getRawQuery().split("&")) {
				int eq = pair.indexOf('=');
				String n = URLDecoder.decode((eq < 0) ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
				String v = (eq < 0) ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
				params.computeIfAbsent(enc(n), (k) -> new ArrayList<>()).add(enc(v));
			}
		}
		Map<String, String> oauth = new LinkedHashMap<>();
		oauth.put("oauth_consumer_key", c.consumerKey());
		oauth.put("oauth_nonce", nonce);
		oauth.put("oauth_signature_method", "HMAC-SHA256");
		oauth.put("oauth_timestamp", Long.toString(timestamp));
		oauth.put("oauth_token", c.token());
		oauth.put("oauth_version", "1.0");
		oauth.forEach((k, v) -> params.computeIfAbsent(enc(k), (x) -> new ArrayList<>()).add(enc(v)));
		StringBuilder normalized = new StringBuilder();
		params.forEach((k, values) -> values.stream().sorted().forEach((v) -> {
			if (normalized.length() > 0) {
				normalized.append('&');
			}
			normalized.append(k).append('=').append(v);
		}));
		int port = uri.getPort();
		String base = uri.getScheme().toLowerCase() + "://" + uri.getHost().toLowerCase()
				+ ((port == -1 || port == 80) ? "" : ":" + port) + uri.getRawPath();
		String baseString = method + "&" + enc(base) + "&" + enc(normalized.toString());
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec((enc(c.consumerSecret()) + "&" + enc(c.tokenSecret())).getBytes(StandardCharsets.UTF_8),
				"HmacSHA256"));
		byte[] digest = mac.doFinal(baseString.getBytes(StandardCharsets.UTF_8));
		if (corrupt) {
			digest[0] ^= 1;
		}
		StringBuilder header = new StringBuilder("OAuth ");
		oauth.forEach((k, v) -> header.append(k).append("=\"").append(enc(v)).append("\","));
		header.append("oauth_signature=\"").append(enc(Base64.getEncoder().encodeToString(digest))).append('"');
		return header.toString();
	}

	static String randomId() {
		String alphabet = "0123456789abcdefghijklmnopqrstuvwxyz";
		SecureRandom random = new SecureRandom();
		StringBuilder s = new StringBuilder();
		for (int i = 0; i < 8; i++) {
			s.append(alphabet.charAt(random.nextInt(alphabet.length())));
		}
		return s.toString();
	}

	// ---------------------------------------------------------------- rate: the open-model generator

	static byte[] requestBytes(String mode, URI uri, Creds c, String nonce, long timestamp) throws Exception {
		int port = uri.getPort();
		String hostHeader = uri.getHost() + ((port == -1 || port == 80) ? "" : ":" + port);
		String target = uri.getRawPath() + ((uri.getRawQuery() != null) ? "?" + uri.getRawQuery() : "");
		String method = "post".equals(mode) ? "POST" : "GET";
		// verify: the call nginx's auth_request makes, signed for the original URL (docs/GATEWAY.md 4)
		String line = "verify".equals(mode) ? "/auth/verify" : target;
		StringBuilder r = new StringBuilder(512).append(method).append(' ').append(line).append(" HTTP/1.1\r\nHost: ")
			.append(hostHeader)
			.append("\r\n");
		if ("verify".equals(mode)) {
			r.append("X-Original-Method: ").append(method).append("\r\nX-Original-URI: ").append(target).append("\r\n");
		}
		switch (mode) {
			case "guest" -> {
			}
			case "bearer" -> r.append("Authorization: Bearer ").append(c.token()).append("\r\n");
			case "signed", "post", "verify" -> r.append("Authorization: ")
				.append(authorization(method, uri, c, nonce, timestamp, false))
				.append("\r\n");
			default -> throw new IllegalArgumentException("mode must be guest, bearer, signed, verify or post");
		}
		if ("post".equals(mode)) {
			String body = "{\"product\":{\"sku\":\"bench-" + nonce + "\",\"name\":\"Bench " + nonce
					+ "\",\"price\":9.5,\"attribute_set_id\":4,\"type_id\":\"simple\"}}";
			r.append("Content-Type: application/json\r\nContent-Length: ").append(body.length()).append("\r\n\r\n").append(body);
		}
		else {
			r.append("\r\n");
		}
		return r.toString().getBytes(StandardCharsets.UTF_8);
	}

	static final class Conn {

		SocketChannel channel;

		SelectionKey key;

		boolean connected;

		int inFlight = -1;

		ByteBuffer out;

		byte[] in = new byte[65536];

		int inLength;

		boolean closeAfter;

	}

	static int rate(Map<String, String> o) throws Exception {
		double warmup = Double.parseDouble(o.getOrDefault("warmup", "0"));
		if (warmup > 0) {
			// the same load for a while first, unreported: this JVM's JIT compiles the loop before it is measured
			// (a generator started cold lags in its first seconds, and that lag counts as latency)
			Map<String, String> first = new java.util.HashMap<>(o);
			first.put("duration", Double.toString(warmup));
			first.remove("warmup");
			java.io.PrintStream out = System.out;
			System.setOut(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
			try {
				rate(first);
			}
			finally {
				System.setOut(out);
			}
		}
		URI uri = URI.create(o.get("url"));
		String mode = o.getOrDefault("mode", "signed");
		double rate = Double.parseDouble(o.get("rate"));
		double duration = Double.parseDouble(o.getOrDefault("duration", "10"));
		int connections = Integer.parseInt(o.getOrDefault("connections", "64"));
		List<Creds> creds = "guest".equals(mode) ? List.of() : Creds.read(o.get("creds"));
		int n = (int) Math.round(rate * duration);
		// pre-sign everything: the generator must not be the bottleneck while it runs
		byte[][] requests = new byte[n][];
		String run = randomId();
		long timestamp = Instant.now().getEpochSecond();
		for (int i = 0; i < n; i++) {
			Creds c = creds.isEmpty() ? null : creds.get(i % creds.size());
			requests[i] = requestBytes(mode, uri, c, run + "r" + i, timestamp);
		}
		long[] latency = new long[n];
		long[] sendLag = new long[n];
		// the pre-signed requests are live for the whole run: collected now, they are old before it starts, and the
		// young collections during the run copy only the run's own garbage (they copied the requests: 27-44 ms pauses
		// counted as latency)
		System.gc();
		int[] status = new int[n];
		InetSocketAddress address = new InetSocketAddress(uri.getHost(), (uri.getPort() == -1) ? 80 : uri.getPort());
		Selector selector = Selector.open();
		List<Conn> all = new ArrayList<>();
		ArrayDeque<Conn> idle = new ArrayDeque<>();
		for (int i = 0; i < connections; i++) {
			Conn conn = new Conn();
			open(conn, address, selector);
			all.add(conn);
		}
		double interval = 1e9 / rate;
		long start = System.nanoTime() + 200_000_000L;
		long deadline = start + (long) (duration * 1e9) + 15_000_000_000L;
		ArrayDeque<Integer> backlog = new ArrayDeque<>();
		int next = 0;
		int done = 0;
		int errors = 0;
		int reconnects = 0;
		while (done < n) {
			long now = System.nanoTime();
			if (now > deadline) {
				break;
			}
			while (next < n && start + (long) (next * interval) <= now) {
				backlog.add(next++);
			}
			while (!backlog.isEmpty() && !idle.isEmpty()) {
				Conn conn = idle.poll();
				int index = backlog.poll();
				conn.inFlight = index;
				sendLag[index] = System.nanoTime() - (start + (long) (index * interval));
				conn.out = ByteBuffer.wrap(requests[index]);
				conn.channel.write(conn.out);
				conn.key.interestOps(conn.out.hasRemaining() ? SelectionKey.OP_READ | SelectionKey.OP_WRITE
						: SelectionKey.OP_READ);
			}
			long wait = (next < n) ? start + (long) (next * interval) - System.nanoTime() : 10_000_000L;
			int ready;
			if (wait > 2_000_000L) {
				ready = selector.select(Math.max(1, (wait - 1_000_000L) / 1_000_000L));
			}
			else {
				ready = selector.selectNow();
				if (ready == 0 && wait > 0) {
					LockSupport.parkNanos(Math.min(wait, 20_000L));
				}
			}
			if (ready == 0) {
				continue;
			}
			var keys = selector.selectedKeys().iterator();
			while (keys.hasNext()) {
				SelectionKey key = keys.next();
				keys.remove();
				Conn conn = (Conn) key.attachment();
				try {
					if (key.isConnectable()) {
						conn.channel.finishConnect();
						conn.connected = true;
						key.interestOps(SelectionKey.OP_READ);
						idle.add(conn);
						continue;
					}
					if (key.isWritable() && conn.out != null && conn.out.hasRemaining()) {
						conn.channel.write(conn.out);
						if (!conn.out.hasRemaining()) {
							key.interestOps(SelectionKey.OP_READ);
						}
					}
					if (key.isReadable()) {
						if (conn.inLength == conn.in.length) {
							conn.in = Arrays.copyOf(conn.in, conn.in.length * 2);
						}
						int read = conn.channel.read(ByteBuffer.wrap(conn.in, conn.inLength, conn.in.length - conn.inLength));
						if (read < 0) {
							if (conn.inFlight >= 0) {
								errors++;
								done++;
								status[conn.inFlight] = -1;
							}
							reconnects++;
							reopen(conn, address, selector, idle);
							continue;
						}
						conn.inLength += read;
						int[] parsed = parse(conn.in, conn.inLength);
						if (parsed != null && conn.inFlight >= 0) {
							long end = System.nanoTime();
							int index = conn.inFlight;
							latency[index] = end - (start + (long) (index * interval));
							status[index] = parsed[0];
							done++;
							conn.inFlight = -1;
							System.arraycopy(conn.in, parsed[1], conn.in, 0, conn.inLength - parsed[1]);
							conn.inLength -= parsed[1];
							if (parsed[2] == 1) {
								reconnects++;
								reopen(conn, address, selector, idle);
							}
							else {
								idle.add(conn);
							}
						}
					}
				}
				catch (IOException ex) {
					if (conn.inFlight >= 0) {
						errors++;
						done++;
						status[conn.inFlight] = -1;
					}
					reconnects++;
					reopen(conn, address, selector, idle);
				}
			}
		}
		long elapsed = System.nanoTime() - start;
		int missing = n - done;
		int ok = 0;
		int non2xx = 0;
		Map<Integer, Integer> statuses = new TreeMap<>();
		long[] measured = new long[done];
		int m = 0;
		for (int i = 0; i < n; i++) {
			if (status[i] != 0) {
				statuses.merge(status[i], 1, Integer::sum);
			}
			if (status[i] >= 200 && status[i] < 300) {
				ok++;
			}
			else if (status[i] > 0) {
				non2xx++;
			}
			if (status[i] > 0) {
				measured[m++] = latency[i];
			}
		}
		measured = Arrays.copyOf(measured, m);
		Arrays.sort(measured);
		long[] lags = Arrays.copyOf(sendLag, next);
		Arrays.sort(lags);
		StringBuilder json = new StringBuilder("RATEJSON {");
		json.append("\"mode\":\"").append(mode).append("\",\"rate\":").append(rate).append(",\"sent\":").append(next)
			.append(",\"ok\":").append(ok).append(",\"non2xx\":").append(non2xx).append(",\"errors\":").append(errors)
			.append(",\"timeouts\":").append(missing).append(",\"reconnects\":").append(reconnects)
			.append(",\"achieved_rps\":").append(String.format("%.1f", ok * 1e9 / elapsed))
			.append(",\"p50_us\":").append(pct(measured, 50)).append(",\"p90_us\":").append(pct(measured, 90))
			.append(",\"p99_us\":").append(pct(measured, 99)).append(",\"p999_us\":").append(pct(measured, 99.9))
			.append(",\"max_us\":").append(pct(measured, 100))
			.append(",\"mean_us\":").append(String.format("%.1f", Arrays.stream(measured).average().orElse(0) / 1000))
			.append(",\"send_lag_p99_us\":").append(pct(lags, 99))
			.append(",\"statuses\":\"").append(statuses).append("\"}");
		System.out.println(json);
		for (Conn conn : all) {
			conn.channel.close();
		}
		return (non2xx == 0 && errors == 0 && missing == 0) ? 0 : 1;
	}

	/** Nearest-rank percentile, in microseconds. */
	static long pct(long[] sorted, double p) {
		if (sorted.length == 0) {
			return 0;
		}
		int rank = (int) Math.ceil(p / 100.0 * sorted.length);
		return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))] / 1000;
	}

	static void open(Conn conn, InetSocketAddress address, Selector selector) throws IOException {
		conn.channel = SocketChannel.open();
		conn.channel.configureBlocking(false);
		conn.channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
		conn.connected = conn.channel.connect(address);
		conn.key = conn.channel.register(selector, conn.connected ? SelectionKey.OP_READ : SelectionKey.OP_CONNECT, conn);
		conn.inLength = 0;
		conn.inFlight = -1;
		if (conn.connected) {
			throw new IllegalStateException("unexpected immediate connect");
		}
	}

	static void reopen(Conn conn, InetSocketAddress address, Selector selector, ArrayDeque<Conn> idle) throws IOException {
		idle.remove(conn);
		conn.key.cancel();
		conn.channel.close();
		// no selectNow() here: this runs while the selected keys are being iterated
		open(conn, address, selector);
	}

	/**
	 * Parses one complete HTTP/1.1 response at the start of the buffer.
	 * @return {status, bytes consumed, 1 when the server closes the connection} or null when incomplete
	 */
	static int[] parse(byte[] b, int length) {
		int headerEnd = -1;
		for (int i = 3; i < length; i++) {
			if (b[i] == '\n' && b[i - 1] == '\r' && b[i - 2] == '\n' && b[i - 3] == '\r') {
				headerEnd = i + 1;
				break;
			}
		}
		if (headerEnd < 0) {
			return null;
		}
		String head = new String(b, 0, headerEnd, StandardCharsets.ISO_8859_1);
		int status = Integer.parseInt(head.substring(9, 12));
		String lower = head.toLowerCase();
		boolean close = lower.contains("\r\nconnection: close");
		int cl = lower.indexOf("\r\ncontent-length:");
		if (cl >= 0) {
			int eol = lower.indexOf("\r\n", cl + 2);
			int contentLength = Integer.parseInt(lower.substring(cl + 17, eol).strip());
			return (length >= headerEnd + contentLength) ? new int[] { status, headerEnd + contentLength, close ? 1 : 0 }
					: null;
		}
		if (lower.contains("\r\ntransfer-encoding: chunked")) {
			int pos = headerEnd;
			while (true) {
				int eol = indexOfCrlf(b, pos, length);
				if (eol < 0) {
					return null;
				}
				String sizeText = new String(b, pos, eol - pos, StandardCharsets.ISO_8859_1);
				int semi = sizeText.indexOf(';');
				int size = Integer.parseInt((semi >= 0) ? sizeText.substring(0, semi).strip() : sizeText.strip(), 16);
				pos = eol + 2;
				if (size == 0) {
					// no trailers expected: the final CRLF
					return (length >= pos + 2) ? new int[] { status, pos + 2, close ? 1 : 0 } : null;
				}
				if (length < pos + size + 2) {
					return null;
				}
				pos += size + 2;
			}
		}
		// no body (204/304) or read-until-close: treat as no body
		return new int[] { status, headerEnd, close ? 1 : 0 };
	}

	static int indexOfCrlf(byte[] b, int from, int length) {
		for (int i = from; i + 1 < length; i++) {
			if (b[i] == '\r' && b[i + 1] == '\n') {
				return i;
			}
		}
		return -1;
	}

	// ---------------------------------------------------------------- check: harness sanity

	static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	static HttpResponse<String> signedGet(URI uri, Creds c, String nonce, boolean corrupt) throws Exception {
		return HTTP.send(HttpRequest.newBuilder(uri)
			.header("Authorization", authorization("GET", uri, c, nonce, Instant.now().getEpochSecond(), corrupt))
			.timeout(Duration.ofSeconds(10))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	static int check(Map<String, String> o) throws Exception {
		URI uri = URI.create(o.get("url"));
		Creds c = Creds.read(o.get("creds")).get(0);
		String nonce = "check" + randomId();
		long timestamp = Instant.now().getEpochSecond();
		String header = authorization("GET", uri, c, nonce, timestamp, false);
		HttpRequest request = HttpRequest.newBuilder(uri).header("Authorization", header).build();
		int first = HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
		int replay = HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
		int wrong = signedGet(uri, c, "check" + randomId(), true).statusCode();
		boolean good = first == 200 && replay == 401 && wrong == 401;
		System.out.printf("CHECKJSON {\"url\":\"%s\",\"valid\":%d,\"replay\":%d,\"bad_signature\":%d,\"ok\":%b}%n", uri, first,
				replay, wrong, good);
		return good ? 0 : 1;
	}

	// ---------------------------------------------------------------- revoke: propagation between nodes

	static final Pattern FIELD = Pattern.compile("\"(consumer_key|consumer_secret|access_token|access_token_secret|id)\":\"?([^\",}]+)");

	static Map<String, String> fields(String json) {
		Map<String, String> m = new HashMap<>();
		Matcher matcher = FIELD.matcher(json);
		while (matcher.find()) {
			m.putIfAbsent(matcher.group(1), matcher.group(2));
		}
		return m;
	}

	static HttpResponse<String> adminPost(String url, String token, String json) throws Exception {
		return HTTP.send(HttpRequest.newBuilder(URI.create(url))
			.header("Authorization", "Bearer " + token)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	static int revoke(Map<String, String> o) throws Exception {
		String a = o.get("a");
		String b = o.get("b");
		String token = o.get("token");
		int times = Integer.parseInt(o.getOrDefault("times", "50"));
		long pollNanos = Long.parseLong(o.getOrDefault("poll-ms", "10")) * 1_000_000L;
		HttpResponse<String> created = adminPost(a + "/rest/V1/integrations", token,
				"{\"name\":\"bench-revoke-" + randomId() + "\",\"all_resources\":true}");
		String id = fields(created.body()).get("id");
		Map<String, String> act = fields(adminPost(a + "/rest/V1/integrations/" + id + "/activate", token, "").body());
		Creds creds = new Creds(act.get("consumer_key"), act.get("consumer_secret"), act.get("access_token"),
				act.get("access_token_secret"));
		URI probe = URI.create(b + "/rest/V1/store/storeConfigs");
		long[] afterAnswer = new long[times];
		long[] afterSend = new long[times];
		int polls = 0;
		for (int i = 0; i < times; i++) {
			for (int warm = 0; warm < 2; warm++) {
				int s = signedGet(probe, creds, "rv" + randomId(), false).statusCode();
				if (s != 200) {
					System.err.println("the current token is refused on node B before the revocation: " + s);
					return 1;
				}
			}
			long sent = System.nanoTime();
			HttpResponse<String> re = adminPost(a + "/rest/V1/integrations/" + id + "/reauthorize", token, "");
			long answered = System.nanoTime();
			Map<String, String> fresh = fields(re.body());
			if (re.statusCode() != 200 || fresh.get("access_token") == null) {
				System.err.println("reauthorize failed: " + re.statusCode() + " " + re.body());
				return 1;
			}
			long refusedAt = 0;
			long next = answered;
			while (System.nanoTime() - answered < 10_000_000_000L) {
				polls++;
				HttpResponse<String> r = signedGet(probe, creds, "rv" + randomId(), false);
				if (r.statusCode() == 401) {
					refusedAt = System.nanoTime();
					break;
				}
				next += pollNanos;
				long sleep = next - System.nanoTime();
				if (sleep > 0) {
					LockSupport.parkNanos(sleep);
				}
			}
			if (refusedAt == 0) {
				System.err.println("the old token was still accepted by node B 10 s after the revocation");
				return 1;
			}
			afterAnswer[i] = refusedAt - answered;
			afterSend[i] = refusedAt - sent;
			creds = new Creds(creds.consumerKey(), creds.consumerSecret(), fresh.get("access_token"),
					fresh.get("access_token_secret"));
		}
		Arrays.sort(afterAnswer);
		Arrays.sort(afterSend);
		System.out.printf(
				"REVOKEJSON {\"times\":%d,\"polls\":%d,\"p50_ms\":%.1f,\"p99_ms\":%.1f,\"max_ms\":%.1f,\"from_send_p50_ms\":%.1f,\"from_send_p99_ms\":%.1f}%n",
				times, polls, pct(afterAnswer, 50) / 1000.0, pct(afterAnswer, 99) / 1000.0, pct(afterAnswer, 100) / 1000.0,
				pct(afterSend, 50) / 1000.0, pct(afterSend, 99) / 1000.0);
		return 0;
	}

	// ---------------------------------------------------------------- grid: admin grid over many integrations

	static int grid(Map<String, String> o) throws Exception {
		String base = o.get("url");
		int repeat = Integer.parseInt(o.getOrDefault("repeat", "20"));
		String search = o.getOrDefault("search", "seed-0012");
		HttpClient client = HttpClient.newBuilder()
			.cookieHandler(new CookieManager())
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
		String login = client.send(HttpRequest.newBuilder(URI.create(base + "/admin/login")).build(),
				HttpResponse.BodyHandlers.ofString()).body();
		Matcher csrf = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(login);
		if (!csrf.find()) {
			System.err.println("no CSRF token on the sign-in page");
			return 1;
		}
		String form = "username=" + URLEncoder.encode(o.get("user"), StandardCharsets.UTF_8) + "&password="
				+ URLEncoder.encode(o.get("password"), StandardCharsets.UTF_8) + "&_csrf="
				+ URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8);
		HttpResponse<String> signIn = client.send(HttpRequest.newBuilder(URI.create(base + "/admin/login"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form))
			.build(), HttpResponse.BodyHandlers.ofString());
		String location = signIn.headers().firstValue("Location").orElse("");
		if (signIn.statusCode() != 302 || location.contains("error") || location.contains("locked")) {
			System.err.println("sign-in failed: " + signIn.statusCode() + " " + location);
			return 1;
		}
		Map<String, String> views = new LinkedHashMap<>();
		views.put("first page (name asc, with total)", "");
		for (String sort : List.of("name", "status", "id", "updated")) {
			for (String dir : List.of("asc", "desc")) {
				views.put("sort " + sort + " " + dir, "?sort=" + sort + "&dir=" + dir);
			}
		}
		views.put("status Active (all rows)", "?status=1");
		views.put("status Inactive (few rows)", "?status=0");
		views.put("name search \"" + search + "\"", "?name=" + search);
		views.put("last page", "?page=5000");
		// warm-up: every view a few times first, so the figures are the steady state of a running
		// node (the JIT compiles the shared H2/JDBC/Thymeleaf paths), not of the first requests
		for (int round = 0; round < 3; round++) {
			for (String query : views.values()) {
				client.send(HttpRequest.newBuilder(URI.create(base + "/admin/integrations" + query)).build(),
						HttpResponse.BodyHandlers.discarding());
			}
		}
		StringBuilder json = new StringBuilder("GRIDJSON {");
		long worst = 0;
		boolean first = true;
		for (Map.Entry<String, String> view : views.entrySet()) {
			URI uri = URI.create(base + "/admin/integrations" + view.getValue());
			long[] times = new long[repeat];
			for (int i = -2; i < repeat; i++) {
				long t0 = System.nanoTime();
				HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
				long t = System.nanoTime() - t0;
				if (r.statusCode() != 200) {
					System.err.println(view.getKey() + ": " + r.statusCode());
					return 1;
				}
				if (i >= 0) {
					times[i] = t;
				}
			}
			Arrays.sort(times);
			long p95 = pct(times, 95);
			worst = Math.max(worst, p95);
			json.append(first ? "" : ",").append('"').append(view.getKey().replace("\"", "'")).append("\":")
				.append(String.format("%.1f", p95 / 1000.0));
			first = false;
		}
		json.append(",\"worst_p95_ms\":").append(String.format("%.1f", worst / 1000.0)).append('}');
		System.out.println(json);
		return 0;
	}

	static byte[] readAll(java.io.InputStream in) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		in.transferTo(out);
		return out.toByteArray();
	}

}
