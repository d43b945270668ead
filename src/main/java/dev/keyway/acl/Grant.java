package dev.keyway.acl;

import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

/**
 * What an integration may access: every resource ({@code all}), or an explicit set of resource ids.
 * A resource is granted only when listed (a Custom grant is stored expanded to the descendants that
 * were checked), so resources added to the tree later are not granted to existing grants (SPEC 6).
 */
public record Grant(boolean all, Set<String> resources) {

	/** The id that stands for "All" in storage and in Magento. */
	public static final String ALL_RESOURCE = "Magento_Backend::all";

	/** The resource every caller holds, guests included. */
	public static final String ANONYMOUS = "anonymous";

	/** Routes on the caller's own data; never passed by "All" alone. */
	public static final String SELF = "self";

	public Grant {
		resources = all ? Set.of() : Set.copyOf(new TreeSet<>(resources));
	}

	public static Grant allResources() {
		return new Grant(true, Set.of());
	}

	public static Grant custom(Collection<String> resources) {
		return new Grant(false, Set.copyOf(resources));
	}

	public static Grant none() {
		return new Grant(false, Set.of());
	}

	/** True when every one of {@code required} is granted (SPEC 5.3: all listed resources are required). */
	public boolean allows(Collection<String> required) {
		for (String resource : required) {
			if (!allows(resource)) {
				return false;
			}
		}
		return true;
	}

	public boolean allows(String resource) {
		if (ANONYMOUS.equals(resource)) {
			return true;
		}
		if (SELF.equals(resource)) {
			return false;
		}
		return this.all || this.resources.contains(resource);
	}

	/** True when this grant holds everything {@code other} holds. */
	public boolean covers(Grant other) {
		if (this.all) {
			return true;
		}
		return !other.all && this.resources.containsAll(other.resources);
	}

	/** Resources sorted by id, for display and audit. */
	public Set<String> sortedResources() {
		return new TreeSet<>(this.resources);
	}

}
