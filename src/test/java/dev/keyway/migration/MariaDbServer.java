package dev.keyway.migration;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real MariaDB server (Debian's {@code mariadb-server}, installed by tools/test-prerequisites) in
 * a temporary directory on a free port, for the live import tests: {@code mariadb-install-db}, then
 * {@code mariadbd} without grant tables (root needs no password), stopped by {@link #close()}.
 */
public final class MariaDbServer implements AutoCloseable {

	private final Path directory;

	private final int port;

	private final Process process;

	private MariaDbServer(Path directory, int port, Process process) {
		this.directory = directory;
		this.port = port;
		this.process = process;
	}

	public static MariaDbServer start(Path directory) throws IOException, InterruptedException {
		Path data = directory.resolve("data");
		run(List.of("mariadb-install-db", "--no-defaults", "--datadir=" + data, "--user=root", "--skip-test-db",
				"--auth-root-authentication-method=normal"), directory.resolve("install.log"));
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		Process server = new ProcessBuilder("mariadbd", "--no-defaults", "--datadir=" + data, "--user=root",
				"--port=" + port, "--bind-address=127.0.0.1", "--socket=" + directory.resolve("mariadb.sock"),
				"--pid-file=" + directory.resolve("mariadb.pid"), "--skip-grant-tables", "--skip-log-bin",
				"--innodb-buffer-pool-size=16M")
			.redirectErrorStream(true)
			.redirectOutput(directory.resolve("server.log").toFile())
			.start();
		MariaDbServer started = new MariaDbServer(directory, port, server);
		Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
		while (true) {
			try (Connection connection = DriverManager.getConnection(started.url("mysql"), "root", "")) {
				return started;
			}
			catch (SQLException ex) {
				if (!server.isAlive() || Instant.now().isAfter(deadline)) {
					started.close();
					throw new IllegalStateException("mariadbd did not start: " + Files.readString(directory.resolve("server.log")), ex);
				}
				Thread.sleep(200);
			}
		}
	}

	public String url(String database) {
		return "jdbc:mariadb://127.0.0.1:" + this.port + "/" + database;
	}

	/** Creates {@code database} and loads the SQL file into it with the {@code mariadb} client. */
	public void load(String database, Path sql) throws IOException, InterruptedException {
		client(List.of("-e", "CREATE DATABASE " + database), null);
		client(List.of(database), sql);
	}

	/** Loads the SQL file into the existing {@code database} with the {@code mariadb} client (stops at the first error). */
	public void loadInto(String database, Path sql) throws IOException, InterruptedException {
		client(List.of(database), sql);
	}

	/** {@code mariadb-dump} of the five tables, as a merchant would make the dump file. */
	public Path dump(String database, Path target) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of("mariadb-dump", "--no-defaults",
				"--socket=" + this.directory.resolve("mariadb.sock"), "--user=root", "--result-file=" + target, database));
		command.addAll(MagentoTables.NAMES);
		run(command, this.directory.resolve("dump.log"));
		return target;
	}

	private void client(List<String> arguments, Path input) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of("mariadb", "--no-defaults",
				"--socket=" + this.directory.resolve("mariadb.sock"), "--user=root"));
		command.addAll(arguments);
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(this.directory.resolve("client.log").toFile());
		if (input != null) {
			builder.redirectInput(input.toFile());
		}
		wait(builder.start(), command);
	}

	private static void run(List<String> command, Path log) throws IOException, InterruptedException {
		wait(new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start(), command);
	}

	private static void wait(Process process, List<String> command) throws InterruptedException {
		if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
			process.destroyForcibly();
			throw new IllegalStateException(command.get(0) + " failed (exit " + process.exitValue() + ")");
		}
	}

	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
			}
		}
		catch (InterruptedException ex) {
			this.process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
	}

}
