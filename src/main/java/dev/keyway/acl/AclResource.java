package dev.keyway.acl;

/**
 * A resource an operator adds to the ACL tree at start-up (issue 15.1): id, title and the parent it
 * hangs under ({@code Magento_Backend::admin} for a top-level node of the Custom tree).
 * @param origin where it was declared (file and entry), named in every refusal
 */
public record AclResource(String id, String title, String parent, String origin) {
}
