package dev.keyway.webapi;

/**
 * How a module adds its routes to the Web API: a bean that declares them, one line each, with the
 * ACL resources each requires (SPEC 5.3). The route table is the union of every contributor's
 * routes, in the contributors' order ({@link org.springframework.core.annotation.Order}).
 */
@FunctionalInterface
public interface RouteContributor {

	void contribute(RouteTable.Builder routes);

}
