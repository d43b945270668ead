package dev.keyway.acl;

import java.util.List;

/** One resource of the ACL tree: an id like {@code Magento_Catalog::products}, a title, children. */
public record AclNode(String id, String title, List<AclNode> children) {

	public AclNode {
		children = (children != null) ? List.copyOf(children) : List.of();
	}

}
