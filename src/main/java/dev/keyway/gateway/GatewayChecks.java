package dev.keyway.gateway;

import java.util.List;

import dev.keyway.acl.AclTree;
import dev.keyway.acl.Grant;
import dev.keyway.webapi.Route;
import dev.keyway.webapi.RouteTable;

import org.springframework.stereotype.Component;

/**
 * The gateway file's rules that need the rest of Keyway, checked once at start-up (a refusal stops
 * it, naming the file, the entry and the rule): every resource a route requires is in the ACL tree
 * (built in or declared), and no declared route overlaps a built-in one (either would hide the other).
 */
@Component
class GatewayChecks {

	GatewayChecks(GatewayRoutes gateway, RouteTable table, AclTree tree) {
		for (Upstream upstream : gateway.upstreams()) {
			for (UpstreamRoute route : upstream.routes()) {
				for (String resource : route.resources()) {
					if (!Grant.ANONYMOUS.equals(resource) && !tree.contains(resource)) {
						throw new GatewayFileRefused(route.origin() + ": the resource \"" + resource
								+ "\" is not in the ACL tree (declare it under \"resources\" or use a built-in id)");
					}
				}
			}
		}
		List<Route> routes = table.routes();
		for (Route declared : routes) {
			UpstreamRoute route = gateway.declared(declared.handler());
			if (route == null) {
				continue;
			}
			for (Route builtIn : routes) {
				if (gateway.declared(builtIn.handler()) == null && route.overlaps(builtIn.method(), builtIn.path())) {
					throw new GatewayFileRefused(route.origin() + ": overlaps Keyway's route " + builtIn.method() + " "
							+ builtIn.path().text() + " (one request path would match both)");
				}
			}
		}
	}

}
