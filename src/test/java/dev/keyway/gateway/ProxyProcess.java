package dev.keyway.gateway;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import dev.keyway.testing.Eventually;
import dev.keyway.testing.Http;

import org.springframework.util.FileSystemUtils;

/**
 * A proxy program a test starts in the foreground (nginx, Caddy: Debian packages that tools/test-prerequisites
 * installs), on a free loopback port of its own, with its files in a temp directory that closing removes.
 */
final class ProxyProcess implements AutoCloseable {

	private final String program;

	private final Process process;

	private final Path home;

	private final Path log;

	private final int port;

	private final Http http;

	private ProxyProcess(String program, Process process, Path home, Path log, int port) {
		this.program = program;
		this.process = process;
		this.home = home;
		this.log = log;
		this.port = port;
		this.http = new Http(port);
	}

	/** A port free right now (the program binds it a moment later). */
	static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	/**
	 * Starts the program and waits until it listens on {@code port}.
	 * @param home the temp directory of its configuration and files, removed on close
	 * @param log the file whose end failure messages show
	 */
	static ProxyProcess start(String program, ProcessBuilder builder, Path home, Path log, int port) throws IOException {
		Process process;
		try {
			process = builder.start();
		}
		catch (IOException ex) {
			FileSystemUtils.deleteRecursively(home.toFile());
			throw ex;
		}
		ProxyProcess proxy = new ProxyProcess(program, process, home, log, port);
		try {
			Eventually.within(Duration.ofSeconds(15), program + " listening on " + port, () -> {
				if (!proxy.process.isAlive()) {
					throw new AssertionError(program + " stopped: " + proxy.log());
				}
				try (Socket socket = new Socket()) {
					socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
					return true;
				}
				catch (IOException ex) {
					return false;
				}
			});
		}
		catch (RuntimeException | AssertionError ex) {
			proxy.close();
			throw ex;
		}
		return proxy;
	}

	/** The program from the PATH, or where Debian puts it (/usr/sbin is not on every user's PATH). */
	static String executable(String program) {
		for (String directory : (System.getenv().getOrDefault("PATH", "") + ":/usr/bin:/usr/sbin:/usr/local/sbin")
			.split(":")) {
			Path candidate = Path.of(directory.isEmpty() ? "." : directory, program);
			if (Files.isExecutable(candidate)) {
				return candidate.toString();
			}
		}
		throw new AssertionError(program + " is not installed (Debian package " + program
				+ "; tools/test-prerequisites installs it)");
	}

	String url(String path) {
		return "http://127.0.0.1:" + this.port + path;
	}

	int port() {
		return this.port;
	}

	Http http() {
		return this.http;
	}

	/** The end of the program's log, for failure messages. */
	String log() {
		try {
			String text = Files.exists(this.log) ? Files.readString(this.log) : "";
			return "\n" + this.program + " log:\n" + text.substring(Math.max(0, text.length() - 2000));
		}
		catch (IOException ex) {
			return "\n(" + this.program + " log unreadable: " + ex + ")";
		}
	}

	@Override
	public void close() {
		this.process.destroy(); // SIGTERM: nginx's fast shutdown, Caddy's graceful one
		try {
			if (!this.process.waitFor(5, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		FileSystemUtils.deleteRecursively(this.home.toFile());
	}

}
