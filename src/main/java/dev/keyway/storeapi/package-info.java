/**
 * The built-in store on the Web API (SPEC 5.6): its routes ({@link dev.keyway.webapi.RouteContributor}),
 * Magento's JSON shapes for the records of {@code store}, search criteria and input limits, and what
 * the store's refusals mean ({@link dev.keyway.webapi.ErrorTranslator}).
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = { "webapi", "store", "settings" })
package dev.keyway.storeapi;
