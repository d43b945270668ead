package dev.keyway.storeapi;

import java.util.List;

import dev.keyway.store.StoreDirectory;
import dev.keyway.webapi.RouteContributor;
import dev.keyway.webapi.RouteTable;
import dev.keyway.webapi.StoreCodes;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

/**
 * The built-in store's routes (SPEC 5.6), one line each with the ACL resources they require (SPEC
 * 5.3: all of them); {@code guestGet} marks those the guest switch opens to everyone (SPEC 5.4), every
 * other route keeps its resources whatever the switch says. Also the store codes of
 * {@code /rest/<store code>/V1/...}.
 */
@Configuration(proxyBeanMethods = false)
class StoreApiRoutes {

	static final List<String> STORES = List.of("Magento_Backend::store");

	static final List<String> PRODUCTS = List.of("Magento_Catalog::products");

	/** Magento's resource of the product attribute routes (Stores › Attributes › Product). */
	static final List<String> ATTRIBUTES = List.of("Magento_Catalog::attributes_attributes");

	static final List<String> CATEGORIES = List.of("Magento_Catalog::categories");

	static final List<String> CMS_PAGES = List.of("Magento_Cms::page");

	static final List<String> CMS_BLOCKS = List.of("Magento_Cms::block");

	static final List<String> CUSTOMERS = List.of("Magento_Customer::manage");

	static final List<String> ORDERS = List.of("Magento_Sales::actions_view");

	@Bean
	@Order(2)
	RouteContributor storeApiRouteTable(StoreRoutes stores, CatalogRoutes catalog, CmsRoutes cms, CustomerRoutes customers,
			SalesRoutes sales, AttributeRoutes attributes) {
		return (routes) -> routes
			// store hierarchy (SPEC 5.6)
			.guestGet("/V1/store/storeViews", STORES, stores::storeViews, "List store views")
			.guestGet("/V1/store/storeGroups", STORES, stores::storeGroups, "List store groups")
			.guestGet("/V1/store/websites", STORES, stores::websites, "List websites")
			.guestGet("/V1/store/storeConfigs", STORES, stores::storeConfigs, "List store view configurations")
			// products
			.guestGet("/V1/products", PRODUCTS, catalog::listProducts, "Search products (searchCriteria)")
			.post("/V1/products", PRODUCTS, catalog::saveProduct, "Create a product, or update the one with that SKU")
			.guestGet("/V1/products/types", PRODUCTS, catalog::productTypes, "List product types")
			.get("/V1/products/attributes", ATTRIBUTES, attributes::search,
					"Search product attributes (searchCriteria; a fixed list)")
			.get("/V1/products/attributes/:attributeCode", ATTRIBUTES, attributes::get, "Get a product attribute")
			.guestGet("/V1/products/:sku", PRODUCTS, catalog::getProduct, "Get a product by SKU")
			.put("/V1/products/:sku", PRODUCTS, catalog::updateProduct,
					"Update a product (store-view name and description through /rest/<store>/V1)")
			.delete("/V1/products/:sku", PRODUCTS, catalog::deleteProduct, "Delete a product")
			// categories
			.guestGet("/V1/categories", CATEGORIES, catalog::categoryTree, "The category tree (rootCategoryId, depth)")
			.post("/V1/categories", CATEGORIES, catalog::createCategory, "Create a category")
			.guestGet("/V1/categories/:categoryId", CATEGORIES, catalog::getCategory, "Get a category")
			.put("/V1/categories/:id", CATEGORIES, catalog::updateCategory, "Update a category")
			.delete("/V1/categories/:categoryId", CATEGORIES, catalog::deleteCategory,
					"Delete a category and its subtree")
			.guestGet("/V1/categories/:categoryId/products", CATEGORIES, catalog::categoryProducts,
					"The products assigned to a category")
			// CMS pages
			.get("/V1/cmsPage", CMS_PAGES, cms::searchPages, "Search CMS pages (searchCriteria)")
			.post("/V1/cmsPage", CMS_PAGES, cms::createPage, "Create a CMS page")
			.get("/V1/cmsPage/search", CMS_PAGES, cms::searchPages, "Search CMS pages (searchCriteria)")
			.guestGet("/V1/cmsPage/:pageId", CMS_PAGES, cms::getPage, "Get a CMS page")
			.put("/V1/cmsPage/:id", CMS_PAGES, cms::updatePage, "Update a CMS page")
			.delete("/V1/cmsPage/:pageId", CMS_PAGES, cms::deletePage, "Delete a CMS page")
			// CMS blocks
			.get("/V1/cmsBlock", CMS_BLOCKS, cms::searchBlocks, "Search CMS blocks (searchCriteria)")
			.post("/V1/cmsBlock", CMS_BLOCKS, cms::createBlock, "Create a CMS block")
			.get("/V1/cmsBlock/search", CMS_BLOCKS, cms::searchBlocks, "Search CMS blocks (searchCriteria)")
			.guestGet("/V1/cmsBlock/:blockId", CMS_BLOCKS, cms::getBlock, "Get a CMS block")
			.put("/V1/cmsBlock/:id", CMS_BLOCKS, cms::updateBlock, "Update a CMS block")
			.delete("/V1/cmsBlock/:blockId", CMS_BLOCKS, cms::deleteBlock, "Delete a CMS block")
			// customers and orders (never opened to guests)
			.get("/V1/customers/search", CUSTOMERS, customers::search, "Search customers (searchCriteria)")
			.get("/V1/customers/:customerId", CUSTOMERS, customers::get, "Get a customer")
			.get("/V1/orders", ORDERS, sales::search, "Search orders (searchCriteria)")
			.get("/V1/orders/:id", ORDERS, sales::get, "Get an order");
	}

	/** The store views' codes (not the admin store's) and {@code all}; any other first segment is part of the path. */
	@Bean
	StoreCodes storeCodes(StoreDirectory directory) {
		return (code) -> StoreCodes.ALL.equals(code) || directory.isStoreCode(code);
	}

}
