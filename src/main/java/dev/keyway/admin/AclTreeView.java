package dev.keyway.admin;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import dev.keyway.acl.AclNode;

/**
 * The Custom resource tree as the form shows it: each node checked, partly checked (some
 * descendants checked) or not.
 */
record AclTreeView(String id, String title, boolean checked, boolean partial, List<AclTreeView> children) {

	static List<AclTreeView> of(List<AclNode> roots, Set<String> checked) {
		List<AclTreeView> views = new ArrayList<>();
		for (AclNode node : roots) {
			views.add(of(node, checked));
		}
		return views;
	}

	private static AclTreeView of(AclNode node, Set<String> checked) {
		List<AclTreeView> children = of(node.children(), checked);
		boolean self = checked.contains(node.id());
		boolean anyBelow = children.stream().anyMatch((child) -> child.checked() || child.partial());
		return new AclTreeView(node.id(), node.title(), self, !self && anyBelow, children);
	}

}
