package dev.keyway.admin;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import dev.keyway.acl.AclNode;

/**
 * The Custom resource tree as the form shows it: each node checked (granted itself), and partly
 * checked when it or a descendant is granted but not its whole subtree (issue 12.1: the admin sees a
 * partial state where some children are unchecked; what is saved is exactly the checked boxes).
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
		boolean wholeBelow = children.stream().allMatch(AclTreeView::whole);
		boolean partial = !children.isEmpty() && (self || anyBelow) && !(self && wholeBelow);
		return new AclTreeView(node.id(), node.title(), self, partial, children);
	}

	/** True when the node and its whole subtree are checked. */
	boolean whole() {
		return this.checked && !this.partial;
	}

}
