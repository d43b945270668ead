package dev.keyway.migration;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import com.github.scribejava.core.model.Verb;
import com.google.api.client.auth.oauth.OAuthCredentialsResponse;
import com.google.api.client.auth.oauth.OAuthGetAccessToken;
import com.google.api.client.auth.oauth.OAuthHmacSha256Signer;
import com.google.api.client.http.javanet.NetHttpTransport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.keyway.testing.ExternalOAuthClients;
import dev.keyway.testing.GoogleOAuthClient;
import dev.keyway.testing.Http;
import dev.keyway.testing.KeywayIntegrationTest;
import dev.keyway.testing.OAuthClientCredentials;
import dev.keyway.testing.ScribeOAuthClient;
import dev.keyway.testing.SignpostOAuthClient;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Proof of continuity (issue 18): after an import, the seven third-party clients Keyway is tested
 * with (google-oauth-client, ScribeJava, signpost, PHP's PECL OAuth, Python's oauthlib, npm's
 * oauth-1.0a, Perl's Net::OAuth) call Keyway with the credentials Magento issued and succeed: a GET
 * with a {@code searchCriteria[...]} query (signed) by a connector granted customers only, and a POST
 * with a JSON body by a connector granted All. A connector whose handshake went as far as its request
 * token on Magento finishes it on Keyway.
 */
@KeywayIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ImportContinuityTests {

	/** The seven clients. */
	enum Client {

		GOOGLE_OAUTH_CLIENT, SCRIBEJAVA, SIGNPOST, PHP_PECL_OAUTH, PYTHON_OAUTHLIB, NODE_OAUTH_1_0A, PERL_NET_OAUTH

	}

	private static final String SEARCH = "/rest/V1/customers/search?searchCriteria[filter_groups][0][filters][0][field]=email"
			+ "&searchCriteria[filter_groups][0][filters][0][value]=%25@example.com"
			+ "&searchCriteria[filter_groups][0][filters][0][condition_type]=like&searchCriteria[pageSize]=3";

	@LocalServerPort
	int port;

	@Autowired
	MagentoImport importer;

	private Http http;

	private final MagentoFixture magento = new MagentoFixture();

	private MagentoFixture.Entry reader;

	private MagentoFixture.Entry writer;

	private MagentoFixture.Entry midHandshake;

	@BeforeAll
	void importMagento() throws Exception {
		this.http = new Http(this.port);
		String suffix = MagentoFixture.random(6);
		this.reader = this.magento.access("continuity reader " + suffix, 1,
				List.of("Magento_Customer::customer", "Magento_Customer::manage"));
		this.writer = this.magento.access("continuity writer " + suffix, 0, List.of("Magento_Backend::all"));
		this.midHandshake = this.magento.requestTokenIssued("continuity mid handshake " + suffix,
				Instant.now().minusSeconds(20), List.of("Magento_Customer::customer", "Magento_Customer::manage"));
		Path directory = Files.createTempDirectory("import-continuity");
		ImportReport report = this.importer.run(
				new MagentoImport.Source(this.magento.writeDump(directory), null, null, null, null),
				this.magento.writeEnv(directory), new MagentoImport.Options(false, false));
		assertThat(report.integrations()).hasSize(3);
	}

	private static OAuthClientCredentials credentials(MagentoFixture.Entry entry) {
		return new OAuthClientCredentials(entry.consumerKey(), entry.consumerSecret(), (String) entry.token().get("token"),
				(String) entry.token().get("secret"));
	}

	private Http.Response call(Client client, String method, String path, MagentoFixture.Entry entry, String json)
			throws Exception {
		String url = this.http.url(path);
		OAuthClientCredentials credentials = credentials(entry);
		return switch (client) {
			case GOOGLE_OAUTH_CLIENT -> GoogleOAuthClient.call(method, url, credentials, json);
			case SCRIBEJAVA -> ScribeOAuthClient.call(Verb.valueOf(method), url, credentials, json);
			case SIGNPOST -> SignpostOAuthClient.call(method, url, credentials, json);
			default -> {
				ExternalOAuthClients.Client external = ExternalOAuthClients.Client.valueOf(client.name());
				ExternalOAuthClients.Result result = ExternalOAuthClients.call(external, method, url, credentials, json);
				yield new Http.Response(result.status(), result.body(), java.util.Map.of());
			}
		};
	}

	private static void assumeAvailable(Client client) {
		if (client.ordinal() > Client.SIGNPOST.ordinal()) {
			ExternalOAuthClients.unavailable(ExternalOAuthClients.Client.valueOf(client.name()))
				.ifPresent((reason) -> assumeTrue(false, reason));
		}
	}

	@ParameterizedTest
	@EnumSource(Client.class)
	void callWhenSearchCriteriaQuerySignedWithImportedCredentialsThenAnswered(Client client) throws Exception {
		assumeAvailable(client);

		Http.Response response = call(client, "GET", SEARCH, this.reader, null);

		assertThat(response.status()).as(response.body()).isEqualTo(200);
		assertThat(response.body()).contains("\"search_criteria\"").contains("\"page_size\":3").contains("\"items\"");
	}

	@ParameterizedTest
	@EnumSource(Client.class)
	void callWhenJsonPostedWithImportedCredentialsThenCreated(Client client) throws Exception {
		assumeAvailable(client);
		String sku = "continuity-" + client.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + "-"
				+ MagentoFixture.random(6);

		Http.Response response = call(client, "POST", "/rest/V1/products", this.writer,
				"{\"product\":{\"sku\":\"" + sku + "\",\"name\":\"Continuity\",\"price\":12.5}}");

		assertThat(response.status()).as(response.body()).isEqualTo(200);
		assertThat(response.body()).contains("\"sku\":\"" + sku + "\"");
	}

	@Test
	void accessTokenWhenRequestTokenIssuedOnMagentoThenExchangedOnKeywayWithItsVerifier() throws Exception {
		OAuthHmacSha256Signer signer = new OAuthHmacSha256Signer(this.midHandshake.consumerSecret());
		signer.setTokenSecret((String) this.midHandshake.token().get("secret"));
		OAuthGetAccessToken exchange = new OAuthGetAccessToken(this.http.url("/oauth/token/access")) {
			{
				this.usePost = true;
			}
		};
		exchange.consumerKey = this.midHandshake.consumerKey();
		exchange.signer = signer;
		exchange.transport = new NetHttpTransport();
		exchange.temporaryToken = (String) this.midHandshake.token().get("token");
		exchange.verifier = (String) this.midHandshake.token().get("verifier");

		OAuthCredentialsResponse access = exchange.execute();

		assertThat(access.token).isNotBlank().isNotEqualTo(this.midHandshake.token().get("token"));
		OAuthClientCredentials issued = new OAuthClientCredentials(this.midHandshake.consumerKey(),
				this.midHandshake.consumerSecret(), access.token, access.tokenSecret);
		assertThat(GoogleOAuthClient.call("GET", this.http.url("/rest/V1/customers/1"), issued, null).status())
			.isEqualTo(200);
	}

}
