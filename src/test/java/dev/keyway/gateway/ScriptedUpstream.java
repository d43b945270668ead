package dev.keyway.gateway;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An upstream on loopback written on a plain socket, for answer shapes the JDK's server does not make: a long
 * answer of a known length, chunked answers, an interim 103, {@code Connection: close}, an answer shorter than its
 * length, 20 KB of headers, 80 KB of headers, an unasked 101, a 304 announcing a long length, and a connection that answers one call and closes on the next without answering (a keep-alive connection
 * the upstream dropped while the caller still held it).
 */
final class ScriptedUpstream implements AutoCloseable {

	static final int BIG = 300_000;

	/** Over the MiB at which the pipe to a worker pauses reading the upstream. */
	static final int HUGE = 4 << 20;

	private final ServerSocket server;

	private final ExecutorService threads = Executors.newCachedThreadPool();

	private final AtomicInteger connections = new AtomicInteger();

	/** Held calls that arrived. */
	private final java.util.concurrent.BlockingQueue<String> held = new java.util.concurrent.LinkedBlockingQueue<>();

	/** The last path answered on each connection the caller closed (not one the upstream closed). */
	private final java.util.concurrent.BlockingQueue<String> closedAfter = new java.util.concurrent.LinkedBlockingQueue<>();

	/** "PATH AUTHORIZATION" of each request that came with an {@code Authorization}, as it arrived. */
	private final java.util.concurrent.BlockingQueue<String> authorizations = new java.util.concurrent.LinkedBlockingQueue<>();

	/** The requests that came with an {@code Authorization} so far ("PATH AUTHORIZATION"), taken. */
	java.util.List<String> authorizations() {
		java.util.List<String> taken = new java.util.ArrayList<>();
		this.authorizations.drainTo(taken);
		return taken;
	}

	/** Chunked uploads to {@code /V1/raw/upload}: "complete BODY" when the last chunk came, else "incomplete BODY". */
	private final java.util.concurrent.BlockingQueue<String> uploads = new java.util.concurrent.LinkedBlockingQueue<>();

	/** Held calls whose caller closed the connection while waiting (the upstream saw the end of the stream). */
	private final java.util.concurrent.BlockingQueue<String> dropped = new java.util.concurrent.LinkedBlockingQueue<>();

	ScriptedUpstream() throws IOException {
		this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		this.threads.execute(() -> {
			while (!this.server.isClosed()) {
				try {
					Socket socket = this.server.accept();
					this.connections.incrementAndGet();
					this.threads.execute(() -> serve(socket));
				}
				catch (IOException ex) {
					return;
				}
			}
		});
	}

	String url() {
		return "http://127.0.0.1:" + this.server.getLocalPort();
	}

	int connections() {
		return this.connections.get();
	}

	/** Waits up to {@code seconds} for a held call to arrive. */
	String held(long seconds) throws InterruptedException {
		return this.held.poll(seconds, java.util.concurrent.TimeUnit.SECONDS);
	}

	/** Waits up to {@code seconds} for a connection the caller closed, and answers the last path it carried. */
	String closedAfter(long seconds) throws InterruptedException {
		return this.closedAfter.poll(seconds, java.util.concurrent.TimeUnit.SECONDS);
	}

	/** Waits up to {@code seconds} for a chunked upload to end, with its last chunk or without. */
	String upload(long seconds) throws InterruptedException {
		return this.uploads.poll(seconds, java.util.concurrent.TimeUnit.SECONDS);
	}

	/** Waits up to {@code seconds} for a held call whose caller closed the connection. */
	String dropped(long seconds) throws InterruptedException {
		return this.dropped.poll(seconds, java.util.concurrent.TimeUnit.SECONDS);
	}

	private void serve(Socket socket) {
		try (socket) {
			InputStream in = new BufferedInputStream(socket.getInputStream());
			OutputStream out = socket.getOutputStream();
			boolean dropNext = false;
			String last = null;
			for (String path = request(in); ; path = request(in)) {
				if (path == null) {
					if (last != null) {
						this.closedAfter.add(last);
					}
					return;
				}
				last = path;
				if (dropNext) {
					return;
				}
				if (path.startsWith("/V1/raw/once")) {
					dropNext = true;
				}
				if (path.startsWith("/V1/raw/hold")) {
					// answers nothing; notes when the caller gives up the connection
					this.held.add(path);
					socket.setSoTimeout(20_000);
					if (in.read() < 0) {
						this.dropped.add(path);
					}
					return;
				}
				if (path.startsWith("/V1/raw/upload")) {
					ByteArrayOutputStream body = new ByteArrayOutputStream();
					boolean complete = chunkedBody(in, body);
					this.uploads.add((complete ? "complete " : "incomplete ") + body.toString(StandardCharsets.ISO_8859_1));
					if (!complete) {
						return;
					}
				}
				if (!answer(path, out)) {
					return;
				}
			}
		}
		catch (IOException ex) {
			// the caller went away
		}
	}

	/**
	 * Reads one request (its body by Content-Length) and answers its path, or null at the end of the connection; an
	 * {@code Authorization} is noted with the path.
	 */
	private String request(InputStream in) throws IOException {
		String line = line(in);
		if (line == null || line.isEmpty()) {
			return null;
		}
		long length = 0;
		for (String header = line(in); header != null && !header.isEmpty(); header = line(in)) {
			if (header.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
				length = Long.parseLong(header.substring(15).strip());
			}
			if (header.toLowerCase(Locale.ROOT).startsWith("authorization:")) {
				this.authorizations.add(line.split(" ")[1] + " " + header.substring(14).strip());
			}
		}
		in.skipNBytes(length);
		return line.split(" ")[1];
	}

