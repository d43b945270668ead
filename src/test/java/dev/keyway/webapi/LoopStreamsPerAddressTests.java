package dev.keyway.webapi;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.keyway.testing.KeywayIntegrationTest;

import org.springframework.beans.factory.annotation.Value;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One client address holds at most {@code keyway.server.event-loop.max-streamed-bodies-per-address} (50 by
 * default) of the listener's workers with bodies it sends slowly: a review held all 200 with form bodies
 * trickled one chunk a minute. Real sockets against the shared context's listener, at the default cap.
 */
@KeywayIntegrationTest
class LoopStreamsPerAddressTests {

	private static final int CAP = StreamsPerAddress.DEFAULT;

	@Value("${" + EventLoopListener.LOCAL_PORT + "}")
	int loop;

	private final List<Socket> sockets = new ArrayList<>();

	@AfterEach
	void close() throws IOException {
		for (Socket socket : this.sockets) {
			socket.close();
		}
	}

	@Test
	void callWhenAddressAlreadyStreamsTheMostBodiesThenRefusedWith503AndTheOthersGoOn() throws Exception {
		// a form body is read before its signature can be checked (its oauth_* parameters may be in it): each of
		// these calls holds a worker until its body ends
		for (int i = 0; i <= CAP; i++) {
			startTrickling();
		}

		List<Socket> answered = answeredWithin(5_000, 1);
		assertThat(answered).as("exactly one call over the cap is answered at once").hasSize(1);
		String refusal = read(answered.get(0));
		assertThat(refusal).startsWith("HTTP/1.1 503 ")
			.contains("Connection: close")
			.contains("{\"message\":\"Too many calls of one address are sending their bodies at once: \\\"127.0.0.1\\\" has "
					+ CAP + " (keyway.server.event-loop.max-streamed-bodies-per-address); try again when one has ended\"}");
		Thread.sleep(300);
		assertThat(answeredWithin(0, 0)).as("the calls within the cap still wait for their bodies").isEmpty();
		// one over the cap that asks before it sends its body is refused, not told to send it (a review)
		Socket asking = expecting(70_000);
		assertThat(read(asking)).startsWith("HTTP/1.1 503 ").doesNotContain("100 Continue");

		// a held call whose body ends is answered as ever, and its share is free again
		Socket held = this.sockets.stream().filter((socket) -> socket != answered.get(0)).findFirst().orElseThrow();
		held.getOutputStream().write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
		assertThat(read(held)).startsWith("HTTP/1.1 401 ");
		assertThat(heldAgainWithin(5_000)).as("a new call of the address is let in once one has ended").isTrue();
	}

	@Test
	void callWhenClientExpects100ContinueThenToldToSendTheBodyWhetherItStreamsOrNot() throws Exception {
		for (int length : new int[] { 10, 70_000 }) {
			Socket socket = expecting(length);
			socket.setSoTimeout(10_000);
			InputStream in = socket.getInputStream();
			assertThat(new String(in.readNBytes(25), StandardCharsets.ISO_8859_1)).as(length + " bytes")
				.isEqualTo("HTTP/1.1 100 Continue\r\n\r\n");
			socket.getOutputStream().write(("a=" + "b".repeat(length - 2)).getBytes(StandardCharsets.US_ASCII));
			assertThat(read(socket)).as(length + " bytes").startsWith("HTTP/1.1 401 ");
		}
	}

	/** A form POST of {@code length} bytes that asks to be told to send its body (RFC 9110 10.1.1). */
	private Socket expecting(int length) throws IOException {
		Socket socket = new Socket("127.0.0.1", this.loop);
		this.sockets.add(socket);
		socket.getOutputStream()
			.write(("POST /rest/V1/products HTTP/1.1\r\nHost: localhost:" + this.loop + "\r\n"
					+ "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + length + "\r\n"
					+ "Expect: 100-continue\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
		socket.getOutputStream().flush();
		return socket;
	}

	/** A signed-looking form POST whose chunked body has begun and does not end. */
	private Socket startTrickling() throws IOException {
		Socket socket = new Socket("127.0.0.1", this.loop);
		this.sockets.add(socket);
		socket.getOutputStream()
			.write(("POST /rest/V1/products HTTP/1.1\r\nHost: localhost:" + this.loop + "\r\n"
					+ "Content-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n"
					+ "4\r\na=b&\r\n").getBytes(StandardCharsets.US_ASCII));
		socket.getOutputStream().flush();
		return socket;
	}

	/** The sockets with an answer to read, once at least {@code atLeast} have one or the time is up. */
	private List<Socket> answeredWithin(long millis, int atLeast) throws Exception {
		long end = System.currentTimeMillis() + millis;
		while (true) {
			List<Socket> answered = new ArrayList<>();
			for (Socket socket : this.sockets) {
				if (!socket.isClosed() && socket.getInputStream().available() > 0) {
					answered.add(socket);
				}
			}
			if (answered.size() >= atLeast || System.currentTimeMillis() >= end) {
				return answered;
			}
			Thread.sleep(20);
		}
	}

	/** Tries new trickling calls until one is not refused within 300 ms (its share was released). */
	private boolean heldAgainWithin(long millis) throws Exception {
		long end = System.currentTimeMillis() + millis;
		while (System.currentTimeMillis() < end) {
			Socket socket = startTrickling();
			Thread.sleep(300);
			if (socket.getInputStream().available() == 0) {
				return true;
			}
			socket.close();
		}
		return false;
	}

	/** What the server sent on the socket so far, once it has sent something. */
	private static String read(Socket socket) throws IOException {
		socket.setSoTimeout(10_000);
		InputStream in = socket.getInputStream();
		byte[] buffer = new byte[8192];
		int n = in.read(buffer);
		StringBuilder text = new StringBuilder(new String(buffer, 0, Math.max(0, n), StandardCharsets.ISO_8859_1));
		while (in.available() > 0 && (n = in.read(buffer)) > 0) {
			text.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
		}
		return text.toString();
	}

}
