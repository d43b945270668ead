package dev.keyway.management;

import java.util.List;

import dev.keyway.acl.AclNode;
import dev.keyway.acl.AclTree;
import dev.keyway.webapi.ApiRequest;

import org.springframework.stereotype.Component;

/**
 * The ACL resource tree (SPEC 6) for automation: the nodes of the Custom tree with their children,
 * then the management group (not included in All, issue 11.1) as the last, separate node.
 */
@Component
class AclRoutes {

	private final AclTree tree;

	AclRoutes(AclTree tree) {
		this.tree = tree;
	}

	Object resources(ApiRequest request) {
		List<AclNode> roots = this.tree.rootsWithManagement();
		return roots;
	}

}
