package dev.keyway.storeapi;

import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import dev.keyway.testing.SignedCalls;
import dev.keyway.testing.AdminApi;
import dev.keyway.testing.Http;
import dev.keyway.testing.KeywayIntegrationTest;
import dev.keyway.testing.OAuthClientCredentials;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/** The store hierarchy routes in Magento's shapes (admin scope included, as Magento lists it). */
@KeywayIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StoreRoutesTests {

	@LocalServerPort
	int port;

	private Http http;

	private OAuthClientCredentials stores;

	@BeforeAll
	void activateIntegration() {
		this.http = new Http(this.port);
		this.stores = SignedCalls.integration(new AdminApi(this.http), "store client", List.of("Magento_Backend::store"));
	}

	private String get(String path) {
		Http.Response response = SignedCalls.call(SignedCalls.Library.SCRIBE, "GET", this.http.url(path), this.stores,
				null);
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		return response.body();
	}

	@Test
	void storeViewsWhenListedThenAdminDefaultAndFrench() {
		assertThat(get("/rest/V1/store/storeViews")).isEqualTo("[{\"id\":0,\"code\":\"admin\",\"name\":\"Admin\","
				+ "\"website_id\":0,\"store_group_id\":0,\"is_active\":1},{\"id\":1,\"code\":\"default\",\"name\":"
				+ "\"Default Store View\",\"website_id\":1,\"store_group_id\":1,\"is_active\":1},{\"id\":2,\"code\":\"fr\","
				+ "\"name\":\"French Store View\",\"website_id\":1,\"store_group_id\":1,\"is_active\":1}]");
	}

	@Test
	void storeGroupsAndWebsitesWhenListedThenMagentoShapes() {
		assertThat(get("/rest/V1/store/storeGroups")).isEqualTo("[{\"id\":0,\"website_id\":0,\"root_category_id\":0,"
				+ "\"default_store_id\":0,\"name\":\"Default\",\"code\":\"default\"},{\"id\":1,\"website_id\":1,"
				+ "\"root_category_id\":2,\"default_store_id\":1,\"name\":\"Main Website Store\",\"code\":"
				+ "\"main_website_store\"}]");
		assertThat(get("/rest/V1/store/websites")).isEqualTo("[{\"id\":0,\"code\":\"admin\",\"name\":\"Admin\","
				+ "\"default_group_id\":0},{\"id\":1,\"code\":\"base\",\"name\":\"Main Website\",\"default_group_id\":1}]");
	}

	@Test
	void storeConfigsWhenListedOrFilteredByCodeThenLocaleCurrencyAndUrls() {
		String all = get("/rest/V1/store/storeConfigs");
		assertThat(all).startsWith("[{\"id\":1,\"code\":\"default\",\"website_id\":1,\"locale\":\"en_US\","
				+ "\"base_currency_code\":\"USD\",\"default_display_currency_code\":\"USD\",\"timezone\":"
				+ "\"America/Denver\",\"weight_unit\":\"lbs\",\"base_url\":\"http://localhost:8080/\",")
			.contains("\"code\":\"fr\"", "\"locale\":\"fr_FR\"", "\"default_display_currency_code\":\"EUR\"",
					"\"base_media_url\":\"http://localhost:8080/media/\"");
		String french = get("/rest/V1/store/storeConfigs?storeCodes[]=fr");
		assertThat(french).startsWith("[{\"id\":2,\"code\":\"fr\"").doesNotContain("\"code\":\"default\"");
	}

}
