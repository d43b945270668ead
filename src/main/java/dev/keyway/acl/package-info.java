/**
 * The ACL resource tree ({@code acl/resources.json}) and integrations' grants. Knows no other Keyway module.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {  })
package dev.keyway.acl;
