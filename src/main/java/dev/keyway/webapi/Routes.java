package dev.keyway.webapi;

import java.util.List;

import tools.jackson.databind.json.JsonMapper;

import dev.keyway.acl.Grant;
import dev.keyway.settings.RuntimeSettings;
import dev.keyway.store.StoreDirectory;

import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The route table: every Web API operation in one place, with the ACL resources it requires
 * (SPEC 5.3: all of them), so the authorization rule of each route is visible here.
 */
@Configuration(proxyBeanMethods = false)
class Routes {

	static final List<String> ANONYMOUS = List.of(Grant.ANONYMOUS);

	/** The management API's resources: outside All, granted explicitly (issue 11.1). */
	static final List<String> MANAGE_INTEGRATIONS = List.of(Grant.MANAGE_INTEGRATIONS);

	static final List<String> MANAGE_SETTINGS = List.of(Grant.MANAGE_SETTINGS);

	static final List<String> STORES = List.of("Magento_Backend::store");

	static final List<String> PRODUCTS = List.of("Magento_Catalog::products");

	static final List<String> CATEGORIES = List.of("Magento_Catalog::categories");

	static final List<String> CMS_PAGES = List.of("Magento_Cms::page");

	static final List<String> CMS_BLOCKS = List.of("Magento_Cms::block");

	static final List<String> CUSTOMERS = List.of("Magento_Customer::manage");

	static final List<String> ORDERS = List.of("Magento_Sales::actions_view");

