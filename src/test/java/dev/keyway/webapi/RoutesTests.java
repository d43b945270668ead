package dev.keyway.webapi;

import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import dev.keyway.acl.AclTree;
import dev.keyway.acl.Grant;
import dev.keyway.testing.KeywayIntegrationTest;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/** The application's route table (SPEC 5.3, 5.6): every rule visible and resolvable. */
@KeywayIntegrationTest
class RoutesTests {

	@Autowired
	RouteTable routes;

	@Autowired
	AclTree tree;

	@Test
	void routeTableWhenBuiltThenEveryRequiredResourceIsInTheAclTreeOrAnonymous() {
		assertThat(this.routes.routes()).isNotEmpty().allSatisfy((route) -> {
			assertThat(route.resources()).as("%s %s", route.method(), route.path().text()).isNotEmpty();
			route.resources()
				.forEach((resource) -> assertThat(Grant.ANONYMOUS.equals(resource) || this.tree.contains(resource))
					.as("%s %s requires %s", route.method(), route.path().text(), resource)
					.isTrue());
		});
	}

	@Test
	void routeTableWhenBuiltThenNoMethodAndPathTwice() {
		List<String> keys = this.routes.routes()
			.stream()
			.map((route) -> route.method() + " " + route.path().text())
			.collect(Collectors.toList());
		assertThat(keys).doesNotHaveDuplicates();
	}

	@Test
	void routeTableWhenBuiltThenManagementRoutesNeedTheirResources() {
		assertThat(resources("POST", "V1", "integration", "admin", "token")).containsExactly(Grant.ANONYMOUS);
		assertThat(resources("GET", "V1", "integrations")).containsExactly("Keyway_Integration::manage");
		assertThat(resources("POST", "V1", "integrations")).containsExactly("Keyway_Integration::manage");
		assertThat(resources("PUT", "V1", "integrations", "1")).containsExactly("Keyway_Integration::manage");
		assertThat(resources("DELETE", "V1", "integrations", "1")).containsExactly("Keyway_Integration::manage");
		assertThat(resources("POST", "V1", "integrations", "1", "activate"))
			.containsExactly("Keyway_Integration::manage");
		assertThat(resources("POST", "V1", "integrations", "1", "reauthorize"))
			.containsExactly("Keyway_Integration::manage");
		assertThat(resources("GET", "V1", "settings")).containsExactly("Keyway_Config::manage");
		assertThat(resources("PUT", "V1", "settings")).containsExactly("Keyway_Config::manage");
	}

	@Test
	void routeTableWhenProductAttributePathsThenAttributeRoutesNotTheSkuRoute() {
		RouteTable.Match attribute = this.routes.match("GET", List.of("V1", "products", "attributes", "color"));
		assertThat(attribute.route().path().text()).isEqualTo("/V1/products/attributes/:attributeCode");
		assertThat(attribute.route().resources()).containsExactly("Magento_Catalog::attributes_attributes");
		assertThat(attribute.route().guestReadable()).isFalse();
		assertThat(this.routes.match("GET", List.of("V1", "products", "attributes")).route().path().text())
			.isEqualTo("/V1/products/attributes");
		assertThat(resources("GET", "V1", "products", "attributes")).containsExactly("Magento_Catalog::attributes_attributes");
		assertThat(this.routes.match("GET", List.of("V1", "products", "SP-TN-003")).route().path().text())
			.isEqualTo("/V1/products/:sku");
	}

	@Test
	void routeTableWhenManagementRoutesThenNoneIsOpenedByTheGuestSwitch() {
		assertThat(this.routes.routes()).filteredOn((route) -> route.path().text().startsWith("/V1/integration")
				|| route.path().text().startsWith("/V1/settings"))
			.noneMatch(Route::guestReadable);
	}

	private List<String> resources(String method, String... segments) {
		RouteTable.Match match = this.routes.match(method, List.of(segments));
		assertThat(match).as("%s %s", method, String.join("/", segments)).isNotNull();
		return match.route().resources();
	}

}
