/**
 * Taking over a Magento 2.3/2.4 deployment's integrations (issue 18): reads Magento's
 * {@code integration}, {@code oauth_consumer}, {@code oauth_token}, {@code authorization_role} and
 * {@code authorization_rule} tables from a {@code mysqldump} file or a live MySQL/MariaDB connection,
 * decrypts their secrets with the keys of {@code app/etc/env.php}, and registers every integration
 * with the same consumer key, consumer secret, token and token secret, in one audited transaction.
 * Runs as the jar's {@code import-magento} command.
 *
 * <p>Rules: depends on {@code integration}, {@code oauth}, {@code acl} and {@code audit} through their
 * public APIs only ({@code IntegrationService.adopt}, {@code ConsumerService.adopt/export},
 * {@code AclTree}, {@code Actor}); only {@code admin} depends on this one (its Import from Magento page
 * calls {@code MagentoImport.run}). Nothing here logs or prints a secret.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = { "integration", "oauth", "acl", "audit" })
package dev.keyway.migration;
