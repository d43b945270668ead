package dev.keyway.acl;

import java.util.List;

/**
 * A source of operator resources added to the ACL tree once, at start-up (e.g. the gateway file).
 * The tree checks them ({@link AclTree}): a refusal names the resource's origin and the broken rule.
 */
@FunctionalInterface
public interface AclExtension {

	List<AclResource> resources();

}
