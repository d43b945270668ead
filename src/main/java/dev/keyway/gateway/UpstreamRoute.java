package dev.keyway.gateway;

import java.util.List;

import dev.keyway.webapi.PathTemplate;

/**
 * One declared route of an upstream: method, path template served under {@code /rest}, the ACL
 * resources it requires ({@code anonymous} for everyone), and the upstream path template when the
 * upstream's path differs (null: the path after {@code /rest}).
 * @param origin where it was declared (file and entry), named in every refusal
 */
record UpstreamRoute(String method, PathTemplate path, List<String> resources, String upstreamPath, String origin) {

	UpstreamRoute {
		resources = List.copyOf(resources);
	}

	/** True when some request path matches both templates (same method, same length, no clashing literal). */
	boolean overlaps(String otherMethod, PathTemplate other) {
		if (!this.method.equals(otherMethod) || this.path.segments().size() != other.segments().size()) {
			return false;
		}
		for (int i = 0; i < other.segments().size(); i++) {
			String a = this.path.segments().get(i);
			String b = other.segments().get(i);
			if (!a.startsWith(":") && !b.startsWith(":") && !a.equals(b)) {
				return false;
			}
		}
		return true;
	}

	/**
	 * True when this template is strictly narrower than the other (a literal wherever they differ),
	 * so the route table always prefers it: {@code /V1/erp/stock/search} refines {@code /V1/erp/stock/:sku}.
	 */
	boolean refines(PathTemplate other) {
		boolean narrower = false;
		for (int i = 0; i < other.segments().size(); i++) {
			boolean mineVariable = this.path.segments().get(i).startsWith(":");
			boolean otherVariable = other.segments().get(i).startsWith(":");
			if (mineVariable && !otherVariable) {
				return false;
			}
			narrower |= !mineVariable && otherVariable;
		}
		return narrower;
	}

}
