package dev.keyway;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.sql.DataSource;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.keyway.account.AdminAccounts;
import dev.keyway.audit.Actor;
import dev.keyway.integration.Activation;
import dev.keyway.integration.Integration;
import dev.keyway.integration.IntegrationDraft;
import dev.keyway.integration.IntegrationException;
import dev.keyway.integration.IntegrationService;
import dev.keyway.oauth.ConsumerService;
import dev.keyway.oauth.OAuthCredentials;
import dev.keyway.testing.Http;
import dev.keyway.testing.KeywayIntegrationTest;
import dev.keyway.testing.KeywayTestContextCustomizerFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The key requirement of secrets at rest (SPEC 9): after every kind of credential has been issued,
 * no consumer secret, access token, token secret, verifier, admin token or password appears in any
 * column of any table, nor in the log.
 */
@KeywayIntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class SecretsAtRestTests {

	private static final Actor ACTOR = Actor.admin(1, "secrets-tester", "127.0.0.1");

	private static final Set<String> EXPECTED_TABLES = Set.of("oauth_consumers", "oauth_tokens", "oauth_nonces",
			"admin_users", "admin_tokens", "integrations", "acl_grants", "runtime_settings", "audit_log",
			"flyway_schema_history");

	@LocalServerPort
	int port;

	@Autowired
	IntegrationService integrations;

	@Autowired
	ConsumerService consumers;

	@Autowired
	AdminAccounts accounts;

	@Autowired
	DataSource dataSource;

	@Test
	void everyTableAndTheLogWhenCredentialsIssuedThenHoldNoSecret(CapturedOutput output) throws Exception {
		Map<String, String> secrets = new LinkedHashMap<>();
		Set<String> publicKeys = new LinkedHashSet<>();
		Http http = new Http(this.port);

		// direct flow, then reauthorize: two access tokens and secrets
		Integration direct = this.integrations.create(draft("secrets-direct", null, null), ACTOR);
		OAuthCredentials first = ((Activation.Direct) this.integrations.activate(direct.id(), ACTOR)).credentials();
		OAuthCredentials second = ((Activation.Direct) this.integrations.reauthorize(direct.id(), ACTOR)).credentials();
		put(secrets, "direct", first);
		assertThat(second.consumerSecret()).isEqualTo(first.consumerSecret());
		secrets.put("reauthorized access token", second.accessToken());
		secrets.put("reauthorized access token secret", second.accessTokenSecret());
		publicKeys.add(direct.consumerKey());

		// handshake flow: the consumer secret and the verifier as the third party receives them
		List<Map<String, String>> posted = new CopyOnWriteArrayList<>();
		HttpServer callback = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		callback.createContext("/cb", (exchange) -> {
			try (InputStream in = exchange.getRequestBody()) {
				posted.add(form(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
			}
			exchange.sendResponseHeaders(200, -1);
			exchange.close();
		});
		callback.start();
		try {
			Integration handshake = this.integrations.create(draft("secrets-handshake",
					"http://127.0.0.1:" + callback.getAddress().getPort() + "/cb", "https://partner.example.com/link"),
					ACTOR);
			this.integrations.activate(handshake.id(), ACTOR);
			assertThat(posted).hasSize(1);
			secrets.put("handshake consumer secret", posted.get(0).get("oauth_consumer_secret"));
			secrets.put("handshake verifier", posted.get(0).get("oauth_verifier"));
			publicKeys.add(handshake.consumerKey());
		}
		finally {
			callback.stop(0);
		}

		// a refused callback: the failure is logged
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			closedPort = socket.getLocalPort();
		}
		// the third party's own credentials in its callback URL: neither logged nor kept by the audit log
		String callbackPassword = "cb-password-" + UUID.randomUUID().toString().substring(0, 8);
		Integration refused = this.integrations.create(draft("secrets-refused",
				"http://partner:" + callbackPassword + "@127.0.0.1:" + closedPort + "/cb", "https://partner.example.com/link"),
				ACTOR);
		assertThatExceptionOfType(IntegrationException.class)
			.isThrownBy(() -> this.integrations.activate(refused.id(), ACTOR));
		secrets.put("refused consumer secret", this.consumers.revealConsumerSecret(refused.consumerId()));

		// the management API: admin tokens, create and activate over HTTP
		String password = "secrets-admin-password-" + UUID.randomUUID().toString().substring(0, 6);
		String adminName = "sec-" + UUID.randomUUID().toString().substring(0, 8);
		this.accounts.create(adminName, password);
		secrets.put("own admin password", password);
		secrets.put("first admin password", KeywayTestContextCustomizerFactory.ADMIN_PASSWORD);
		secrets.put("service admin token", this.accounts.issueToken(adminName, password, "127.0.0.1"));
		Http.Response tokenResponse = http.post("/rest/V1/integration/admin/token",
				"{\"username\":\"" + adminName + "\",\"password\":\"" + password + "\"}");
		assertThat(tokenResponse.status()).isEqualTo(200);
		String adminToken = JsonMapper.shared().readTree(tokenResponse.body()).asString();
		secrets.put("http admin token", adminToken);
		Http.Response created = http.post("/rest/V1/integrations",
				"{\"integration\":{\"name\":\"secrets-http-" + UUID.randomUUID() + "\",\"all_resources\":true}}",
				"Authorization", "Bearer " + adminToken);
		assertThat(created.status()).as(created.body()).isEqualTo(200);
		long id = JsonMapper.shared().readTree(created.body()).get("id").asLong();
		Http.Response activated = http.post("/rest/V1/integrations/" + id + "/activate", null, "Authorization",
				"Bearer " + adminToken);
		assertThat(activated.status()).as(activated.body()).isEqualTo(200);
		JsonNode credentials = JsonMapper.shared().readTree(activated.body());
		secrets.put("http consumer secret", credentials.get("consumer_secret").asString());
		secrets.put("http access token", credentials.get("access_token").asString());
		secrets.put("http access token secret", credentials.get("access_token_secret").asString());
		publicKeys.add(credentials.get("consumer_key").asString());
		assertThat(http.get("/rest/V1/integrations/" + id, "Authorization", "Bearer " + adminToken).status())
			.isEqualTo(200);

		assertThat(secrets.values()).doesNotContainNull().allSatisfy((secret) -> assertThat(secret).hasSizeGreaterThan(15));
		assertThat(secrets.values()).doesNotHaveDuplicates();

		Map<String, String> tables = dumpEveryTable();
		assertThat(tables.keySet()).containsAll(EXPECTED_TABLES);
		String everything = String.join("\n", tables.values()).toLowerCase(Locale.ROOT);
		publicKeys.forEach((key) -> assertThat(everything).as("the dump covers oauth_consumers").contains(key));
		tables.forEach((table, content) -> secrets.forEach((what, secret) -> assertThat(content.toLowerCase(Locale.ROOT))
			.as("table %s must not hold the %s", table, what)
			.doesNotContain(secret.toLowerCase(Locale.ROOT))));

		String log = output.getAll();
		assertThat(log).as("the log is captured").contains("Posting credentials of integration " + refused.id())
			.contains("http://(user info)@127.0.0.1:" + closedPort + "/cb")
			.doesNotContain(callbackPassword);
		assertThat(tables.get("audit_log")).as("the audit log keeps the URL without its user info")
			.contains("(user info)@127.0.0.1").doesNotContain(callbackPassword);
		secrets.forEach((what, secret) -> assertThat(log).as("the log must not hold the %s", what).doesNotContain(secret));
	}

	/** Table name (lower case) to the text of every value of every row. */
	private Map<String, String> dumpEveryTable() throws SQLException {
		Map<String, String> dump = new LinkedHashMap<>();
		try (Connection connection = this.dataSource.getConnection()) {
			DatabaseMetaData meta = connection.getMetaData();
			List<String> names = new ArrayList<>();
			try (ResultSet tables = meta.getTables(connection.getCatalog(), connection.getSchema(), "%", null)) {
				while (tables.next()) {
					String type = tables.getString("TABLE_TYPE");
					if (type != null && type.toUpperCase(Locale.ROOT).contains("TABLE")
							&& !type.toUpperCase(Locale.ROOT).contains("SYSTEM")) {
						names.add(tables.getString("TABLE_NAME"));
					}
				}
			}
			for (String name : names) {
				StringBuilder text = new StringBuilder();
				try (Statement statement = connection.createStatement();
						ResultSet rows = statement.executeQuery("SELECT * FROM \"" + name + "\"")) {
					int columns = rows.getMetaData().getColumnCount();
					while (rows.next()) {
						for (int i = 1; i <= columns; i++) {
							text.append(rows.getString(i)).append('\t');
						}
						text.append('\n');
					}
				}
				dump.put(name.toLowerCase(Locale.ROOT), text.toString());
			}
		}
		return dump;
	}

	private static void put(Map<String, String> secrets, String label, OAuthCredentials credentials) {
		secrets.put(label + " consumer secret", credentials.consumerSecret());
		secrets.put(label + " access token", credentials.accessToken());
		secrets.put(label + " access token secret", credentials.accessTokenSecret());
	}

	private static IntegrationDraft draft(String prefix, String endpoint, String identityLink) {
		return new IntegrationDraft(prefix + "-" + UUID.randomUUID(), null, endpoint, identityLink, false,
				List.of("Magento_Cms::page"));
	}

	private static Map<String, String> form(String body) {
		Map<String, String> fields = new LinkedHashMap<>();
		for (String pair : body.split("&")) {
			int eq = pair.indexOf('=');
			fields.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
					URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
		}
		return fields;
	}

}
