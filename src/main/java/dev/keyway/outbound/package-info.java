/**
 * Outbound calls (issue 11.2): which addresses Keyway may connect to when it calls a URL someone
 * typed in (a third party's callback URL today; webhooks or a gateway later). Public addresses
 * only, unless the operator lists networks or host names in a start-up property; the host is
 * resolved once and the connection pinned to the checked addresses. Depends on no other Keyway
 * module.
 *
 * <p>Public API: {@link dev.keyway.outbound.OutboundPolicy}, {@link dev.keyway.outbound.PinnedDnsResolver}
 * (for Apache HttpClient), {@link dev.keyway.outbound.OutboundRefusedException} and
 * {@link dev.keyway.outbound.AddressRange} (CIDR blocks, also read by the IP allow-lists of issue 17.1).
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {})
package dev.keyway.outbound;
