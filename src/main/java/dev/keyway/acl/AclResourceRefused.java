package dev.keyway.acl;

/**
 * An operator's ACL resource ({@link AclExtension}) the tree refuses at start-up: the message names the
 * resource's origin (file and entry) and the broken rule, so that the start-up report can show it as a
 * sentence instead of a stack trace.
 */
public final class AclResourceRefused extends IllegalStateException {

	private static final long serialVersionUID = 1L;

	AclResourceRefused(AclResource resource, String rule) {
		super(resource.origin() + ": " + rule);
	}

}
