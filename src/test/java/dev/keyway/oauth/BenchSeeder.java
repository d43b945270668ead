package dev.keyway.oauth;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.keyway.integration.NameSortKey;

/**
 * Seeds many Active integrations with access tokens straight into Keyway's tables, for the
 * benchmark's S5 (100,000 integrations) and the admin grid timings. Not a test: {@code bench/run.sh}
 * runs it with the test class path while no node holds the embedded database (H2 is single-process),
 * or beside running nodes on PostgreSQL.
 *
 * <p>The rows are exactly what activation writes (consumer, one access-token record, Active
 * integration, grant of All), made with Keyway's own {@link MasterKeyRing}, {@link SecretCipher},
 * {@link TokenHasher} and {@link TokenGenerator}, so the nodes read and verify them like any other;
 * JDBC batches of 1,000 rows instead of 100,000 management calls (each of which also writes the
 * audit log). Ids are assigned here and the identity columns restarted past them afterwards.
 *
 * <p>Arguments: {@code <jdbc url> <user> <password> <base64 master key> <count> <name prefix>
 * <credentials out file>}; writes one {@code key secret token token-secret} line per integration.
 */
public final class BenchSeeder {

	private static final int BATCH = 1_000;

	private BenchSeeder() {
	}

	public static void main(String[] args) throws Exception {
		if (args.length != 7) {
			System.err.println("usage: BenchSeeder <jdbc url> <user> <password> <base64 master key> <count> <prefix> <out>");
			System.exit(2);
		}
		String url = args[0];
		MasterKeyRing ring = MasterKeyRing.of(List.of(Base64.getDecoder().decode(args[3].strip())));
		int count = Integer.parseInt(args[4]);
		String prefix = args[5];
		Path out = Path.of(args[6]);
		long started = System.nanoTime();
		try (Connection connection = DriverManager.getConnection(url, args[1], args[2])) {
			connection.setAutoCommit(false);
			seed(connection, ring, count, prefix, out);
		}
		System.out.printf("SEEDED %d integrations in %.1f s%n", count, (System.nanoTime() - started) / 1e9);
	}

	static void seed(Connection connection, MasterKeyRing ring, int count, String prefix, Path out)
			throws Exception {
		SecretCipher cipher = new SecretCipher(ring);
		TokenHasher hasher = new TokenHasher(ring);
		TokenGenerator generator = new TokenGenerator();
		Map<String, Long> next = new HashMap<>();
		for (String table : List.of("oauth_consumers", "oauth_tokens", "integrations")) {
			next.put(table, maxId(connection, table) + 1);
		}
		long consumerId = next.get("oauth_consumers");
		long tokenId = next.get("oauth_tokens");
		long integrationId = next.get("integrations");
		Instant base = Instant.now().minusSeconds(count);
		try (BufferedWriter writer = Files.newBufferedWriter(out, StandardCharsets.US_ASCII);
				PreparedStatement consumers = connection.prepareStatement(
						"INSERT INTO oauth_consumers (id, consumer_key, secret_encrypted, created_at) VALUES (?, ?, ?, ?)");
				PreparedStatement tokens = connection.prepareStatement("""
						INSERT INTO oauth_tokens (id, consumer_id, token_type, token_hash, token_encrypted, secret_encrypted,
						                          verifier_encrypted, revoked, created_at)
						VALUES (?, ?, 'access', ?, ?, ?, ?, FALSE, ?)""");
				PreparedStatement integrations = connection.prepareStatement("""
						INSERT INTO integrations (id, name, name_key, sort_key, email, status, setup_type, consumer_id, created_at,
						                          updated_at)
						VALUES (?, ?, ?, ?, ?, 1, 0, ?, ?, ?)""");
				PreparedStatement grants = connection.prepareStatement(
						"INSERT INTO acl_grants (integration_id, resource_id) VALUES (?, 'Magento_Backend::all')")) {
			for (int i = 0; i < count; i++) {
				String key = generator.next();
				String secret = generator.next();
				String token = generator.next();
				String tokenSecret = generator.next();
				// spread creation and update times so that sorting by them is not by id
				Timestamp created = Timestamp.from(base.plusSeconds(i));
				Timestamp updated = Timestamp.from(base.plusSeconds((i * 7919L) % count));
				consumers.setLong(1, consumerId);
				consumers.setString(2, key);
				consumers.setString(3, cipher.encrypt(secret));
				consumers.setTimestamp(4, created);
				consumers.addBatch();
				tokens.setLong(1, tokenId++);
				tokens.setLong(2, consumerId);
				tokens.setString(3, hasher.hash(token));
				tokens.setString(4, cipher.encrypt(token));
				tokens.setString(5, cipher.encrypt(tokenSecret));
				tokens.setString(6, cipher.encrypt(generator.next()));
				tokens.setTimestamp(7, created);
				tokens.addBatch();
				String name = String.format("%s-%06d", prefix, i);
				integrations.setLong(1, integrationId);
				integrations.setString(2, name);
				integrations.setString(3, name.toLowerCase());
				integrations.setString(4, NameSortKey.of(name));
				integrations.setString(5, name + "@example.com");
				integrations.setLong(6, consumerId);
				integrations.setTimestamp(7, created);
				integrations.setTimestamp(8, updated);
				integrations.addBatch();
				grants.setLong(1, integrationId);
				grants.addBatch();
				consumerId++;
				integrationId++;
				writer.write(key + " " + secret + " " + token + " " + tokenSecret + "\n");
				if ((i + 1) % BATCH == 0 || i + 1 == count) {
					consumers.executeBatch();
					tokens.executeBatch();
					integrations.executeBatch();
					grants.executeBatch();
					connection.commit();
				}
			}
		}
		try (Statement statement = connection.createStatement()) {
			statement.execute("ALTER TABLE oauth_consumers ALTER COLUMN id RESTART WITH " + (consumerId + 1));
			statement.execute("ALTER TABLE oauth_tokens ALTER COLUMN id RESTART WITH " + (tokenId + 1));
			statement.execute("ALTER TABLE integrations ALTER COLUMN id RESTART WITH " + (integrationId + 1));
		}
		connection.commit();
		// fresh planner statistics (both databases know ANALYZE), as a database that lived would have
		connection.setAutoCommit(true);
		try (Statement statement = connection.createStatement()) {
			statement.execute("ANALYZE");
		}
	}

	private static long maxId(Connection connection, String table) throws SQLException {
		try (Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("SELECT COALESCE(MAX(id), 0) FROM " + table)) {
			rows.next();
			// leave room for rows a running node may add meanwhile
			return rows.getLong(1) + 1_000;
		}
	}

}
