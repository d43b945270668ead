/**
 * The built-in store (SPEC 5.6): store views, catalog, CMS, customers and orders, kept in the database
 * and seeded with a demo store. Depends on no other Keyway module; the Web API adapters in
 * {@code storeapi} translate Magento's JSON into the records of this package and back.
 *
 * <p>Public API: the services {@link dev.keyway.store.StoreDirectory}, {@link dev.keyway.store.ProductCatalog},
 * {@link dev.keyway.store.CategoryCatalog}, {@link dev.keyway.store.CmsContent},
 * {@link dev.keyway.store.CustomerDirectory} and {@link dev.keyway.store.SalesOrders}, their records,
 * {@link dev.keyway.store.SearchCriteria} and {@link dev.keyway.store.StoreException}.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {})
package dev.keyway.store;
