package dev.keyway.cluster;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import dev.keyway.settings.RuntimeSettings;
import dev.keyway.settings.Setting;
import dev.keyway.testing.SignedCalls;
import dev.keyway.testing.AdminApi;
import dev.keyway.testing.GoogleOAuthClient;
import dev.keyway.testing.Http;
import dev.keyway.testing.Eventually;
import dev.keyway.testing.KeywayNode;
import dev.keyway.testing.KeywayTestContextCustomizerFactory;
import dev.keyway.testing.OAuthClientCredentials;
import dev.keyway.testing.TestDatabases;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two nodes on one PostgreSQL (SPEC 8, issue 6): what one node does is in force on the other within
 * a second — activation, reauthorization, deletion, grant changes, the guest switch — and an admin
 * signed in on one node is signed in on the other. The propagation times are printed.
 */
@EnabledIfSystemProperty(named = "keyway-test.database", matches = "postgres")
class ClusterTests {

	/** What the integrations' signed calls read (an integration may not read its own record, issue 11.1). */
	static final String SIGNED_RESOURCE = "Magento_Sales::actions_view";

	static final String SIGNED_PATH = "/rest/V1/orders/4";

	private static KeywayNode a;

	private static KeywayNode b;

	@BeforeAll
	static void startNodes() {
		TestDatabases.Database database = TestDatabases.newPostgresDatabase();
		byte[] key = new byte[32];
		new SecureRandom().nextBytes(key);
		String masterKey = Base64.getEncoder().encodeToString(key);
		a = KeywayNode.start(database, masterKey, Map.of());
		b = KeywayNode.start(database, masterKey, Map.of());
	}

	@AfterAll
	static void stopNodes() {
		if (a != null) {
			a.close();
		}
		if (b != null) {
			b.close();
		}
	}

	@Test
	void activateWhenDoneOnNodeAThenNodeBAcceptsSignedCalls() throws Exception {
		Active integration = activate(new AdminApi(a.http()), SIGNED_RESOURCE);

		Http.Response onB = GoogleOAuthClient.call("GET", b.url(SIGNED_PATH),
				integration.credentials(), null);

		assertThat(onB.status()).as(onB.body()).isEqualTo(200);
	}

	@Test
	void reauthorizeWhenDoneOnNodeBThenOldTokenRefusedOnNodeAWithinOneSecond() throws Exception {
		Active integration = activate(new AdminApi(a.http()), SIGNED_RESOURCE);
		String path = "/rest/V1/integrations/" + integration.id();
		assertThat(GoogleOAuthClient.call("GET", a.url(SIGNED_PATH), integration.credentials(), null).status())
			.isEqualTo(200);

		Http.Response reauthorized = new AdminApi(b.http()).post(path + "/reauthorize", "{}");
		long start = System.nanoTime();
		long millis = waitUntil(() -> signedStatus(a, SIGNED_PATH, integration.credentials()) == 401);

		System.out.printf("Revocation propagation (reauthorize on B, old token refused on A): %d ms%n", millis);
		assertThat(reauthorized.status()).isEqualTo(200);
		assertThat(millis).isLessThan(1000);
		OAuthClientCredentials fresh = new OAuthClientCredentials(integration.credentials().consumerKey(),
				integration.credentials().consumerSecret(), field(reauthorized.body(), "access_token"),
				field(reauthorized.body(), "access_token_secret"));
		assertThat(signedStatus(a, SIGNED_PATH, fresh)).isEqualTo(200);
		assertThat(System.nanoTime() - start).isPositive();
	}

	@Test
	void deleteWhenDoneOnNodeAThenNodeBRefusesWithinOneSecond() throws Exception {
		Active integration = activate(new AdminApi(a.http()), SIGNED_RESOURCE);
		String path = "/rest/V1/integrations/" + integration.id();
		assertThat(signedStatus(b, SIGNED_PATH, integration.credentials())).isEqualTo(200);

		assertThat(new AdminApi(a.http()).delete(path).status()).isEqualTo(200);
		long millis = waitUntil(() -> signedStatus(b, SIGNED_PATH, integration.credentials()) == 401);

		System.out.printf("Revocation propagation (delete on A, refused on B): %d ms%n", millis);
		assertThat(millis).isLessThan(1000);
	}

