package dev.keyway.bench.stacks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Issue 14.1: serves {@code GET /rest/V1/store/storeConfigs} on one HTTP stack with nothing but the stack itself
 * (no verification, no framework): the floor bench/stacks/run.sh compares Keyway with.
 *
 * <p>Usage: {@code java -jar keyway-stacks.jar tomcat|jetty|netty <port> <body.json>}. The body file holds the
 * exact bytes Keyway answers (run.sh fetches them from a running Keyway), served with
 * {@code Content-Type: application/json} and a Content-Length, on 127.0.0.1 only. Prints
 * {@code STACKS READY <stack> <port> <version>} once it accepts connections.
 */
public final class Stacks {

	/** The one path every stack serves; any other path answers 404. */
	static final String PATH = "/rest/V1/store/storeConfigs";

	/** Loopback only: a benchmark server has no business on another interface. */
	static final String HOST = "127.0.0.1";

	static final String CONTENT_TYPE = "application/json";

	private Stacks() {
	}

	public static void main(String[] args) throws Exception {
		if (args.length != 3) {
			throw new IllegalArgumentException(
					"expected 3 arguments <tomcat|jetty|netty> <port> <body file>, got " + args.length);
		}
		String stack = args[0].toLowerCase(Locale.ROOT);
		int port = port(args[1]);
		byte[] body = body(Path.of(args[2]));
		Server server = switch (stack) {
			case "tomcat" -> new TomcatStack();
			case "jetty" -> new JettyStack();
			case "netty" -> new NettyStack();
			default -> throw new IllegalArgumentException(
					"the stack must be one of tomcat, jetty, netty; got '" + bounded(args[0]) + "'");
		};
		String version = server.start(port, body);
		System.out.println("STACKS READY " + stack + " " + port + " " + version);
		System.out.flush();
		server.await();
	}

	private static int port(String text) {
		try {
			int port = Integer.parseInt(text);
			if (port >= 1 && port <= 65535) {
				return port;
			}
		}
		catch (NumberFormatException ex) {
			// falls through to the message below
		}
		throw new IllegalArgumentException("the port must be an integer in 1..65535; got '" + bounded(text) + "'");
	}

	private static byte[] body(Path file) throws IOException {
		byte[] body = Files.readAllBytes(file);
		if (body.length == 0) {
			throw new IllegalArgumentException("the body file must not be empty: " + bounded(file.toString()));
		}
		return body;
	}

	private static String bounded(String text) {
		return (text.length() <= 80) ? text : text.substring(0, 80) + "…";
	}

	/** One stack: starts serving, then blocks until the process is stopped. */
	interface Server {

		/** Starts serving {@code body} on {@link #PATH}; returns the stack's version. */
		String start(int port, byte[] body) throws Exception;

		void await() throws Exception;

	}

}
