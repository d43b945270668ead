package dev.keyway.webapi;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.keyway.testing.DatabaseIndependent;

import static org.assertj.core.api.Assertions.assertThat;

@DatabaseIndependent
class RouteTableTests {

	private static final List<String> PAGES = List.of("Magento_Cms::page");

	private final RouteHandler byId = (request) -> "by id";

	private final RouteHandler search = (request) -> "search";

	private final RouteTable table = new RouteTable.Builder().get("/V1/cmsPage/:pageId", PAGES, this.byId, "Get a page")
		.get("/V1/cmsPage/search", PAGES, this.search, "Search pages")
		.post("/V1/cmsPage", PAGES, (request) -> "create", "Create a page")
		.put("/V1/cmsPage/:id", PAGES, (request) -> "update", "Update a page")
		.delete("/V1/cmsPage/:id", PAGES, (request) -> "delete", "Delete a page")
		.guestGet("/V1/products/:sku", List.of("Magento_Catalog::products"), (request) -> "product", "Get a product")
		.build();

	@Test
	void matchWhenLiteralAndVariableTemplatesBothFitThenLiteralWinsWhateverTheOrder() {
		RouteTable.Match match = this.table.match("GET", List.of("V1", "cmsPage", "search"));
		assertThat(match).isNotNull();
		assertThat(match.route().handler()).isSameAs(this.search);
		assertThat(match.variables()).isEmpty();
		RouteTable reversed = new RouteTable.Builder().get("/V1/cmsPage/search", PAGES, this.search, "Search")
			.get("/V1/cmsPage/:pageId", PAGES, this.byId, "Get")
			.build();
		assertThat(reversed.match("GET", List.of("V1", "cmsPage", "search")).route().handler()).isSameAs(this.search);
	}

	@Test
	void matchWhenVariableDeclaredBeforeLiteralThenLiteralStillWins() {
		List<String> products = List.of("Magento_Catalog::products");
		RouteHandler bySku = (request) -> "by sku";
		RouteHandler types = (request) -> "types";
		RouteHandler media = (request) -> "media";
		RouteHandler attribute = (request) -> "attribute";
		RouteTable table = new RouteTable.Builder().get("/V1/products/:sku", products, bySku, "Get a product")
			.get("/V1/products/types", products, types, "Product types")
			.get("/V1/products/:sku/media", products, media, "A product's media")
			.get("/V1/products/attributes/:attributeCode", products, attribute, "An attribute")
			.get("/V1/cmsPage/:pageId", PAGES, this.byId, "Get a page")
			.get("/V1/cmsPage/search", PAGES, this.search, "Search pages")
			.build();
		assertThat(table.match("GET", List.of("V1", "products", "types")).route().handler()).isSameAs(types);
		assertThat(table.match("GET", List.of("V1", "products", "24-MB01")).route().handler()).isSameAs(bySku);
		assertThat(table.match("GET", List.of("V1", "cmsPage", "search")).route().handler()).isSameAs(this.search);
		// both have three literal segments: the earlier literal ("attributes" against ":sku") decides
		RouteTable.Match match = table.match("GET", List.of("V1", "products", "attributes", "media"));
		assertThat(match.route().handler()).isSameAs(attribute);
		assertThat(match.variables()).isEqualTo(Map.of("attributeCode", "media"));
		assertThat(table.match("GET", List.of("V1", "products", "24-MB01", "media")).route().handler()).isSameAs(media);
	}

	@Test
	void matchWhenVariableTemplateFitsThenVariablesExtracted() {
		RouteTable.Match match = this.table.match("GET", List.of("V1", "cmsPage", "12"));
		assertThat(match.route().handler()).isSameAs(this.byId);
		assertThat(match.variables()).isEqualTo(Map.of("pageId", "12"));
	}

	@Test
	void matchWhenMethodDiffersThenByMethod() {
		assertThat(this.table.match("PUT", List.of("V1", "cmsPage", "12")).route().summary()).isEqualTo("Update a page");
		assertThat(this.table.match("DELETE", List.of("V1", "cmsPage", "12")).route().summary())
			.isEqualTo("Delete a page");
		assertThat(this.table.match("POST", List.of("V1", "cmsPage", "12"))).isNull();
		assertThat(this.table.match("PATCH", List.of("V1", "cmsPage", "12"))).isNull();
	}

	@Test
	void matchWhenNoTemplateFitsThenNull() {
		assertThat(this.table.match("GET", List.of("V1", "cmsBlock", "12"))).isNull();
		assertThat(this.table.match("GET", List.of("V1", "cmsPage", "12", "extra"))).isNull();
		assertThat(this.table.match("GET", List.of())).isNull();
		assertThat(this.table.match("GET", List.of("V2", "cmsPage", "12"))).isNull();
	}

	@Test
	void builderWhenRoutesAddedThenMethodResourcesStatusAndGuestFlagKept() {
		assertThat(this.table.routes()).hasSize(6);
		Route create = this.table.match("POST", List.of("V1", "cmsPage")).route();
		assertThat(create.method()).isEqualTo("POST");
		assertThat(create.resources()).containsExactly("Magento_Cms::page");
		assertThat(create.successStatus()).isEqualTo(200);
		assertThat(create.guestReadable()).isFalse();
		Route product = this.table.match("GET", List.of("V1", "products", "24-MB01")).route();
		assertThat(product.guestReadable()).isTrue();
		assertThat(product.path().text()).isEqualTo("/V1/products/:sku");
	}

}