	@Test
	void grantWhenReducedOnNodeAThenNodeBRefusesWithinOneSecond() throws Exception {
		AdminApi adminA = new AdminApi(a.http());
		Active integration = activate(adminA, SIGNED_RESOURCE);
		String path = "/rest/V1/integrations/" + integration.id();
		assertThat(signedStatus(b, SIGNED_PATH, integration.credentials())).isEqualTo(200);

		assertThat(adminA.put(path, "{\"resources\":[\"Magento_Catalog::products\"]}").status()).isEqualTo(200);
		long millis = waitUntil(() -> signedStatus(b, SIGNED_PATH, integration.credentials()) == 401);

		System.out.printf("Grant change propagation (A to B): %d ms%n", millis);
		assertThat(millis).isLessThan(1000);
	}

	@Test
	void guestSwitchWhenFlippedOnNodeAThenGuestReadsOnNodeBWithinOneSecond() {
		AdminApi adminA = new AdminApi(a.http());
		assertThat(b.http().get("/rest/V1/store/storeViews").status()).isEqualTo(401);
		try {
			assertThat(adminA.put("/rest/V1/settings", "{\"settings\":{\"webapi/webapisecurity/allow_insecure\":\"1\"}}")
				.status()).isEqualTo(200);
			long millis = waitUntil(() -> b.http().get("/rest/V1/store/storeViews").status() == 200);
			System.out.printf("Setting propagation (guest switch on A, guest GET on B 401 -> 200): %d ms%n", millis);
			assertThat(millis).isLessThan(1000);
			assertThat(b.bean(RuntimeSettings.class).enabled(Setting.GUEST_ACCESS)).isTrue();
		}
		finally {
			adminA.put("/rest/V1/settings", "{\"settings\":{\"webapi/webapisecurity/allow_insecure\":\"0\"}}");
		}
	}

	@Test
	void sessionWhenSignedInOnNodeAThenNodeBServesTheSameAdmin() throws Exception {
		HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
		HttpResponse<String> loginPage = client.send(HttpRequest.newBuilder(URI.create(a.url("/admin/login"))).build(),
				HttpResponse.BodyHandlers.ofString());
		String session = cookie(loginPage);
		Matcher csrf = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(loginPage.body());
		assertThat(csrf.find()).isTrue();
		HttpResponse<String> login = client.send(HttpRequest.newBuilder(URI.create(a.url("/admin/login")))
			.header("Cookie", session)
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString("username=" + KeywayTestContextCustomizerFactory.ADMIN_USERNAME
					+ "&password=" + KeywayTestContextCustomizerFactory.ADMIN_PASSWORD + "&_csrf=" + csrf.group(1)))
			.build(), HttpResponse.BodyHandlers.ofString());
		String signedIn = (cookie(login) != null) ? cookie(login) : session;

		HttpResponse<String> gridOnB = client.send(
				HttpRequest.newBuilder(URI.create(b.url("/admin/integrations"))).header("Cookie", signedIn).build(),
				HttpResponse.BodyHandlers.ofString());

		assertThat(login.statusCode()).isEqualTo(302);
		assertThat(login.headers().firstValue("Location").orElse("")).endsWith("/admin/integrations");
		assertThat(gridOnB.statusCode()).isEqualTo(200);
		assertThat(gridOnB.body()).contains("Signed in as admin");
	}

	private static String cookie(HttpResponse<?> response) {
		List<String> cookies = response.headers().allValues("Set-Cookie");
		return cookies.stream().filter((c) -> c.startsWith("SESSION=")).map((c) -> c.split(";")[0]).findFirst()
			.orElse(null);
	}

	/** Polls for up to 5 s (propagation is promised within 1 s); returns the milliseconds it took. */
	static long waitUntil(BooleanSupplier condition) {
		return Eventually.within(Duration.ofSeconds(5), "in force", condition);
	}

	static int signedStatus(KeywayNode node, String path, OAuthClientCredentials credentials) {
		try {
			return GoogleOAuthClient.call("GET", node.url(path), credentials, null).status();
		}
		catch (java.io.IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** An integration activated with the direct flow through the management API. */
	record Active(long id, OAuthClientCredentials credentials) {
	}

	static Active activate(AdminApi admin, String resource) {
		long id = admin.createIntegration("{\"name\":\"cluster " + UUID.randomUUID() + "\",\"resources\":[\"" + resource
				+ "\"]}");
		Http.Response activation = admin.post("/rest/V1/integrations/" + id + "/activate", "{}");
		assertThat(activation.status()).as(activation.body()).isEqualTo(200);
		return new Active(id, new OAuthClientCredentials(field(activation.body(), "consumer_key"),
				field(activation.body(), "consumer_secret"), field(activation.body(), "access_token"),
				field(activation.body(), "access_token_secret")));
	}

	static String field(String json, String name) {
		return AdminApi.field(json, name);
	}

}
