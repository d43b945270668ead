package dev.keyway.storeapi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.keyway.testing.SignedCalls;
import dev.keyway.webapi.RouteTable;
import dev.keyway.testing.AdminApi;
import dev.keyway.testing.Http;
import dev.keyway.testing.KeywayIntegrationTest;
import dev.keyway.testing.OAuthClientCredentials;
import dev.keyway.testing.RestoreSettings;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The authorization of every built-in store route (SPEC 5.3, 5.4, 5.6), as declared in
 * {@link Routes}: allowed with All, allowed with exactly its resource, refused with Magento's exact
 * 401 body with any other resource and to guests, and opened to guests by the guest switch only for
 * the routes SPEC 5.4 lists. Calls are signed by google-oauth-client and ScribeJava in turn. The
 * expected resources are written out here, independently of the route table.
 */
@ExtendWith(RestoreSettings.class)
@KeywayIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StoreRoutesAuthorizationTests {

	static final String STORE = "Magento_Backend::store";

	static final String PRODUCTS = "Magento_Catalog::products";

	static final String ATTRIBUTES = "Magento_Catalog::attributes_attributes";

	static final String CATEGORIES = "Magento_Catalog::categories";

	static final String PAGES = "Magento_Cms::page";

	static final String BLOCKS = "Magento_Cms::block";

	static final String CUSTOMERS = "Magento_Customer::manage";

	static final String ORDERS = "Magento_Sales::actions_view";

	static final String GUEST_SWITCH = "webapi/webapisecurity/allow_insecure";

	/**
	 * One route called with harmless arguments: the status it answers once authorized (writes aim at
	 * missing entities or carry invalid bodies, so the demo store is left as it is).
	 */
	record RouteCall(String method, String path, String body, String resource, boolean guestReadable,
			int allowedStatus) {

		@Override
		public String toString() {
			return this.method + " " + this.path;
		}

	}

	static final List<RouteCall> ROUTES = List.of(
			new RouteCall("GET", "/V1/store/storeViews", null, STORE, true, 200),
			new RouteCall("GET", "/V1/store/storeGroups", null, STORE, true, 200),
			new RouteCall("GET", "/V1/store/websites", null, STORE, true, 200),
			new RouteCall("GET", "/V1/store/storeConfigs", null, STORE, true, 200),
			new RouteCall("GET", "/V1/products?searchCriteria[pageSize]=2", null, PRODUCTS, true, 200),
			new RouteCall("POST", "/V1/products", "{\"product\":{}}", PRODUCTS, false, 400),
			new RouteCall("GET", "/V1/products/types", null, PRODUCTS, true, 200),
			new RouteCall("GET", "/V1/products/SP-JK-001", null, PRODUCTS, true, 200),
			new RouteCall("PUT", "/V1/products/NO-SUCH-SKU-AUTH", "{\"product\":{\"name\":\"x\"}}", PRODUCTS, false, 404),
			new RouteCall("DELETE", "/V1/products/NO-SUCH-SKU-AUTH", null, PRODUCTS, false, 404),
			new RouteCall("GET", "/V1/products/attributes?searchCriteria[pageSize]=2", null, ATTRIBUTES, false, 200),
			new RouteCall("GET", "/V1/products/attributes/color", null, ATTRIBUTES, false, 200),
			new RouteCall("GET", "/V1/categories?depth=1", null, CATEGORIES, true, 200),
			new RouteCall("POST", "/V1/categories", "{\"category\":{}}", CATEGORIES, false, 400),
			new RouteCall("GET", "/V1/categories/3", null, CATEGORIES, true, 200),
			new RouteCall("PUT", "/V1/categories/987654", "{\"category\":{\"name\":\"x\"}}", CATEGORIES, false, 404),
			new RouteCall("DELETE", "/V1/categories/987654", null, CATEGORIES, false, 404),
			new RouteCall("GET", "/V1/categories/3/products", null, CATEGORIES, true, 200),
			new RouteCall("GET", "/V1/cmsPage?searchCriteria[pageSize]=1", null, PAGES, false, 200),
			new RouteCall("POST", "/V1/cmsPage", "{\"page\":{}}", PAGES, false, 400),
			new RouteCall("GET", "/V1/cmsPage/search?searchCriteria[pageSize]=1", null, PAGES, false, 200),
			new RouteCall("GET", "/V1/cmsPage/1", null, PAGES, true, 200),
			new RouteCall("PUT", "/V1/cmsPage/987654", "{\"page\":{\"title\":\"x\"}}", PAGES, false, 404),
			new RouteCall("DELETE", "/V1/cmsPage/987654", null, PAGES, false, 404),
			new RouteCall("GET", "/V1/cmsBlock?searchCriteria[pageSize]=1", null, BLOCKS, false, 200),
			new RouteCall("POST", "/V1/cmsBlock", "{\"block\":{}}", BLOCKS, false, 400),
			new RouteCall("GET", "/V1/cmsBlock/search?searchCriteria[pageSize]=1", null, BLOCKS, false, 200),
			new RouteCall("GET", "/V1/cmsBlock/1", null, BLOCKS, true, 200),
			new RouteCall("PUT", "/V1/cmsBlock/987654", "{\"block\":{\"title\":\"x\"}}", BLOCKS, false, 404),
			new RouteCall("DELETE", "/V1/cmsBlock/987654", null, BLOCKS, false, 404),
			new RouteCall("GET", "/V1/customers/search?searchCriteria[pageSize]=1", null, CUSTOMERS, false, 200),
			new RouteCall("GET", "/V1/customers/1", null, CUSTOMERS, false, 200),
			new RouteCall("GET", "/V1/orders?searchCriteria[pageSize]=1", null, ORDERS, false, 200),
			new RouteCall("GET", "/V1/orders/1", null, ORDERS, false, 200));

	static final List<String> RESOURCES = List.of(STORE, PRODUCTS, ATTRIBUTES, CATEGORIES, PAGES, BLOCKS, CUSTOMERS, ORDERS);

	@LocalServerPort
	int port;

	@Autowired
	RouteTable table;

	private Http http;

	private AdminApi admin;

	private OAuthClientCredentials all;

	private final Map<String, OAuthClientCredentials> byResource = new LinkedHashMap<>();

	private int calls;

	@BeforeAll
	void createIntegrations() {
		this.http = new Http(this.port);
		this.admin = new AdminApi(this.http);
		this.all = SignedCalls.integration(this.admin, "store routes all", null);
		for (String resource : RESOURCES) {
			this.byResource.put(resource, SignedCalls.integration(this.admin, "store routes " + resource, List.of(resource)));
		}
	}

	Stream<RouteCall> routes() {
		return ROUTES.stream();
	}

	private SignedCalls.Library nextLibrary() {
		return (this.calls++ % 2 == 0) ? SignedCalls.Library.GOOGLE : SignedCalls.Library.SCRIBE;
	}

	private Http.Response signed(RouteCall route, OAuthClientCredentials credentials) {
		return SignedCalls.call(nextLibrary(), route.method(), this.http.url("/rest" + route.path()), credentials,
				route.body());
	}

	private Http.Response guest(RouteCall route) {
		return this.http.send(route.method(), "/rest" + route.path(), route.body());
	}

	private static String unauthorized(String resource) {
		return "{\"message\":\"The consumer isn't authorized to access %resources.\",\"parameters\":{\"resources\":\""
				+ resource + "\"}}";
	}

	private void setGuestSwitch(String value) {
		Http.Response response = this.admin.put("/rest/V1/settings",
				"{\"settings\":{\"" + GUEST_SWITCH + "\":\"" + value + "\"}}");
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		assertThat(response.body()).contains("\"" + GUEST_SWITCH + "\":\"" + value + "\"");
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("routes")
	void routeWhenIntegrationHasAllThenAllowed(RouteCall route) {
		Http.Response response = signed(route, this.all);
		assertThat(response.status()).as(response.body()).isEqualTo(route.allowedStatus());
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("routes")
	void routeWhenIntegrationHasExactlyItsResourceThenAllowed(RouteCall route) {
		Http.Response response = signed(route, this.byResource.get(route.resource()));
		assertThat(response.status()).as(response.body()).isEqualTo(route.allowedStatus());
		assertThat(response.body()).doesNotContain("Request does not match any route");
	}

	/**
	 * Every other single-resource integration is refused. google-oauth-client (on the JDK's
	 * HttpURLConnection) loses the body of a 401 answer to POST, PUT and DELETE, so the exact body is read
	 * through ScribeJava, and google-oauth-client checks the status.
	 */
	@ParameterizedTest(name = "{0}")
	@MethodSource("routes")
	void routeWhenIntegrationLacksItsResourceThenMagentos401(RouteCall route) {
		for (Map.Entry<String, OAuthClientCredentials> other : this.byResource.entrySet()) {
			if (other.getKey().equals(route.resource())) {
				continue;
			}
			Http.Response scribe = SignedCalls.call(SignedCalls.Library.SCRIBE, route.method(),
					this.http.url("/rest" + route.path()), other.getValue(), route.body());
			assertThat(scribe.status()).as("with %s: %s", other.getKey(), scribe.body()).isEqualTo(401);
			assertThat(scribe.body()).isEqualTo(unauthorized(route.resource()));
			Http.Response google = SignedCalls.call(SignedCalls.Library.GOOGLE, route.method(),
					this.http.url("/rest" + route.path()), other.getValue(), route.body());
			assertThat(google.status()).as("with %s: %s", other.getKey(), google.body()).isEqualTo(401);
			if ("GET".equals(route.method())) {
				assertThat(google.body()).isEqualTo(unauthorized(route.resource()));
			}
		}
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("routes")
	void routeWhenGuestAndSwitchOffThenMagentos401(RouteCall route) {
		Http.Response response = guest(route);
		assertThat(response.status()).as(response.body()).isEqualTo(401);
		assertThat(response.body()).isEqualTo(unauthorized(route.resource()));
	}

	@Test
	void guestSwitchWhenFlippedThenListedReadsOpenAndCloseAndEverythingElseStaysClosed() {
		setGuestSwitch("1");
		List<String> opened = new ArrayList<>();
		for (RouteCall route : ROUTES) {
			Http.Response response = guest(route);
			if (route.guestReadable()) {
				assertThat(response.status()).as("%s with the switch on: %s", route, response.body())
					.isEqualTo(route.allowedStatus());
				opened.add(route.toString());
			}
			else {
				assertThat(response.status()).as("%s with the switch on: %s", route, response.body()).isEqualTo(401);
				assertThat(response.body()).isEqualTo(unauthorized(route.resource()));
			}
		}
		assertThat(opened).containsExactly("GET /V1/store/storeViews", "GET /V1/store/storeGroups",
				"GET /V1/store/websites", "GET /V1/store/storeConfigs", "GET /V1/products?searchCriteria[pageSize]=2",
				"GET /V1/products/types", "GET /V1/products/SP-JK-001", "GET /V1/categories?depth=1",
				"GET /V1/categories/3", "GET /V1/categories/3/products", "GET /V1/cmsPage/1", "GET /V1/cmsBlock/1");

		setGuestSwitch("0");
		for (RouteCall route : ROUTES) {
			Http.Response response = guest(route);
			assertThat(response.status()).as("%s with the switch off again: %s", route, response.body()).isEqualTo(401);
			assertThat(response.body()).isEqualTo(unauthorized(route.resource()));
		}
	}

	@Test
	void guestSwitchWhenOnThenSignedIntegrationsStillNeedTheirResources() {
		setGuestSwitch("1");
		RouteCall orders = ROUTES.get(ROUTES.size() - 1);
		Http.Response refused = signed(orders, this.byResource.get(PRODUCTS));
		assertThat(refused.status()).isEqualTo(401);
		assertThat(refused.body()).isEqualTo(unauthorized(ORDERS));
		RouteCall product = ROUTES.get(7);
		assertThat(signed(product, this.byResource.get(ORDERS)).status()).as("a guest-readable read").isEqualTo(200);
	}

	@Test
	void tableWhenComparedWithRoutesThenEveryStoreRouteIsCovered() {
		List<String> declared = this.table.routes()
			.stream()
			.filter((route) -> !route.resources().contains("Keyway_Integration::manage")
					&& !route.resources().contains("Keyway_Config::manage")
					&& !route.resources().contains("anonymous"))
			.map((route) -> route.method() + " " + route.path().text() + " " + route.resources() + " "
					+ (route.guestReadable() ? "guest" : "-"))
			.sorted()
			.toList();
		assertThat(declared).hasSize(ROUTES.size());
		assertThat(declared).containsExactlyInAnyOrder("GET /V1/store/storeViews [" + STORE + "] guest",
				"GET /V1/store/storeGroups [" + STORE + "] guest", "GET /V1/store/websites [" + STORE + "] guest",
				"GET /V1/store/storeConfigs [" + STORE + "] guest", "GET /V1/products [" + PRODUCTS + "] guest",
				"POST /V1/products [" + PRODUCTS + "] -", "GET /V1/products/types [" + PRODUCTS + "] guest",
				"GET /V1/products/:sku [" + PRODUCTS + "] guest", "PUT /V1/products/:sku [" + PRODUCTS + "] -",
				"DELETE /V1/products/:sku [" + PRODUCTS + "] -", "GET /V1/products/attributes [" + ATTRIBUTES + "] -",
				"GET /V1/products/attributes/:attributeCode [" + ATTRIBUTES + "] -", "GET /V1/categories [" + CATEGORIES + "] guest",
				"POST /V1/categories [" + CATEGORIES + "] -", "GET /V1/categories/:categoryId [" + CATEGORIES + "] guest",
				"PUT /V1/categories/:id [" + CATEGORIES + "] -", "DELETE /V1/categories/:categoryId [" + CATEGORIES + "] -",
				"GET /V1/categories/:categoryId/products [" + CATEGORIES + "] guest", "GET /V1/cmsPage [" + PAGES + "] -",
				"POST /V1/cmsPage [" + PAGES + "] -", "GET /V1/cmsPage/search [" + PAGES + "] -",
				"GET /V1/cmsPage/:pageId [" + PAGES + "] guest", "PUT /V1/cmsPage/:id [" + PAGES + "] -",
				"DELETE /V1/cmsPage/:pageId [" + PAGES + "] -", "GET /V1/cmsBlock [" + BLOCKS + "] -",
				"POST /V1/cmsBlock [" + BLOCKS + "] -", "GET /V1/cmsBlock/search [" + BLOCKS + "] -",
				"GET /V1/cmsBlock/:blockId [" + BLOCKS + "] guest", "PUT /V1/cmsBlock/:id [" + BLOCKS + "] -",
				"DELETE /V1/cmsBlock/:blockId [" + BLOCKS + "] -", "GET /V1/customers/search [" + CUSTOMERS + "] -",
				"GET /V1/customers/:customerId [" + CUSTOMERS + "] -", "GET /V1/orders [" + ORDERS + "] -",
				"GET /V1/orders/:id [" + ORDERS + "] -");
	}

}