	/** Reads a chunked body into {@code body}; false when the connection ended (or broke) before its last chunk. */
	private static boolean chunkedBody(InputStream in, ByteArrayOutputStream body) {
		try {
			for (String size = line(in); size != null; size = line(in)) {
				int length = Integer.parseInt(size.split(";")[0].strip(), 16);
				if (length == 0) {
					for (String trailer = line(in); trailer != null; trailer = line(in)) {
						if (trailer.isEmpty()) {
							return true;
						}
					}
					return false;
				}
				byte[] chunk = in.readNBytes(length);
				body.write(chunk, 0, chunk.length);
				if (chunk.length < length || line(in) == null) {
					return false;
				}
			}
			return false;
		}
		catch (IOException | NumberFormatException ex) {
			return false;
		}
	}

	private static String line(InputStream in) throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		for (int b = in.read(); b >= 0; b = in.read()) {
			if (b == '\n') {
				return line.toString(StandardCharsets.ISO_8859_1).stripTrailing();
			}
			line.write(b);
		}
		return (line.size() == 0) ? null : line.toString(StandardCharsets.ISO_8859_1);
	}

	/** Writes the answer for {@code path}; false: the connection closes after it. */
	private static boolean answer(String path, OutputStream out) throws IOException {
		String json = "{\"path\":\"" + path + "\"}";
		if (path.startsWith("/V1/raw/big")) {
			out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + BIG + "\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			out.write("x".repeat(BIG).getBytes(StandardCharsets.US_ASCII));
		}
		else if (path.startsWith("/V1/raw/huge")) {
			out.write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n"
				.getBytes(StandardCharsets.US_ASCII));
			for (int i = 0; i < HUGE / 65536; i++) {
				chunk(out, "z".repeat(65536));
			}
			out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
		}
		else if (path.startsWith("/V1/raw/stall")) {
			// a long answer that stops coming after its first 200 KB
			out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + HUGE + "\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			out.write("s".repeat(200_000).getBytes(StandardCharsets.US_ASCII));
			out.flush();
			try {
				Thread.sleep(3000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			return false;
		}
		else if (path.startsWith("/V1/raw/own-headers")) {
			whole(out, "200 OK", json, "Cache-Control: public, max-age=60\r\nX-Frame-Options: SAMEORIGIN\r\n"
					+ "X-Content-Type-Options: nosniff\r\nSet-Cookie: a=1\r\nSet-Cookie: b=2\r\n");
		}
		else if (path.startsWith("/V1/raw/brief")) {
			whole(out, "200 OK", json, "Keep-Alive: timeout=2\r\n");
		}
		else if (path.startsWith("/V1/raw/chunked-big")) {
			out.write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n"
				.getBytes(StandardCharsets.US_ASCII));
			for (int i = 0; i < 10; i++) {
				chunk(out, "y".repeat(BIG / 10));
			}
			out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
		}
		else if (path.startsWith("/V1/raw/chunked")) {
			out.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
				.getBytes(StandardCharsets.US_ASCII));
			chunk(out, json.substring(0, 5));
			chunk(out, json.substring(5));
			out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
		}
		else if (path.startsWith("/V1/raw/early")) {
			out.write("HTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
			whole(out, "200 OK", json, "");
		}
		else if (path.startsWith("/V1/raw/slow")) {
			try {
				Thread.sleep(1500);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return false;
			}
			whole(out, "200 OK", json, "");
		}
		else if (path.startsWith("/V1/raw/long-headers")) {
			whole(out, "200 OK", json, "X-Policy: " + "p".repeat(20_000) + "\r\n");
		}
		else if (path.startsWith("/V1/raw/too-long-headers")) {
			// 80 KB of headers: more than a client is sent (server.tomcat.max-http-response-header-size, 64 KB)
			whole(out, "200 OK", json, ("X-Policy: " + "p".repeat(16_000) + "\r\n").repeat(5));
		}
		else if (path.startsWith("/V1/raw/upgrade")) {
			out.write("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n"
				.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			return false;
		}
		else if (path.startsWith("/V1/raw/not-modified")) {
			out.write(("HTTP/1.1 304 Not Modified\r\nETag: \"v1\"\r\nContent-Length: " + BIG + "\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
		}
		else if (path.startsWith("/V1/raw/close")) {
			whole(out, "200 OK", json, "Connection: close\r\n");
			return false;
		}
		else if (path.startsWith("/V1/raw/short")) {
			out.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"cut\":"
				.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			return false;
		}
		else {
			whole(out, "200 OK", json, "X-Hop: 1\r\nConnection: X-Hop\r\n");
		}
		out.flush();
		return true;
	}

	private static void whole(OutputStream out, String status, String body, String headers) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		out.write(("HTTP/1.1 " + status + "\r\nContent-Type: application/json\r\n" + headers + "Content-Length: "
				+ bytes.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
		out.write(bytes);
		out.flush();
	}

	private static void chunk(OutputStream out, String piece) throws IOException {
		byte[] bytes = piece.getBytes(StandardCharsets.UTF_8);
		out.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
		out.write(bytes);
		out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
		out.flush();
	}

	@Override
	public void close() throws IOException {
		this.server.close();
		this.threads.shutdownNow();
	}

}
