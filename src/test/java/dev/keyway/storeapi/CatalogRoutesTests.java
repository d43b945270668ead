package dev.keyway.storeapi;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.keyway.testing.SignedCalls;
import dev.keyway.testing.AdminApi;
import dev.keyway.testing.Http;
import dev.keyway.testing.KeywayIntegrationTest;
import dev.keyway.testing.OAuthClientCredentials;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The catalog routes as a Magento client uses them: signed by independent OAuth libraries, GET with
 * searchCriteria (camelCase and snake_case, raw and encoded brackets), POST and PUT with JSON bodies,
 * DELETE, store-view names through {@code /rest/fr/V1}, and Magento's answers to mistakes.
 */
@KeywayIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CatalogRoutesTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	private Http http;

	private OAuthClientCredentials catalog;

	@BeforeAll
	void activateIntegration() {
		this.http = new Http(this.port);
		this.catalog = SignedCalls.integration(new AdminApi(this.http), "catalog client",
				List.of("Magento_Catalog::products", "Magento_Catalog::categories"));
	}

	private Http.Response google(String method, String path, String body) {
		return SignedCalls.call(SignedCalls.Library.GOOGLE, method, this.http.url(path), this.catalog, body);
	}

	private Http.Response scribe(String method, String path, String body) {
		return SignedCalls.call(SignedCalls.Library.SCRIBE, method, this.http.url(path), this.catalog, body);
	}

	private static JsonNode json(Http.Response response) {
		return JSON.readTree(response.body());
	}

	private static String q(String text) {
		return URLEncoder.encode(text, StandardCharsets.UTF_8);
	}

	private static List<String> skus(JsonNode list) {
		List<String> skus = new ArrayList<>();
		list.get("items").forEach((item) -> skus.add(item.get("sku").asString()));
		return skus;
	}

	private String createProduct(String sku, String name, String price) {
		Http.Response created = scribe("POST", "/rest/V1/products",
				"{\"product\":{\"sku\":\"" + sku + "\",\"name\":\"" + name + "\",\"price\":" + price + "}}");
		assertThat(created.status()).as(created.body()).isEqualTo(200);
		return sku;
	}

	@Test
	void listWhenSignedGetWithCamelCaseCriteriaThenMagentoListWithEcho() {
		String query = "searchCriteria[filterGroups][0][filters][0][field]=category_id"
				+ "&searchCriteria[filterGroups][0][filters][0][value]=9"
				+ "&searchCriteria[filterGroups][0][filters][0][conditionType]=eq"
				+ "&searchCriteria[sortOrders][0][field]=price&searchCriteria[sortOrders][0][direction]=DESC"
				+ "&searchCriteria[pageSize]=2&searchCriteria[currentPage]=1";
		Http.Response response = google("GET", "/rest/V1/products?" + query, null);
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		JsonNode list = json(response);
		assertThat(skus(list)).containsExactly("SP-TN-003", "SP-TN-001");
		assertThat(list.get("total_count").asInt()).isEqualTo(5);
		assertThat(list.get("search_criteria").toString()).isEqualTo("{\"filter_groups\":[{\"filters\":[{\"field\":"
				+ "\"category_id\",\"value\":\"9\",\"condition_type\":\"eq\"}]}],\"sort_orders\":[{\"field\":\"price\","
				+ "\"direction\":\"DESC\"}],\"page_size\":2,\"current_page\":1}");
		JsonNode tent = list.get("items").get(0);
		assertThat(tent.get("price").asInt()).isEqualTo(449);
		assertThat(tent.get("extension_attributes").get("website_ids").toString()).isEqualTo("[1]");
		assertThat(tent.get("extension_attributes").get("category_links").toString())
			.contains("{\"position\":3,\"category_id\":\"9\"}");
		assertThat(tent.get("custom_attributes").toString()).contains("{\"attribute_code\":\"url_key\",\"value\":"
				+ "\"basecamp-4-family-tent\"}");
	}

	@Test
	void listWhenSnakeCaseAndEncodedBracketsThenSameResultThroughEitherLibrary() {
		String snake = "searchCriteria[filter_groups][0][filters][0][field]=name"
				+ "&searchCriteria[filter_groups][0][filters][0][value]=" + q("%pack%")
				+ "&searchCriteria[filter_groups][0][filters][0][condition_type]=like"
				+ "&searchCriteria[filter_groups][0][filters][1][field]=sku"
				+ "&searchCriteria[filter_groups][0][filters][1][value]=SP-AC-001"
				+ "&searchCriteria[filter_groups][1][filters][0][field]=price"
				+ "&searchCriteria[filter_groups][1][filters][0][value]=100"
				+ "&searchCriteria[filter_groups][1][filters][0][condition_type]=lt"
				+ "&searchCriteria[sort_orders][0][field]=sku&searchCriteria[page_size]=10";
		String encoded = snake.replace("[", "%5B").replace("]", "%5D");
		List<String> expected = List.of("SP-AC-001", "SP-PK-001", "SP-PK-005", "SP-PK-006");
		for (Http.Response response : List.of(google("GET", "/rest/V1/products?" + snake, null),
				scribe("GET", "/rest/V1/products?" + snake, null), google("GET", "/rest/V1/products?" + encoded, null),
				scribe("GET", "/rest/V1/products?" + encoded, null))) {
			assertThat(response.status()).as(response.body()).isEqualTo(200);
			assertThat(skus(json(response))).containsExactlyElementsOf(expected);
			assertThat(json(response).get("total_count").asInt()).isEqualTo(4);
		}
	}

	@Test
	void listWhenPageBeyondTheEndThenNoItemsAndTheTotal() {
		Http.Response response = scribe("GET",
				"/rest/V1/products?searchCriteria[filter_groups][0][filters][0][field]=category_id"
						+ "&searchCriteria[filter_groups][0][filters][0][value]=9"
						+ "&searchCriteria[pageSize]=2&searchCriteria[currentPage]=4",
				null);
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		assertThat(json(response).get("items").size()).isZero();
		assertThat(json(response).get("total_count").asInt()).isEqualTo(5);
	}

	@Test
	void listWhenPageSizeIsZeroOrNegativeThen400() {
		for (String size : List.of("0", "-1")) {
			Http.Response response = google("GET", "/rest/V1/products?searchCriteria[pageSize]=" + size, null);
			assertThat(response.status()).isEqualTo(400);
			assertThat(response.body()).isEqualTo(
					"{\"message\":\"The page size (searchCriteria[pageSize]) must be at least 1; got " + size + ".\"}");
		}
	}

	@Test
	void listWhenUnknownFieldThen400NamingItAndTheAllowedOnes() {
		Http.Response response = scribe("GET", "/rest/V1/products?searchCriteria[filter_groups][0][filters][0][field]="
				+ "password&searchCriteria[filter_groups][0][filters][0][value]=x", null);
		assertThat(response.status()).isEqualTo(400);
		assertThat(json(response).get("message").asString())
			.startsWith("Cannot filter products by \"password\": it is not a searchable field. Searchable fields: ")
			.contains("category_id, ", "sku, ", "url_key, ");
	}

	@Test
	void listWhenQuotesAndSqlKeywordsInFieldsAndValuesThenNo500AndNoDataChange() {
		long before = this.jdbc.sql("SELECT COUNT(*) FROM catalog_products").query(Long.class).single();
		String hostileField = "sku' OR '1'='1'; DELETE FROM catalog_products; --";
		String hostileValue = "x' OR '1'='1'; DROP TABLE catalog_products; --";
		List<String> queries = List.of(
				"searchCriteria[filter_groups][0][filters][0][field]=" + q(hostileField)
						+ "&searchCriteria[filter_groups][0][filters][0][value]=1",
				"searchCriteria[filter_groups][0][filters][0][field]=sku&searchCriteria[filter_groups][0][filters][0][value]="
						+ q(hostileValue),
				"searchCriteria[filter_groups][0][filters][0][field]=name&searchCriteria[filter_groups][0][filters][0][value]="
						+ q("%' UNION SELECT * FROM oauth_consumers --")
						+ "&searchCriteria[filter_groups][0][filters][0][condition_type]=like",
				"searchCriteria[filter_groups][0][filters][0][field]=color&searchCriteria[filter_groups][0][filters][0][value]="
						+ q("a','b'); DELETE FROM catalog_products; --")
						+ "&searchCriteria[filter_groups][0][filters][0][condition_type]=in",
				"searchCriteria[filter_groups][0][filters][0][field]=sku&searchCriteria[filter_groups][0][filters][0][value]=x"
						+ "&searchCriteria[filter_groups][0][filters][0][condition_type]=" + q("= 'x' OR 1=1 --"),
				"searchCriteria[sortOrders][0][field]=" + q("price; DROP TABLE catalog_products"),
				"searchCriteria[sortOrders][0][field]=price&searchCriteria[sortOrders][0][direction]="
						+ q("DESC; DELETE FROM catalog_products"),
				"searchCriteria[pageSize]=" + q("1; DELETE FROM catalog_products"));
		for (String query : queries) {
			Http.Response response = google("GET", "/rest/V1/products?" + query, null);
			assertThat(response.status()).as("%s -> %s", query, response.body()).isIn(200, 400);
			if (response.status() == 200) {
				assertThat(json(response).get("total_count").asInt()).as(query).isZero();
			}
		}
		Http.Response field = scribe("GET", "/rest/V1/products?" + queries.get(0), null);
		assertThat(json(field).get("message").asString()).contains("\"" + hostileField + "\"");
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM catalog_products").query(Long.class).single()).isEqualTo(before);
		assertThat(scribe("GET", "/rest/V1/products/SP-JK-001", null).status()).isEqualTo(200);
	}

	@Test
	void productWhenCreatedUpdatedAndDeletedWithSignedCallsThenMagentoAnswers() {
		String sku = "CRT-" + UUID.randomUUID().toString().substring(0, 8);
		Http.Response created = google("POST", "/rest/V1/products", "{\"product\":{\"sku\":\"" + sku
				+ "\",\"name\":\"Ultralight Stove\",\"attribute_set_id\":4,\"price\":64.5,\"status\":1,\"visibility\":4,"
				+ "\"type_id\":\"simple\",\"weight\":\"0.4\",\"extension_attributes\":{\"website_ids\":[1],"
				+ "\"category_links\":[{\"position\":2,\"category_id\":\"8\"}]},\"custom_attributes\":["
				+ "{\"attribute_code\":\"url_key\",\"value\":\"ultralight-stove\"},{\"attribute_code\":\"color\","
				+ "\"value\":\"Titanium\"}]}}");
		assertThat(created.status()).as(created.body()).isEqualTo(200);
		JsonNode product = json(created);
		assertThat(product.get("sku").asString()).isEqualTo(sku);
		assertThat(product.get("id").asLong()).isPositive();
		assertThat(product.get("price").toString()).isEqualTo("64.5");
		assertThat(product.get("weight").toString()).isEqualTo("0.4");
		assertThat(product.get("created_at").asString()).matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}");
		assertThat(product.get("extension_attributes").toString())
			.isEqualTo("{\"website_ids\":[1],\"category_links\":[{\"position\":2,\"category_id\":\"8\"}]}");
		assertThat(product.get("custom_attributes").toString()).isEqualTo("[{\"attribute_code\":\"color\",\"value\":"
				+ "\"Titanium\"},{\"attribute_code\":\"url_key\",\"value\":\"ultralight-stove\"},{\"attribute_code\":"
				+ "\"category_ids\",\"value\":[\"8\"]}]");
		for (String field : List.of("product_links", "options", "media_gallery_entries", "tier_prices")) {
			assertThat(product.get(field).toString()).isEqualTo("[]");
		}

		Http.Response updated = scribe("PUT", "/rest/V1/products/" + sku, "{\"product\":{\"price\":59,\"status\":2,"
				+ "\"custom_attributes\":[{\"attribute_code\":\"category_ids\",\"value\":[\"8\",\"11\"]}]}}");
		assertThat(updated.status()).as(updated.body()).isEqualTo(200);
		assertThat(json(updated).get("price").toString()).isEqualTo("59");
		assertThat(json(updated).get("status").asInt()).isEqualTo(2);
		assertThat(json(updated).get("name").asString()).isEqualTo("Ultralight Stove");
		assertThat(json(updated).get("extension_attributes").get("category_links").toString())
			.isEqualTo("[{\"position\":0,\"category_id\":\"8\"},{\"position\":0,\"category_id\":\"11\"}]");

		Http.Response deleted = google("DELETE", "/rest/V1/products/" + sku, null);
		assertThat(deleted.status()).isEqualTo(200);
		assertThat(deleted.body()).isEqualTo("true");
		Http.Response gone = scribe("GET", "/rest/V1/products/" + sku, null);
		assertThat(gone.status()).isEqualTo(404);
		assertThat(gone.body()).isEqualTo("{\"message\":\"The product that was requested doesn't exist. Verify the "
				+ "product and try again.\"}");
	}

	@Test
	void postWhenSkuExistsThenThatProductUpdatedAndReturnedAsMagentosSaveDoes() {
		String sku = createProduct("UPS-" + UUID.randomUUID().toString().substring(0, 8), "Trail Lamp", "20");
		long id = json(google("GET", "/rest/V1/products/" + sku, null)).get("id").asLong();
		// an ERP connector syncs by POSTing the whole catalog: the SKU (any case) names the product to update
		Http.Response saved = google("POST", "/rest/V1/products", "{\"product\":{\"sku\":\"" + sku.toLowerCase()
				+ "\",\"price\":24.5,\"custom_attributes\":[{\"attribute_code\":\"color\",\"value\":\"red\"}]}}");
		assertThat(saved.status()).as(saved.body()).isEqualTo(200);
		JsonNode product = json(saved);
		assertThat(product.get("id").asLong()).isEqualTo(id);
		assertThat(product.get("sku").asString()).isEqualTo(sku);
		assertThat(product.get("name").asString()).isEqualTo("Trail Lamp");
		assertThat(product.get("price").decimalValue()).isEqualByComparingTo("24.5");
		assertThat(product.get("custom_attributes").toString()).contains("{\"attribute_code\":\"color\",\"value\":\"red\"}");
		Http.Response read = scribe("GET", "/rest/V1/products/" + sku, null);
		assertThat(json(read).properties().stream().map(java.util.Map.Entry::getKey).toList())
			.isEqualTo(product.properties().stream().map(java.util.Map.Entry::getKey).toList());
		assertThat(json(read).get("price").decimalValue()).isEqualByComparingTo("24.5");
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM catalog_products WHERE LOWER(sku) = LOWER(?)")
			.param(sku)
			.query(Long.class)
			.single()).isEqualTo(1L);
	}

	@Test
	void postWhenSkuExistsAndBodyBreaksARuleThen400AndProductUnchanged() {
		String sku = createProduct("UPB-" + UUID.randomUUID().toString().substring(0, 8), "Trail Lamp", "20");
		Http.Response refused = scribe("POST", "/rest/V1/products",
				"{\"product\":{\"sku\":\"" + sku + "\",\"price\":-1}}");
		assertThat(refused.status()).isEqualTo(400);
		assertThat(json(refused).get("message").asString()).isEqualTo("\"price\" must be zero or more; got -1.");
		assertThat(json(google("GET", "/rest/V1/products/" + sku, null)).get("price").asInt()).isEqualTo(20);
	}

	@Test
	void createWhenBodyBreaksRulesThenAggregatedInputErrors() {
		Http.Response response = scribe("POST", "/rest/V1/products",
				"{\"product\":{\"sku\":\"BAD-1\",\"name\":\"Bad\",\"price\":-3,\"visibility\":7}}");
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.body()).isEqualTo("{\"message\":\"One or more input exceptions have occurred.\",\"errors\":["
				+ "{\"message\":\"\\\"price\\\" must be zero or more; got -3.\"},{\"message\":\"\\\"visibility\\\" must be 1 "
				+ "(Not Visible Individually), 2 (Catalog), 3 (Search) or 4 (Catalog, Search); got 7.\"}]}");
		Http.Response unknown = scribe("POST", "/rest/V1/products", "{\"product\":{\"sku\":\"BAD-2\",\"colour\":\"red\"}}");
		assertThat(unknown.status()).isEqualTo(400);
		assertThat(json(unknown).get("message").asString()).startsWith("Unknown field \"colour\"; known fields: ");
	}

	@Test
	void updateWhenThroughTheFrenchStoreViewThenTheNameIsFrenchThereOnly() {
		String sku = createProduct("FR-" + UUID.randomUUID().toString().substring(0, 8), "Camp Mug", "12");
		Http.Response french = google("PUT", "/rest/fr/V1/products/" + sku,
				"{\"product\":{\"sku\":\"" + sku + "\",\"name\":\"Tasse de camp\"}}");
		assertThat(french.status()).as(french.body()).isEqualTo(200);
		assertThat(json(french).get("name").asString()).isEqualTo("Tasse de camp");
		assertThat(json(scribe("GET", "/rest/fr/V1/products/" + sku, null)).get("name").asString())
			.isEqualTo("Tasse de camp");
		assertThat(json(scribe("GET", "/rest/V1/products/" + sku, null)).get("name").asString()).isEqualTo("Camp Mug");
		assertThat(json(scribe("GET", "/rest/default/V1/products/" + sku, null)).get("name").asString())
			.isEqualTo("Camp Mug");

		Http.Response global = scribe("PUT", "/rest/all/V1/products/" + sku, "{\"product\":{\"name\":\"Camp Mug 2\"}}");
		assertThat(global.status()).as(global.body()).isEqualTo(200);
		assertThat(json(scribe("GET", "/rest/V1/products/" + sku, null)).get("name").asString()).isEqualTo("Camp Mug 2");
		assertThat(json(scribe("GET", "/rest/fr/V1/products/" + sku, null)).get("name").asString())
			.isEqualTo("Tasse de camp");
		Http.Response list = google("GET", "/rest/fr/V1/products?searchCriteria[filter_groups][0][filters][0][field]=name"
				+ "&searchCriteria[filter_groups][0][filters][0][value]=" + q("tasse%")
				+ "&searchCriteria[filter_groups][0][filters][0][condition_type]=like", null);
		assertThat(skus(json(list))).containsExactly(sku);
		google("DELETE", "/rest/V1/products/" + sku, null);
	}

	@Test
	void getWhenStoreCodeIsAllThen400AndWhenUnknownThen404() {
		Http.Response all = google("GET", "/rest/all/V1/products", null);
		assertThat(all.status()).isEqualTo(400);
		assertThat(all.body()).isEqualTo("{\"message\":\"Cannot perform GET operation with store code 'all'\"}");
		Http.Response unknown = scribe("GET", "/rest/de/V1/products/SP-JK-001", null);
		assertThat(unknown.status()).isEqualTo(404);
		assertThat(unknown.body()).isEqualTo("{\"message\":\"Request does not match any route.\"}");
		Http.Response admin = scribe("GET", "/rest/admin/V1/products/SP-JK-001", null);
		assertThat(admin.status()).as("the admin store is no path store code").isEqualTo(404);
	}

	@Test
	void typesWhenListedThenMagentosSix() {
		Http.Response response = google("GET", "/rest/V1/products/types", null);
		assertThat(response.body()).isEqualTo("[{\"name\":\"simple\",\"label\":\"Simple Product\"},{\"name\":\"virtual\","
				+ "\"label\":\"Virtual Product\"},{\"name\":\"downloadable\",\"label\":\"Downloadable Product\"},{\"name\":"
				+ "\"configurable\",\"label\":\"Configurable Product\"},{\"name\":\"bundle\",\"label\":\"Bundle Product\"},"
				+ "{\"name\":\"grouped\",\"label\":\"Grouped Product\"}]");
	}

	@Test
	void treeWhenRootAndDepthGivenThenMagentoNodes() {
		Http.Response response = scribe("GET", "/rest/V1/categories?rootCategoryId=8&depth=1", null);
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("{\"id\":8,\"parent_id\":2,\"name\":\"Camping\",\"is_active\":true,"
				+ "\"position\":6,\"level\":2,\"product_count\":10,\"children_data\":[{\"id\":9,\"parent_id\":8,\"name\":"
				+ "\"Tents & Shelters\",\"is_active\":true,\"position\":1,\"level\":3,\"product_count\":5,\"children_data\":"
				+ "[]},{\"id\":10,\"parent_id\":8,\"name\":\"Sleeping Bags & Pads\",\"is_active\":true,\"position\":2,"
				+ "\"level\":3,\"product_count\":5,\"children_data\":[]}]}");
		JsonNode whole = json(google("GET", "/rest/V1/categories", null));
		assertThat(whole.get("id").asInt()).as("the store's root category").isEqualTo(2);
		assertThat(whole.get("children_data").size()).isGreaterThanOrEqualTo(8);
		assertThat(json(google("GET", "/rest/V1/categories?depth=0", null)).get("children_data").size()).isZero();
		Http.Response missing = google("GET", "/rest/V1/categories?rootCategoryId=987654", null);
		assertThat(missing.status()).isEqualTo(404);
		assertThat(missing.body()).isEqualTo("{\"message\":\"No such entity with %fieldName = %fieldValue\","
				+ "\"parameters\":{\"fieldName\":\"id\",\"fieldValue\":987654}}");
	}

	@Test
	void categoryWhenCreatedUpdatedAndDeletedThenSubtreeAndLinksGo() {
		Http.Response created = google("POST", "/rest/V1/categories", "{\"category\":{\"parent_id\":11,\"name\":"
				+ "\"Cooking\",\"is_active\":true,\"custom_attributes\":[{\"attribute_code\":\"url_key\",\"value\":"
				+ "\"cooking\"}]}}");
		assertThat(created.status()).as(created.body()).isEqualTo(200);
		JsonNode category = json(created);
		long id = category.get("id").asLong();
		assertThat(category.get("parent_id").asInt()).isEqualTo(11);
		assertThat(category.get("level").asInt()).isEqualTo(3);
		assertThat(category.get("path").asString()).isEqualTo("1/2/11/" + id);
		assertThat(category.get("custom_attributes").toString()).contains("{\"attribute_code\":\"url_key\",\"value\":"
				+ "\"cooking\"}");
		Http.Response child = scribe("POST", "/rest/V1/categories",
				"{\"category\":{\"parent_id\":" + id + ",\"name\":\"Stoves\"}}");
		long childId = json(child).get("id").asLong();
		assertThat(json(child).get("path").asString()).isEqualTo("1/2/11/" + id + "/" + childId);
		String sku = createProduct("CAT-" + UUID.randomUUID().toString().substring(0, 8), "Pocket Stove", "39");
		scribe("PUT", "/rest/V1/products/" + sku, "{\"product\":{\"extension_attributes\":{\"category_links\":["
				+ "{\"category_id\":" + childId + ",\"position\":1}]}}}");
		assertThat(scribe("GET", "/rest/V1/categories/" + childId + "/products", null).body())
			.isEqualTo("[{\"sku\":\"" + sku + "\",\"position\":1,\"category_id\":\"" + childId + "\"}]");
		assertThat(json(google("GET", "/rest/V1/categories/" + id, null)).get("product_count").asInt()).isEqualTo(1);

		Http.Response renamed = scribe("PUT", "/rest/V1/categories/" + id,
				"{\"category\":{\"name\":\"Camp Kitchen\",\"position\":9,\"is_active\":false}}");
		assertThat(renamed.status()).as(renamed.body()).isEqualTo(200);
		assertThat(json(renamed).get("name").asString()).isEqualTo("Camp Kitchen");
		assertThat(json(renamed).get("is_active").asBoolean()).isFalse();
		assertThat(json(renamed).get("children").asString()).isEqualTo(String.valueOf(childId));
		Http.Response move = scribe("PUT", "/rest/V1/categories/" + id, "{\"category\":{\"parent_id\":3}}");
		assertThat(move.status()).isEqualTo(400);
		assertThat(json(move).get("message").asString())
			.isEqualTo("Moving a category is not supported: \"parent_id\" must stay 11; got 3.");

		Http.Response deleted = google("DELETE", "/rest/V1/categories/" + id, null);
		assertThat(deleted.body()).isEqualTo("true");
		assertThat(scribe("GET", "/rest/V1/categories/" + childId, null).status()).isEqualTo(404);
		assertThat(json(scribe("GET", "/rest/V1/products/" + sku, null)).get("extension_attributes")
			.get("category_links")
			.size()).isZero();
		google("DELETE", "/rest/V1/products/" + sku, null);
	}

	@Test
	void categoryWhenRootOrMissingThenRefused() {
		Http.Response root = scribe("DELETE", "/rest/V1/categories/2", null);
		assertThat(root.status()).isEqualTo(400);
		assertThat(json(root).get("message").asString())
			.isEqualTo("Cannot delete category 2 (\"Default Category\"): it is a root category (level 1).");
		Http.Response parent = scribe("POST", "/rest/V1/categories",
				"{\"category\":{\"parent_id\":987654,\"name\":\"Orphan\"}}");
		assertThat(parent.status()).isEqualTo(404);
		assertThat(parent.body()).isEqualTo("{\"message\":\"No such entity with %fieldName = %fieldValue\","
				+ "\"parameters\":{\"fieldName\":\"id\",\"fieldValue\":987654}}");
		assertThat(scribe("GET", "/rest/V1/categories/987654/products", null).status()).isEqualTo(404);
	}

}