	@Bean
	RouteTable routeTable(IntegrationRoutes integrations, SettingsRoutes settings, AccountRoutes accounts,
			AclRoutes acl, StoreRoutes stores, CatalogRoutes catalog, CmsRoutes cms, CustomerRoutes customers,
			SalesRoutes sales) {
		// guestGet: opened to everyone by Allow Anonymous Guest Access (SPEC 5.4); every other route keeps its
		// resources whatever the switch says.
		return new RouteTable.Builder()
			// admin tokens (SPEC 5.2)
			.post("/V1/integration/admin/token", ANONYMOUS, accounts::adminToken,
					"Issue an admin token for a user name and password")
			// management API: integrations (SPEC 2)
			.get("/V1/integrations", MANAGE_INTEGRATIONS, integrations::list, "List integrations")
			.post("/V1/integrations", MANAGE_INTEGRATIONS, integrations::create, "Create an integration")
			.get("/V1/integrations/:id", MANAGE_INTEGRATIONS, integrations::get, "Get an integration")
			.put("/V1/integrations/:id", MANAGE_INTEGRATIONS, integrations::update, "Update an integration")
			.delete("/V1/integrations/:id", MANAGE_INTEGRATIONS, integrations::delete,
					"Delete an integration and revoke its credentials")
			.post("/V1/integrations/:id/activate", MANAGE_INTEGRATIONS, integrations::activate, "Activate an integration")
			.post("/V1/integrations/:id/reauthorize", MANAGE_INTEGRATIONS, integrations::reauthorize,
					"Reauthorize an integration: new access token and secret")
			.get("/V1/acl/resources", MANAGE_INTEGRATIONS, acl::resources, "The ACL resource tree")
			// management API: runtime settings (SPEC 2.8)
			.get("/V1/settings", MANAGE_SETTINGS, settings::get, "Read the runtime settings")
			.put("/V1/settings", MANAGE_SETTINGS, settings::put, "Change runtime settings")
			// built-in store: store hierarchy (SPEC 5.6)
			.guestGet("/V1/store/storeViews", STORES, stores::storeViews, "List store views")
			.guestGet("/V1/store/storeGroups", STORES, stores::storeGroups, "List store groups")
			.guestGet("/V1/store/websites", STORES, stores::websites, "List websites")
			.guestGet("/V1/store/storeConfigs", STORES, stores::storeConfigs, "List store view configurations")
			// built-in store: products
			.guestGet("/V1/products", PRODUCTS, catalog::listProducts, "Search products (searchCriteria)")
			.post("/V1/products", PRODUCTS, catalog::createProduct, "Create a product")
			.guestGet("/V1/products/types", PRODUCTS, catalog::productTypes, "List product types")
			.guestGet("/V1/products/:sku", PRODUCTS, catalog::getProduct, "Get a product by SKU")
			.put("/V1/products/:sku", PRODUCTS, catalog::updateProduct,
					"Update a product (store-view name and description through /rest/<store>/V1)")
			.delete("/V1/products/:sku", PRODUCTS, catalog::deleteProduct, "Delete a product")
			// built-in store: categories
			.guestGet("/V1/categories", CATEGORIES, catalog::categoryTree,
					"The category tree (rootCategoryId, depth)")
			.post("/V1/categories", CATEGORIES, catalog::createCategory, "Create a category")
			.guestGet("/V1/categories/:categoryId", CATEGORIES, catalog::getCategory, "Get a category")
			.put("/V1/categories/:id", CATEGORIES, catalog::updateCategory, "Update a category")
			.delete("/V1/categories/:categoryId", CATEGORIES, catalog::deleteCategory,
					"Delete a category and its subtree")
			.guestGet("/V1/categories/:categoryId/products", CATEGORIES, catalog::categoryProducts,
					"The products assigned to a category")
			// built-in store: CMS pages
			.get("/V1/cmsPage", CMS_PAGES, cms::searchPages, "Search CMS pages (searchCriteria)")
			.post("/V1/cmsPage", CMS_PAGES, cms::createPage, "Create a CMS page")
			.get("/V1/cmsPage/search", CMS_PAGES, cms::searchPages, "Search CMS pages (searchCriteria)")
			.guestGet("/V1/cmsPage/:pageId", CMS_PAGES, cms::getPage, "Get a CMS page")
			.put("/V1/cmsPage/:id", CMS_PAGES, cms::updatePage, "Update a CMS page")
			.delete("/V1/cmsPage/:pageId", CMS_PAGES, cms::deletePage, "Delete a CMS page")
			// built-in store: CMS blocks
			.get("/V1/cmsBlock", CMS_BLOCKS, cms::searchBlocks, "Search CMS blocks (searchCriteria)")
			.post("/V1/cmsBlock", CMS_BLOCKS, cms::createBlock, "Create a CMS block")
			.get("/V1/cmsBlock/search", CMS_BLOCKS, cms::searchBlocks, "Search CMS blocks (searchCriteria)")
			.guestGet("/V1/cmsBlock/:blockId", CMS_BLOCKS, cms::getBlock, "Get a CMS block")
			.put("/V1/cmsBlock/:id", CMS_BLOCKS, cms::updateBlock, "Update a CMS block")
			.delete("/V1/cmsBlock/:blockId", CMS_BLOCKS, cms::deleteBlock, "Delete a CMS block")
			// built-in store: customers and orders (never opened to guests)
			.get("/V1/customers/search", CUSTOMERS, customers::search, "Search customers (searchCriteria)")
			.get("/V1/customers/:customerId", CUSTOMERS, customers::get, "Get a customer")
			.get("/V1/orders", ORDERS, sales::search, "Search orders (searchCriteria)")
			.get("/V1/orders/:id", ORDERS, sales::get, "Get an order")
			.build();
	}

	@Bean
	ServletRegistrationBean<WebApiServlet> webApiServlet(RouteTable routes, StoreCodes storeCodes,
			RuntimeSettings settings, ResponseWriter writer, JsonMapper json, WebApiProperties properties,
			AuthorizationRefusals refusals) {
		ServletRegistrationBean<WebApiServlet> registration = new ServletRegistrationBean<>(
				new WebApiServlet(routes, storeCodes, settings, writer, json, properties, refusals), "/rest/*");
		registration.setName("webApi");
		registration.setLoadOnStartup(1);
		return registration;
	}

	/** The store views' codes (not the admin store's) and {@code all}; any other first segment is part of the path. */
	@Bean
	StoreCodes storeCodes(StoreDirectory directory) {
		return (code) -> StoreCodes.ALL.equals(code) || directory.isStoreCode(code);
	}

}
