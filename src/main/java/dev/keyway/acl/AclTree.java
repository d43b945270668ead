package dev.keyway.acl;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * The ACL resource tree (SPEC 6), read once from {@code acl/resources.json}: data, not code. The
 * root {@code Magento_Backend::admin} is implied; the Custom tree shows its children. Beside it, a
 * separate management tree ({@link Grant#MANAGEMENT}) holds the resources that All never includes
 * (issue 11.1); its ids must be exactly {@link Grant#EXPLICIT_ONLY}.
 */
@Component
public class AclTree {

	static final String RESOURCE_FILE = "acl/resources.json";

	private final AclNode root;

	private final AclNode management;

	private final Map<String, AclNode> byId = new LinkedHashMap<>();

	private final Map<String, String> parents = new LinkedHashMap<>();

	public AclTree() {
		this(readResourceFile());
	}

	/**
	 * The built-in tree with the operators' resources added (issue 15.1); the built-in nodes stay as
	 * they are. Refused at start-up, naming the origin: an id already in the tree, a parent that is
	 * neither the root, a Custom tree node nor another added resource, a parent in the management
	 * group (All never includes it), an empty id or title.
	 */
	@Autowired
	public AclTree(List<AclExtension> extensions) {
		this(extended(readResourceFile(), extensions.stream().flatMap((e) -> e.resources().stream()).toList()));
	}

	private AclTree(AclTree read) {
		this(read.root, read.management);
	}

	AclTree(AclNode root) {
		this(root, new AclNode(Grant.MANAGEMENT, "Keyway management (not included in All)", List.of()));
	}

	AclTree(AclNode root, AclNode management) {
		this.root = root;
		this.management = management;
		index(root, null);
		index(management, null);
	}

	/** The nodes an admin checks in the Custom tree: the children of the root, with their subtrees. */
	public List<AclNode> roots() {
		return this.root.children();
	}

	/** The management group, shown apart from the Custom tree: All never includes it. */
	public AclNode management() {
		return this.management;
	}

	/** The Custom tree's nodes, then the management group: the whole tree for automation. */
	public List<AclNode> rootsWithManagement() {
		List<AclNode> all = new ArrayList<>(roots());
		all.add(this.management);
		return List.copyOf(all);
	}

	public boolean contains(String id) {
		return this.byId.containsKey(id);
	}

	public String title(String id) {
		AclNode node = this.byId.get(id);
		return (node != null) ? node.title() : id;
	}

	/** The ids among {@code ids} that are not in the tree, in the order given. */
	public List<String> unknown(Collection<String> ids) {
		List<String> unknown = new ArrayList<>();
		for (String id : ids) {
			if (!contains(id)) {
				unknown.add(id);
			}
		}
		return unknown;
	}

	/** The ids with all their descendants: checking a node checks its subtree. Unknown ids are kept. */
	public Set<String> withDescendants(Collection<String> ids) {
		Set<String> out = new LinkedHashSet<>();
		for (String id : ids) {
			AclNode node = this.byId.get(id);
			if (node == null) {
				out.add(id);
			}
			else {
				collect(node, out);
			}
		}
		return out;
	}

	/** The ids with all their ancestors below the root (declared integrations, SPEC 2.7). */
	public Set<String> withAncestors(Collection<String> ids) {
		Set<String> out = new LinkedHashSet<>();
		for (String id : ids) {
			String current = id;
			while (current != null && !current.equals(this.root.id())) {
				out.add(current);
				current = this.parents.get(current);
			}
		}
		return out;
	}

	/** Every id in tree order. */
	public List<String> ids() {
		return List.copyOf(this.byId.keySet());
	}

	private void index(AclNode node, String parent) {
		if (this.byId.putIfAbsent(node.id(), node) != null) {
			throw new IllegalStateException(RESOURCE_FILE + " lists resource " + node.id() + " twice");
		}
		if (parent != null) {
			this.parents.put(node.id(), parent);
		}
		for (AclNode child : node.children()) {
			index(child, node.id());
		}
	}

	private static void collect(AclNode node, Set<String> out) {
		out.add(node.id());
		for (AclNode child : node.children()) {
			collect(child, out);
		}
	}

	/** The management tree must hold exactly the ids that {@link Grant} keeps out of All. */
	private static AclNode checkedManagement(AclNode management) {
		Set<String> ids = new LinkedHashSet<>();
		collect(management, ids);
		if (!ids.equals(Grant.EXPLICIT_ONLY)) {
			throw new IllegalStateException(RESOURCE_FILE + " must list exactly " + new java.util.TreeSet<>(Grant.EXPLICIT_ONLY)
					+ " under \"management\"; it lists " + ids);
		}
		return management;
	}

	private static AclTree extended(AclTree tree, List<AclResource> added) {
		if (added.isEmpty()) {
			return tree;
		}
		Map<String, AclResource> byId = new LinkedHashMap<>();
		for (AclResource resource : added) {
			if (resource.id() == null || resource.id().isBlank() || resource.title() == null
					|| resource.title().isBlank()) {
				throw new AclResourceRefused(resource, "an ACL resource needs an id and a title");
			}
			if (tree.contains(resource.id()) || byId.putIfAbsent(resource.id(), resource) != null) {
				throw new AclResourceRefused(resource, "the ACL resource id " + shown(resource.id())
						+ " is already in the tree (ids are unique)");
			}
		}
		Set<String> management = new LinkedHashSet<>();
		collect(tree.management, management);
		Map<String, List<AclResource>> childrenOf = new LinkedHashMap<>();
		for (AclResource resource : added) {
			String parent = resource.parent();
			if (management.contains(parent)) {
				throw new AclResourceRefused(resource, "the parent " + shown(parent) + " of " + shown(resource.id())
						+ " is in the management group, which takes no other resources");
			}
			if (parent == null || !(tree.contains(parent) || byId.containsKey(parent))) {
				throw new AclResourceRefused(resource, "the parent " + shown(parent) + " of " + shown(resource.id())
						+ " is not in the ACL tree (neither built in nor declared)");
			}
			childrenOf.computeIfAbsent(parent, (k) -> new ArrayList<>()).add(resource);
		}
		Set<String> placed = new LinkedHashSet<>();
		AclNode root = graft(tree.root, childrenOf, placed);
		for (AclResource resource : added) {
			if (!placed.contains(resource.id())) {
				throw new AclResourceRefused(resource, shown(resource.id())
						+ " is its own ancestor (its parents form a cycle)");
			}
		}
		return new AclTree(root, tree.management);
	}

	/**
	 * An operator's id as a refusal shows it: quoted, cut after 64 characters with its length (the rule of
	 * {@code oauth.EchoedValue}, written again here: this module is a leaf).
	 */
	static String shown(String value) {
		if (value == null) {
			return "null";
		}
		return (value.length() <= 64) ? "\"" + value + "\""
				: "\"" + value.substring(0, 64) + "…\" (" + value.length() + " characters)";
	}

	private static AclNode graft(AclNode node, Map<String, List<AclResource>> childrenOf, Set<String> placed) {
		List<AclNode> children = new ArrayList<>();
		for (AclNode child : node.children()) {
			children.add(graft(child, childrenOf, placed));
		}
		for (AclResource resource : childrenOf.getOrDefault(node.id(), List.of())) {
			placed.add(resource.id());
			children.add(graft(new AclNode(resource.id(), resource.title(), List.of()), childrenOf, placed));
		}
		return new AclNode(node.id(), node.title(), children);
	}

	private static AclTree readResourceFile() {
		try (InputStream in = new ClassPathResource(RESOURCE_FILE).getInputStream()) {
			JsonNode document = JsonMapper.shared().readTree(in);
			return new AclTree(toNode(document.get("root")), checkedManagement(toNode(document.get("management"))));
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot read the ACL tree " + RESOURCE_FILE + ": " + ex.getMessage(), ex);
		}
	}

	private static AclNode toNode(JsonNode json) {
		if (json == null || !json.hasNonNull("id") || !json.hasNonNull("title")) {
			throw new IllegalStateException(RESOURCE_FILE + " has a node without an id or a title: " + json);
		}
		List<AclNode> children = new ArrayList<>();
		JsonNode list = json.get("children");
		if (list != null) {
			for (JsonNode child : list) {
				children.add(toNode(child));
			}
		}
		return new AclNode(json.get("id").asString(), json.get("title").asString(), children);
	}

}
