package dev.keyway.migration;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.json.JsonMapper;

/**
 * A Magento deployment for import tests: an {@code env.php} with two keys (an old 32-character key,
 * version 0, and a current {@code base64...} key, version 1) and Magento's tables written as a
 * mysqldump file by {@code magento-tables.php}, which encrypts with PHP's sodium functions exactly as
 * Magento's Encryptor does (an implementation independent of the JDK's). Values are random per
 * fixture, so fixtures of different tests never collide in the shared database.
 */
final class MagentoFixture {

	private static final SecureRandom RANDOM = new SecureRandom();

	private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

	private static final DateTimeFormatter MYSQL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
		.withZone(ZoneOffset.UTC);

	/** One integration as Magento holds it, secrets in clear (the script encrypts them). */
	record Entry(int id, String name, String email, String endpoint, String identityLinkUrl, int status,
			int setupType, String consumerKey, String consumerSecret, Integer secretKeyVersion, String consumerUpdatedAt,
			Map<String, Object> token, List<String> resources) {
	}

	final String cryptKey;

	final List<Entry> entries = new ArrayList<>();

	MagentoFixture() {
		byte[] current = new byte[32];
		RANDOM.nextBytes(current);
		this.cryptKey = random(32) + "\n" + "base64" + Base64.getEncoder().encodeToString(current);
	}

	static String random(int length) {
		StringBuilder text = new StringBuilder();
		for (int i = 0; i < length; i++) {
			text.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
		}
		return text.toString();
	}

	/** An integration with an access token, its secrets encrypted with key {@code keyVersion} (null: in clear). */
	Entry access(String name, Integer keyVersion, List<String> resources) {
		Map<String, Object> token = token("access", random(32), random(32), random(32));
		return add(new Entry(this.entries.size() + 1, name, name.replace(' ', '.') + "@example.com", null, null, 1, 0,
				random(32), random(32), keyVersion, "2024-05-01 10:00:00", token, resources));
	}

	/** An integration whose handshake started on Magento: the verifier was posted {@code postedAt}. */
	Entry verifierPosted(String name, Instant postedAt, List<String> resources) {
		Map<String, Object> token = token("verifier", random(32), random(32), random(32));
		return add(new Entry(this.entries.size() + 1, name, null, "https://connector.example.com/magento/callback",
				"https://connector.example.com/magento/login", 0, 0, random(32), random(32), 1, MYSQL.format(postedAt),
				token, resources));
	}

	/**
	 * An integration whose handshake went one step further on Magento: the verifier was posted and the
	 * connector already took its request token ({@code issuedAt}); it still has to ask for the access token.
	 */
	Entry requestTokenIssued(String name, Instant issuedAt, List<String> resources) {
		Map<String, Object> token = token("request", random(32), random(32), random(32));
		return add(new Entry(this.entries.size() + 1, name, null, "https://connector.example.com/magento/callback",
				"https://connector.example.com/magento/login", 0, 0, random(32), random(32), 1, MYSQL.format(issuedAt),
				token, resources));
	}

	Entry add(Entry entry) {
		this.entries.add(entry);
		return entry;
	}

	static Map<String, Object> token(String type, String token, String secret, String verifier) {
		Map<String, Object> values = new LinkedHashMap<>();
		values.put("type", type);
		values.put("token", token);
		values.put("secret", secret);
		values.put("verifier", verifier);
		values.put("revoked", 0);
		values.put("authorized", "access".equals(type) ? 1 : 0);
		return values;
	}

	/** Writes {@code env.php} in Magento's format into {@code directory}. */
	Path writeEnv(Path directory) throws IOException {
		Path env = directory.resolve("env.php");
		Files.writeString(env, "<?php\nreturn [\n    'backend' => [\n        'frontName' => 'admin_x1'\n    ],\n"
				+ "    'crypt' => [\n        'key' => '" + this.cryptKey + "'\n    ],\n    'db' => [\n"
				+ "        'table_prefix' => ''\n    ]\n];\n");
		return env;
	}

	/** Runs the PHP script and writes the mysqldump file into {@code directory}. */
	Path writeDump(Path directory) throws IOException, InterruptedException {
		Map<String, Object> input = new LinkedHashMap<>();
		input.put("cryptKey", this.cryptKey);
		input.put("integrations", this.entries);
		Path dump = directory.resolve("magento.sql");
		Path json = directory.resolve("fixture.json");
		Files.writeString(json, JsonMapper.builder().build().writeValueAsString(input));
		Process php = new ProcessBuilder("php", script().toString()).redirectInput(json.toFile())
			.redirectOutput(dump.toFile())
			.redirectError(ProcessBuilder.Redirect.INHERIT)
			.start();
		if (!php.waitFor(60, TimeUnit.SECONDS) || php.exitValue() != 0) {
			throw new IllegalStateException("magento-tables.php failed (exit " + php.exitValue() + ")");
		}
		Files.delete(json);
		return dump;
	}

	private static Path script() {
		try {
			return Path.of(MagentoFixture.class.getResource("/magento/magento-tables.php").toURI());
		}
		catch (URISyntaxException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static String text(Path file) throws IOException {
		return Files.readString(file, StandardCharsets.UTF_8);
	}

}
