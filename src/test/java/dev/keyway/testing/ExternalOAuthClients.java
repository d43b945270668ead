package dev.keyway.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Third parties' OAuth 1.0a clients outside the JVM, each an implementation independent of Keyway's
 * signer and of the Java libraries: PHP's PECL OAuth, Python's oauthlib, npm's {@code oauth-1.0a} on
 * Node, Perl's Net::OAuth. Each signs one Web API call with HMAC-SHA256 in the Authorization header
 * (the query, if any, in the signature; a JSON body sent but not signed, as Magento expects) and
 * returns the status and body.
 * <p>
 * The scripts live in {@code src/test/resources/oauth-clients/}; this class copies them into
 * {@code target/oauth-clients/} (once per JVM) and runs them with a timeout, passing the credentials and the request
 * in the environment (never on the command line, where the process list would show them). Node's
 * package is installed once per build from its package-lock with {@code npm ci} (registry access
 * needed the first time). {@link #unavailable} says why a client cannot run here, for
 * {@code Assumptions.assumeTrue}; tools/test-prerequisites installs what Debian packages.
 */
public final class ExternalOAuthClients {

	/** A client, the program that runs it and the script it runs. */
	public enum Client {

		PHP_PECL_OAUTH("php", "call.php"),

		PYTHON_OAUTHLIB("/usr/bin/python3", "call.py"),

		NODE_OAUTH_1_0A("node", "node/call.js"),

		PERL_NET_OAUTH("perl", "call.pl");

		private final String program;

		private final String script;

		Client(String program, String script) {
			this.program = program;
			this.script = script;
		}

	}

	/** What the client saw. */
	public record Result(int status, String body) {
	}

	private static final Duration TIMEOUT = Duration.ofSeconds(60);

	private static final Path HOME = Path.of("target", "oauth-clients").toAbsolutePath();

	private static final java.util.Set<Client> INSTALLED = java.util.EnumSet.noneOf(Client.class);

	private ExternalOAuthClients() {
	}

	/** Why {@code client} cannot run on this machine, or empty when it can. */
	public static synchronized Optional<String> unavailable(Client client) {
		String probe = switch (client) {
			case PHP_PECL_OAUTH -> "php -r 'exit(extension_loaded(\"oauth\") ? 0 : 1);'";
			case PYTHON_OAUTHLIB -> "/usr/bin/python3 -c 'import oauthlib'";
			case NODE_OAUTH_1_0A -> "command -v node && command -v npm";
			case PERL_NET_OAUTH -> "perl -MNet::OAuth -MURI -MHTTP::Tiny -e 1";
		};
		String hint = switch (client) {
			case PHP_PECL_OAUTH -> "PHP's oauth extension is missing (Debian php-oauth; tools/test-prerequisites)";
			case PYTHON_OAUTHLIB -> "Python's oauthlib is missing (Debian python3-oauthlib; tools/test-prerequisites)";
			case NODE_OAUTH_1_0A -> "node and npm are not installed: the npm oauth-1.0a client is skipped";
			case PERL_NET_OAUTH -> "Perl's Net::OAuth is missing (Debian libnet-oauth-perl; tools/test-prerequisites)";
		};
		try {
			Process process = new ProcessBuilder("sh", "-c", probe).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.start();
			if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
				process.destroyForcibly();
				return Optional.of(hint);
			}
			return Optional.empty();
		}
		catch (IOException ex) {
			return Optional.of(hint + ": " + ex.getMessage());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return Optional.of(hint);
		}
	}

	/** Signs and sends {@code method url} (with {@code jsonBody}, or null) as {@code client} does. */
	public static Result call(Client client, String method, String url, OAuthClientCredentials credentials,
			String jsonBody) throws IOException, InterruptedException {
		return call(client, method, url, credentials, jsonBody, Map.of());
	}

	/** As {@link #call}, with switches for the script in its environment (e.g. {@code CALL_QUERY_IN_URL}). */
	public static Result call(Client client, String method, String url, OAuthClientCredentials credentials,
			String jsonBody, Map<String, String> switches) throws IOException, InterruptedException {
		Path script = install(client);
		ProcessBuilder builder = new ProcessBuilder(client.program, script.toString()).directory(script.getParent().toFile())
			.redirectError(ProcessBuilder.Redirect.PIPE);
		Map<String, String> env = builder.environment();
		env.put("OAUTH_CONSUMER_KEY", credentials.consumerKey());
		env.put("OAUTH_CONSUMER_SECRET", credentials.consumerSecret());
		env.put("OAUTH_TOKEN", credentials.accessToken());
		env.put("OAUTH_TOKEN_SECRET", credentials.accessTokenSecret());
		env.put("CALL_METHOD", method);
		env.put("CALL_URL", url);
		env.put("CALL_BODY", (jsonBody != null) ? jsonBody : "");
		env.putAll(switches);
		Process process = builder.start();
		process.getOutputStream().close();
		Output out = Output.drain(process.getInputStream());
		Output err = Output.drain(process.getErrorStream());
		if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
			process.destroyForcibly();
			throw new IllegalStateException(client + " did not answer within " + TIMEOUT.toSeconds() + " s");
		}
		String text = out.text();
		int newLine = text.indexOf('\n');
		if (process.exitValue() != 0 || newLine < 0) {
			throw new IllegalStateException(client + " failed (exit " + process.exitValue() + "): " + err.text()
					+ " / output: " + text);
		}
		return new Result(Integer.parseInt(text.substring(0, newLine).strip()), text.substring(newLine + 1));
	}

	/** The script in target/oauth-clients (and, for Node, its installed package); copied once per JVM. */
	private static synchronized Path install(Client client) throws IOException, InterruptedException {
		Path script = HOME.resolve(client.script);
		if (INSTALLED.contains(client)) {
			return script;
		}
		copy(client.script);
		if (client == Client.NODE_OAUTH_1_0A && !Files.isDirectory(HOME.resolve("node/node_modules/oauth-1.0a"))) {
			copy("node/package.json");
			copy("node/package-lock.json");
			Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error")
				.directory(HOME.resolve("node").toFile())
				.redirectErrorStream(true)
				.start();
			Output output = Output.drain(npm.getInputStream());
			if (!npm.waitFor(5, TimeUnit.MINUTES) || npm.exitValue() != 0) {
				npm.destroyForcibly();
				throw new IllegalStateException("npm ci of the oauth-1.0a client failed: " + output.text());
			}
		}
		INSTALLED.add(client);
		return script;
	}

	private static void copy(String resource) throws IOException {
		Path target = HOME.resolve(resource);
		Files.createDirectories(target.getParent());
		try (InputStream in = ExternalOAuthClients.class.getResourceAsStream("/oauth-clients/" + resource)) {
			if (in == null) {
				throw new IllegalStateException("No test resource oauth-clients/" + resource);
			}
			Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
		}
	}

	/** A stream read on its own thread, so a chatty process never blocks on a full pipe. */
	private static final class Output {

		private final List<byte[]> chunks = new ArrayList<>();

		private final Thread reader;

		private Output(InputStream in) {
			this.reader = new Thread(() -> {
				try (in) {
					byte[] buffer = new byte[8192];
					int read;
					while ((read = in.read(buffer)) >= 0) {
						synchronized (this.chunks) {
							this.chunks.add(java.util.Arrays.copyOf(buffer, read));
						}
					}
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			}, "external-oauth-client-output");
			this.reader.setDaemon(true);
			this.reader.start();
		}

		static Output drain(InputStream in) {
			return new Output(in);
		}

		String text() throws InterruptedException {
			this.reader.join(TimeUnit.SECONDS.toMillis(10));
			java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
			synchronized (this.chunks) {
				this.chunks.forEach(all::writeBytes);
			}
			return all.toString(StandardCharsets.UTF_8);
		}

	}

}
