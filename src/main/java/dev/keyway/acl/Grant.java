package dev.keyway.acl;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What an integration may access: every resource ({@code all}), or an explicit set of resource ids.
 * A resource is granted only when listed (a Custom grant is stored expanded to the descendants that
 * were checked), so resources added to the tree later are not granted to existing grants (SPEC 6).
 * <p>
 * The management resources ({@link #EXPLICIT_ONLY}) are never implied by All: a grant holds them
 * only when they are listed, All or not (issue 11.1). An All grant keeps them in {@code resources};
 * every other id is dropped from an All grant as before.
 */
public record Grant(boolean all, Set<String> resources) {

	/** The id that stands for "All" in storage and in Magento. */
	public static final String ALL_RESOURCE = "Magento_Backend::all";

	/** The resource every caller holds, guests included. */
	public static final String ANONYMOUS = "anonymous";

	/** The group of the management resources in the tree: "Keyway management (not included in All)". */
	public static final String MANAGEMENT = "Keyway_Backend::management";

	/** Managing the integrations the caller created, through the management API. */
	public static final String MANAGE_INTEGRATIONS = "Keyway_Integration::manage";

	/** Reading and changing runtime settings (SPEC 2.8) through the management API. */
	public static final String MANAGE_SETTINGS = "Keyway_Config::manage";

	/** The resources All does not include: granted only when listed. */
	public static final Set<String> EXPLICIT_ONLY = Set.of(MANAGEMENT, MANAGE_INTEGRATIONS, MANAGE_SETTINGS);

	public Grant {
		resources = Set.copyOf(new TreeSet<>(all ? explicitOnly(resources) : resources));
	}

	public static Grant allResources() {
		return new Grant(true, Set.of());
	}

	/** All with every management resource too: what an admin holds, the ceiling of an admin's grants. */
	public static Grant unrestricted() {
		return new Grant(true, EXPLICIT_ONLY);
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
		if (EXPLICIT_ONLY.contains(resource)) {
			return this.resources.contains(resource);
		}
		return this.all || this.resources.contains(resource);
	}

	/** True when this grant holds everything {@code other} holds. */
	public boolean covers(Grant other) {
		return beyond(other).isEmpty();
	}

	/**
	 * What {@code requested} holds that this grant does not, sorted: {@link #ALL_RESOURCE} when it is
	 * All and this is not, then each listed resource this grant does not allow. Empty when covered.
	 */
	public List<String> beyond(Grant requested) {
		List<String> missing = new ArrayList<>();
		if (requested.all && !this.all) {
			missing.add(ALL_RESOURCE);
		}
		for (String resource : requested.sortedResources()) {
			if (!allows(resource)) {
				missing.add(resource);
			}
		}
		return missing;
	}

	/** Resources sorted by id, for display and audit. */
	public Set<String> sortedResources() {
		return new TreeSet<>(this.resources);
	}

	private static Set<String> explicitOnly(Collection<String> resources) {
		Set<String> kept = new TreeSet<>(resources);
		kept.retainAll(EXPLICIT_ONLY);
		return kept;
	}

}
