/**
 * The audit log: who, when, from where, before and after. Knows no other Keyway module.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {  })
package dev.keyway.audit;
