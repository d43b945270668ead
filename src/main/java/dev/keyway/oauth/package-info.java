/**
 * The OAuth 1.0a provider (RFC 5849): request parsing, base strings, signatures, timestamps and nonces, the token
 * endpoints, consumers and tokens, verification of signed Web API calls, Bearer access tokens, the master key
 * ring and secrets at rest; the one rule for a database that cannot be reached, the one way to read a form
 * body, the one way a refusal tells what is wrong with a configured file ({@link dev.keyway.oauth.ConfiguredFile})
 * and the one way an error message shows a value from outside ({@link dev.keyway.oauth.EchoedValue}). Knows no other Keyway module.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {  })
package dev.keyway.oauth;
